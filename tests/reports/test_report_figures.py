"""Each report's numbers against the hand-worked world in conftest.py, and each count
against the list it summarises (computed the other way round, from the list's rows)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

import pytest

from reports.registry import REPORTS
from reports.scope import scope_get
from tests.reports.conftest import PERIOD, d

pytestmark = pytest.mark.django_db


def build(slug, viewer, team, period=PERIOD):
    scope, _ = scope_get(viewer, f"team-{team.pk}")
    return REPORTS[slug].build(viewer=viewer, scope=scope, period=period)


def test_contacts_per_month_count_completed_and_attempted_apart(world, supervisor, team_a):
    report = build("contacts", supervisor, team_a)
    # March: completed Ada 2 Mar, Ben 31 Mar 23:30 (local) = 2; attempted Ada 15 Mar, Cy 20 Mar
    # = 2; Cy's retracted note does not count; clients Ada, Ben, Cy = 3. April: Ada 3 Apr and
    # Ben 30 Apr 23:59 = 2 completed, none attempted, 2 clients. Ben 1 May 00:10 and 28 Feb
    # fall outside; Boris is team B's.
    assert report.table("Contacts by month").rows == [
        ["Mar 2026", 2, 2, 3],
        ["Apr 2026", 2, 0, 2],
    ]
    assert report.table("Contacts by month").total == ["Whole period", 4, 2, 3]
    assert report.table("Contacts per client").rows == [
        # client, record, Mar completed, Mar attempted, Apr completed, Apr attempted, totals
        ["Ada Alpha", "A-10", 1, 1, 1, 0, 2, 1],
        ["Ben Beta", "A-11", 1, 0, 1, 0, 2, 0],
        ["Cy Gamma", "A-12", 0, 1, 0, 0, 0, 1],
    ]


def test_contacts_by_month_agree_with_the_per_client_list(world, supervisor, team_a):
    report = build("contacts", supervisor, team_a)
    per_client = report.table("Contacts per client")
    for m, row in enumerate(report.table("Contacts by month").rows):
        completed = [r[2 + 2 * m] for r in per_client.rows]
        attempted = [r[3 + 2 * m] for r in per_client.rows]
        assert row[1] == sum(completed)
        assert row[2] == sum(attempted)
        assert row[3] == sum(1 for c, a in zip(completed, attempted, strict=True) if c or a)
    total = report.table("Contacts by month").total
    assert total[1:] == [
        sum(r[-2] for r in per_client.rows),
        sum(r[-1] for r in per_client.rows),
        len(per_client.rows),
    ]


def test_one_day_periods_include_the_last_evening_and_not_the_next_morning(
    world, supervisor, team_a
):
    from reports.period import Period

    # 31 March local: Ben's 23:30 contact (already 1 April in UTC) is the only one.
    report = build("contacts", supervisor, team_a, Period(d(3, 31), d(3, 31)))
    assert report.table("Contacts by month").total == ["Whole period", 1, 0, 1]
    # 1 April local holds nothing: the 23:30 contact belongs to 31 March.
    report = build("contacts", supervisor, team_a, Period(d(4, 1), d(4, 1)))
    assert report.table("Contacts by month").total == ["Whole period", 0, 0, 0]
    # 1 May: Ben's 00:10 contact.
    report = build("contacts", supervisor, team_a, Period(d(5, 1), d(5, 1)))
    assert report.table("Contacts by month").total == ["Whole period", 1, 0, 1]


def test_minutes_split_a_contact_evenly_among_its_services(world, supervisor, team_a):
    report = build("minutes", supervisor, team_a)
    table = report.table("Minutes by service and place")
    # Completed contacts only: Ada home 60 [housing]; Ada remote 30 [housing, benefits] -> 15
    # each; Ben office 45 [medication]; Ben home 20 with no service. Places in the Place
    # order: Home, Office, Remote.
    assert table.headers == ["Service", "Home", "Office", "Remote (phone / video)", "Total"]
    assert table.rows == [
        ["Benefits / financial", 0.0, 0.0, 15.0, 15.0],
        ["Housing search", 60.0, 0.0, 15.0, 75.0],
        ["Medication support", 0.0, 45.0, 0.0, 45.0],
        ["No service recorded", 20.0, 0.0, 0.0, 20.0],
    ]
    assert table.total == ["All services", 80, 45, 30, 155]
    assert ("Minutes of service", 155) in report.figures


def test_minutes_agree_with_the_contacts_behind_them(world, supervisor, team_a):
    report = build("minutes", supervisor, team_a)
    table = report.table("Minutes by service and place")
    contacts = report.table("Contacts behind the minutes")
    assert sum(contacts.column("Minutes")) == table.total[-1]
    recomputed: dict[tuple[str, str], float] = defaultdict(float)
    for row in contacts.rows:
        place, services, minutes = row[3], row[4].split(", "), row[5]
        for service in services:
            recomputed[(service, place)] += minutes / len(services)
    for row in table.rows:
        for place, cell in zip(table.headers[1:-1], row[1:-1], strict=True):
            assert cell == pytest.approx(recomputed.get((row[0], place), 0.0), abs=0.05)
        assert row[-1] == pytest.approx(sum(row[1:-1]), abs=0.05)


def test_clients_served_new_and_discharged(world, supervisor, team_a):
    report = build("clients", supervisor, team_a)
    # Served: a completed contact in the period: Ada and Ben (Cy only attempted or retracted).
    # New: Ada's first episode (5 Mar); re-opened: Ben's second (10 Apr); discharged: Cy on
    # 30 Apr (the last day is included). Boris's episode is team B's.
    assert report.table("Clients").rows == [
        ["Clients served", 2],
        ["New clients", 1],
        ["Re-opened", 1],
        ["Discharged", 1],
    ]
    assert report.table("Discharges by reason").rows == [["Moved out of the area", 1]]
    served = report.table("Clients served")
    assert [r[:3] for r in served.rows] == [["Ada Alpha", "A-10", 2], ["Ben Beta", "A-11", 2]]
    assert served.rows[1][3:] == [d(3, 31), d(4, 30)]
    assert report.table("New and re-opened").rows == [
        ["Ada Alpha", "A-10", d(3, 5), 1, "new"],
        ["Ben Beta", "A-11", d(4, 10), 2, "re-opened"],
    ]
    assert report.table("Discharged").rows == [
        ["Cy Gamma", "A-12", d(4, 30), "Moved out of the area"]
    ]


def test_client_counts_agree_with_their_lists(world, supervisor, team_a):
    report = build("clients", supervisor, team_a)
    counts = dict(report.table("Clients").rows)
    assert counts["Clients served"] == len(report.table("Clients served").rows)
    kinds = Counter(r[4] for r in report.table("New and re-opened").rows)
    assert counts["New clients"] == kinds["new"]
    assert counts["Re-opened"] == kinds["re-opened"]
    assert counts["Discharged"] == len(report.table("Discharged").rows)
    by_reason = Counter(r[3] for r in report.table("Discharged").rows)
    assert dict(report.table("Discharges by reason").rows) == dict(by_reason)
    # Served clients are exactly those with completed contacts in the contacts report.
    contacts = build("contacts", supervisor, team_a).table("Contacts per client")
    assert {r[1] for r in report.table("Clients served").rows} == {
        r[1] for r in contacts.rows if r[-2]
    }


def test_key_events_by_kind(world, supervisor, team_a):
    report = build("events", supervisor, team_a)
    rows = {r[0]: r[1:] for r in report.table("Key events by kind").rows}
    # Begun in the period: hospital Ada 1 Mar, Ben 25 Mar (Ben's 10 Mar stay is voided, Cy's
    # began in February); housing Ada; jail Ben; employment Cy 30 Apr; Boris is team B's.
    assert rows["Psychiatric hospitalisation"] == [2, 2]
    assert rows["Jail stay"] == [1, 1]
    assert rows["Housing change"] == [1, 1]
    assert rows["Employment change"] == [1, 1]
    assert rows["Crisis / emergency visit"] == [0, 0]
    assert report.table("Key events by kind").total == ["All events", 5, 3]
    listed = report.table("Events")
    assert [(r[0], r[1], r[3]) for r in listed.rows] == [
        (d(3, 1), "Ada Alpha", "Psychiatric hospitalisation"),
        (d(3, 20), "Ada Alpha", "Housing change"),
        (d(3, 25), "Ben Beta", "Psychiatric hospitalisation"),
        (d(4, 2), "Ben Beta", "Jail stay"),
        (d(4, 30), "Cy Gamma", "Employment change"),
    ]
    by_kind = Counter(r[3] for r in listed.rows)
    for kind, (events, clients) in rows.items():
        assert events == by_kind[kind]
        assert clients == len({r[1] for r in listed.rows if r[3] == kind})


def test_follow_up_after_discharge_rates_and_misses(world, supervisor, team_a):
    report = build("follow-up", supervisor, team_a)
    # Discharges in the period: Cy 3 Mar (no completed contact ever: the 10 Mar note was
    # retracted, 20 Mar was an attempt) -> missed both; Ada 6 Mar (next completed contact
    # 3 Apr, 28 days) -> missed 7, met 30; Ben 31 Mar (contact 31 Mar 23:30 local, same day)
    # -> met both. 7 days: 1 of 3 = 33.3 %; 30 days: 2 of 3 = 66.7 %.
    assert report.table("Follow-up after hospital discharge").rows == [
        ["Within 7 days", 3, 1, 2, 0, 33.3],
        ["Within 30 days", 3, 2, 1, 0, 66.7],
    ]
    assert report.table("Missed follow-ups").rows == [
        ["Cy Gamma", "A-12", d(2, 20), d(3, 3), None, None, "missed", "missed"],
        ["Ada Alpha", "A-10", d(3, 1), d(3, 6), d(4, 3), 28, "missed", "followed up"],
    ]


def test_follow_up_counts_agree_with_the_list_of_discharges(world, supervisor, team_a):
    report = build("follow-up", supervisor, team_a)
    listed = report.table("All discharges").rows
    summary = report.table("Follow-up after hospital discharge").rows
    for row, column in zip(summary, (6, 7), strict=True):
        outcomes = Counter(r[column] for r in listed)
        assert row[1:5] == [
            len(listed),
            outcomes["followed up"],
            outcomes["missed"],
            outcomes["window open"],
        ]
    misses = report.table("Missed follow-ups").rows
    assert misses == [r for r in listed if "missed" in r[6:]]


def test_a_recent_discharge_is_open_until_its_window_closes(supervisor, team_a):
    from django.utils import timezone

    from clients.models import EventKind
    from reports.period import Period
    from tests.factories import ClientFactory, KeyEventFactory

    today = timezone.localdate()
    dee = ClientFactory(team=team_a)
    KeyEventFactory(client=dee, kind=EventKind.HOSPITAL, started_on=today, ended_on=today)
    report = build("follow-up", supervisor, team_a, Period(today, today))
    # No contact yet and both windows still open: neither met nor missed, no rate.
    assert report.table("Follow-up after hospital discharge").rows == [
        ["Within 7 days", 1, 0, 0, 1, None],
        ["Within 30 days", 1, 0, 0, 1, None],
    ]
    assert report.table("Missed follow-ups").rows == []


def test_referrals_by_category_and_outcome_with_medians(world, supervisor, team_a):
    report = build("referrals", supervisor, team_a)
    table = report.table("Referrals by category and outcome")
    assert table.headers == [
        "Category",
        "Sent",
        "Completed",
        "Declined by the provider",
        "Declined by the client",
        "Did not attend",
        "No response",
        "Cancelled",
        "Still open",
        "Median days to completion",
    ]
    # Sent in the period: housing (Ada 10 days, Ben 4 days: median 7); daily living (Cy
    # completed in 31 days, Ada declined: median 31); no need stated (Cy, still sent).
    # Ben's February referral, Ada's draft and Boris's are left out. Overall median of
    # 4, 10, 31 = 10.
    assert table.rows == [
        ["Daily living skills", 2, 1, 1, 0, 0, 0, 0, 0, 31.0],
        ["Income and housing", 2, 2, 0, 0, 0, 0, 0, 0, 7.0],
        ["Not stated", 1, 0, 0, 0, 0, 0, 0, 1, None],
    ]
    assert table.total == ["All categories", 5, 3, 1, 0, 0, 0, 0, 1, 10.0]


def test_referral_counts_and_medians_agree_with_the_list(world, supervisor, team_a):
    report = build("referrals", supervisor, team_a)
    table = report.table("Referrals by category and outcome")
    listed = report.table("Referrals").rows
    assert table.total[1] == len(listed)
    for row in table.rows:
        mine = [r for r in listed if r[3] == row[0]]
        assert row[1] == len(mine)
        assert row[2] == sum(1 for r in mine if r[5].startswith("Completed"))
        days = [r[7] for r in mine if r[7] is not None]
        assert row[-1] == (statistics.median(days) if days else None)
    assert table.total[-1] == statistics.median(r[7] for r in listed if r[7] is not None)
