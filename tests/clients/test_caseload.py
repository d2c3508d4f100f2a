"""My caseload: who is on it, sorting, filters, the due marker, scope and the query budget."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Role
from clients.models import AssignmentRole, RiskLevel, Status
from clients.selectors.caseload import due_marker
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    MembershipFactory,
    ProgramFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("clients:caseload")


def _mine(team, staff, role=AssignmentRole.PRIMARY, **client_fields):
    client = ClientFactory(team=team, **client_fields)
    AssignmentFactory(client=client, staff=staff, role=role)
    return client


def _names(response) -> list[str]:
    return [c.family_name for c in response.context["page"]]


def _today() -> date:
    return timezone.localdate()


def test_it_lists_the_clients_i_serve_as_primary_or_secondary(client, case_manager, team_a):
    _mine(team_a, case_manager, family_name="Primaria")
    _mine(team_a, case_manager, AssignmentRole.SECONDARY, family_name="Secundo")
    ClientFactory(team=team_a, family_name="Unassigned")
    client.force_login(case_manager)
    assert sorted(_names(client.get(URL))) == ["Primaria", "Secundo"]


def test_it_leaves_out_ended_assignments(client, case_manager, team_a):
    gone = ClientFactory(team=team_a, family_name="Formerly")
    AssignmentFactory(
        client=gone,
        staff=case_manager,
        started_on=_today() - timedelta(days=60),
        ended_on=_today() - timedelta(days=1),
    )
    _mine(team_a, case_manager, family_name="Current")
    client.force_login(case_manager)
    assert _names(client.get(URL)) == ["Current"]


def test_discharged_clients_appear_only_when_asked_for(client, case_manager, team_a):
    _mine(team_a, case_manager, family_name="Open", status=Status.ON_HOLD)
    _mine(team_a, case_manager, family_name="Closed", status=Status.DISCHARGED)
    client.force_login(case_manager)
    assert _names(client.get(URL)) == ["Open"]
    assert _names(client.get(URL, {"status": "discharged"})) == ["Closed"]
    assert sorted(_names(client.get(URL, {"status": "all"}))) == ["Closed", "Open"]


def test_a_supervisor_switches_to_all_clients_of_the_teams_they_supervise(
    client, supervisor, case_manager, team_a, client_b
):
    _mine(team_a, case_manager, family_name="Colleagues")
    ClientFactory(team=team_a, family_name="Nobodys")
    _mine(team_a, supervisor, family_name="Own")
    client.force_login(supervisor)
    assert _names(client.get(URL)) == ["Own"]
    response = client.get(URL, {"scope": "teams", "sort": "name"})
    assert _names(response) == ["Colleagues", "Nobodys", "Own"]
    assert "Teambee" not in response.content.decode()


def test_a_case_manager_asking_for_team_scope_still_gets_their_own_caseload(
    client, case_manager, team_a
):
    _mine(team_a, case_manager, family_name="Own")
    ClientFactory(team=team_a, family_name="Other")
    client.force_login(case_manager)
    response = client.get(URL, {"scope": "teams"})
    assert _names(response) == ["Own"]
    assert "My teams" not in response.content.decode()


def test_another_teams_client_never_shows_even_with_an_assignment(
    client, outsider, case_manager, client_a, team_b
):
    # A stale assignment on a team A client must not open it to team B's user.
    AssignmentFactory(client=client_a, staff=outsider, role=AssignmentRole.SECONDARY)
    client.force_login(outsider)
    response = client.get(URL, {"status": "all", "q": "Amara"})
    assert response.context["page"].paginator.count == 0
    assert "Teamay" not in response.content.decode()


def test_it_sorts_by_due_date_with_undated_clients_last(client, case_manager, team_a):
    today = _today()
    _mine(team_a, case_manager, family_name="Later", next_contact_due=today + timedelta(days=9))
    _mine(team_a, case_manager, family_name="Undated", next_contact_due=None)
    _mine(team_a, case_manager, family_name="Soonest", next_contact_due=today - timedelta(days=3))
    client.force_login(case_manager)
    assert _names(client.get(URL)) == ["Soonest", "Later", "Undated"]


def test_it_sorts_by_name_and_by_last_contact(client, case_manager, team_a):
    today = _today()
    _mine(team_a, case_manager, family_name="Bravo", last_contact_on=today - timedelta(days=1))
    _mine(team_a, case_manager, family_name="Alpha", last_contact_on=today - timedelta(days=20))
    _mine(team_a, case_manager, family_name="Charlie", last_contact_on=None)
    client.force_login(case_manager)
    assert _names(client.get(URL, {"sort": "name"})) == ["Alpha", "Bravo", "Charlie"]
    assert _names(client.get(URL, {"sort": "last"})) == ["Bravo", "Alpha", "Charlie"]


def test_it_filters_by_program_status_and_overdue(client, case_manager, team_a):
    today = _today()
    other = ProgramFactory(agency=team_a.agency, name="Other program")
    _mine(team_a, case_manager, family_name="Late", next_contact_due=today - timedelta(days=1))
    _mine(team_a, case_manager, family_name="Today", next_contact_due=today)
    _mine(team_a, case_manager, family_name="Elsewhere", program=other, status=Status.REFERRED)
    client.force_login(case_manager)
    assert _names(client.get(URL, {"overdue": "1"})) == ["Late"]
    assert _names(client.get(URL, {"program": other.pk})) == ["Elsewhere"]
    assert _names(client.get(URL, {"status": "referred"})) == ["Elsewhere"]
    # Unknown values fall back to the defaults instead of failing.
    response = client.get(URL, {"status": "nonsense", "sort": "x", "program": "abc"})
    assert response.status_code == 200
    assert len(_names(response)) == 3


def test_it_searches_my_caseload_by_name_with_typos_and_by_record_number(
    client, case_manager, team_a
):
    _mine(team_a, case_manager, given_name="Maya", family_name="Kowalski", record_number="BV-1")
    _mine(team_a, case_manager, given_name="Liam", family_name="Osei", record_number="BV-2")
    client.force_login(case_manager)
    assert _names(client.get(URL, {"q": "kowalsky"})) == ["Kowalski"]
    assert _names(client.get(URL, {"q": "bv-2"})) == ["Osei"]


@pytest.mark.parametrize(
    ("offset", "label", "overdue"),
    [
        (-3, "Overdue 3 days", True),
        (-1, "Overdue 1 day", True),
        (0, "Due today", False),
        (1, "Due in 1 day", False),
    ],
)
def test_the_due_marker_counts_days_from_today(offset, label, overdue):
    today = date(2026, 3, 10)
    marker = due_marker(today + timedelta(days=offset), today)
    assert (marker.label, marker.overdue) == (label, overdue)


def test_no_marker_without_a_due_date_or_when_it_is_far_off():
    today = date(2026, 3, 10)
    assert due_marker(None, today) is None
    assert due_marker(today + timedelta(days=10), today) is None


def test_the_page_shows_the_columns_a_case_manager_reads(client, case_manager, team_a):
    today = _today()
    _mine(
        team_a,
        case_manager,
        given_name="Roberta",
        preferred_name="Bobbie",
        family_name="Quintero",
        record_number="BV-777",
        risk_level=RiskLevel.HIGH,
        justice_involved=True,
        homeless=True,
        co_occurring_substance_use=True,
        needs_interpreter=True,
        primary_language="Tagalog",
        date_of_birth=today.replace(year=today.year - 15),
        last_contact_on=today - timedelta(days=10),
        next_contact_due=today - timedelta(days=3),
    )
    _mine(team_a, case_manager, family_name="Duetoday", next_contact_due=today)
    client.force_login(case_manager)
    body = client.get(URL).content.decode()
    for text in (
        "Bobbie Quintero",
        "Legal: Roberta Quintero",
        "BV-777",
        team_a.program.name,
        "Active",
        "High risk",
        "Minor",
        "Justice-involved",
        "Substance use",
        "Homeless",
        "Interpreter: Tagalog",
        "Overdue 3 days",
        "Due today",
        "Casey Manager",
    ):
        assert text in body, text


def test_it_pages_by_25(client, case_manager, team_a):
    for _ in range(27):
        _mine(team_a, case_manager)
    client.force_login(case_manager)
    assert len(client.get(URL).context["page"]) == 25
    assert len(client.get(URL, {"page": 2}).context["page"]) == 2


def test_htmx_gets_only_the_rows_and_a_history_restore_gets_the_page(client, case_manager, team_a):
    _mine(team_a, case_manager, family_name="Fragment")
    client.force_login(case_manager)
    rows = client.get(URL, {"sort": "name"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Fragment" in rows and "<html" not in rows and "<form" not in rows
    restore = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


def test_the_filter_form_works_without_javascript(client, case_manager, team_a):
    client.force_login(case_manager)
    body = client.get(URL).content.decode()
    assert f'<form method="get" action="{URL}"' in body
    assert 'type="submit"' in body


@pytest.mark.parametrize("size", [5, 60])
def test_the_caseload_costs_the_same_queries_at_any_size(
    client, supervisor, team_a, size, django_assert_max_num_queries
):
    for n in range(size):
        role = AssignmentRole.PRIMARY if n % 2 else AssignmentRole.SECONDARY
        c = _mine(team_a, supervisor, role, next_contact_due=_today() - timedelta(days=n % 9))
        if role == AssignmentRole.SECONDARY:
            AssignmentFactory(client=c, role=AssignmentRole.PRIMARY)
    client.force_login(supervisor)
    # session, user, memberships (access policy), count, one page of clients (program and
    # team joined, primary case manager by subquery), programs for the filter, open
    # reminders count (navigation badge), session save in a savepoint pair.
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"scope": "teams"})
    assert len(response.context["page"]) == min(size, 25)


def test_the_navigation_offers_my_caseload_to_clinical_writers_only(
    client, case_manager, compliance
):
    client.force_login(case_manager)
    assert "My caseload" in client.get(reverse("dashboard")).content.decode()
    client.force_login(compliance)
    assert "My caseload" not in client.get(reverse("dashboard")).content.decode()


def test_the_dashboard_panel_counts_overdue_clients_and_lists_the_next_due(
    client, case_manager, team_a
):
    today = _today()
    _mine(
        team_a, case_manager, family_name="Overdueone", next_contact_due=today - timedelta(days=2)
    )
    _mine(
        team_a, case_manager, family_name="Overduetwo", next_contact_due=today - timedelta(days=1)
    )
    _mine(team_a, case_manager, family_name="Upcoming", next_contact_due=today + timedelta(days=1))
    ClientFactory(team=team_a, family_name="Notmine", next_contact_due=today - timedelta(days=9))
    client.force_login(case_manager)
    body = client.get(reverse("dashboard")).content.decode()
    assert "2 clients overdue for contact" in body
    assert body.index("Overdueone") < body.index("Overduetwo") < body.index("Upcoming")
    assert "Notmine" not in body
    assert f"{URL}?overdue=1" in body


def test_a_second_team_membership_does_not_widen_a_case_managers_caseload(
    client, case_manager, agency
):
    other_team = TeamFactory(agency=agency)
    MembershipFactory(user=case_manager, team=other_team, role=Role.CASE_MANAGER)
    ClientFactory(team=other_team, family_name="Colleague")
    _mine(other_team, case_manager, family_name="Mine")
    client.force_login(case_manager)
    assert _names(client.get(URL)) == ["Mine"]


def test_the_program_filter_falls_back_to_the_teams_program(client, case_manager, team_a):
    _mine(team_a, case_manager, family_name="Teamprogram", program=None)
    client.force_login(case_manager)
    response = client.get(URL, {"program": team_a.program_id})
    assert _names(response) == ["Teamprogram"]
    assert team_a.program.name in response.content.decode()


@pytest.mark.parametrize("size", [5, 60])
def test_searching_the_caseload_adds_one_query_at_any_size(
    client, case_manager, team_a, size, django_assert_max_num_queries
):
    for n in range(size):
        _mine(team_a, case_manager, given_name="Maya", family_name=f"Reyes{n}")
    client.force_login(case_manager)
    # As above, plus the record-number lookup of a one-word search.
    with django_assert_max_num_queries(11):
        response = client.get(URL, {"q": "reyes"}, HTTP_HX_REQUEST="true")
    assert response.context["page"].paginator.count == size
