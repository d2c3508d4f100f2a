"""The client record and a contact note's panels are composed at the top (pages.record,
pages.visit, issue #25): every app's panel in the order the registries gave them before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AssignmentRole, Status, StatusChange
from pages import record
from tests.factories import (
    AdministrationFactory,
    AssignmentFactory,
    ConsentReleaseFactory,
    EpisodeFactory,
    KeyEventFactory,
    RelatedPersonFactory,
    SafetyFlagFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

# The order the registries' integers gave (status 10 ... who opened 95).
RECORD_PANELS = [
    "clients:status_panel",
    "careplans:client_panel",
    "careplans:plan_panel",
    "clients:care_team_panel",
    "clients:people_panel",
    "clients:consent_panel",
    "referrals:referral_panel",
    "clients:events_panel",
    "clients:documents_panel",
    "exports:client_panel",
    "security:client_audit_panel",
]


def test_the_record_shows_every_apps_panel_in_the_lists_order(client, case_manager, client_a):
    assert [p.url_name for p in record.PANELS] == RECORD_PANELS
    client.force_login(case_manager)
    body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert re.findall(r'data-panel="([^"]+)"', body) == RECORD_PANELS
    opens = AuditEvent.objects.filter(action="clients.client.view", client_id=client_a.pk)
    assert opens.count() == 1


def test_the_header_badges_come_in_the_lists_order():
    assert [b.template for b in record.BADGES] == [
        "careplans/_header_flags.html",
        "clients/_transfer_flag.html",
    ]


def test_a_note_loads_every_apps_panel_in_one_request(
    client, case_manager, client_a, django_assert_max_num_queries
):
    visit = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    client.force_login(case_manager)
    page = client.get(reverse("clients:visit_detail", args=[client_a.pk, visit.pk]))
    panels = reverse("clients:visit_panels", args=[client_a.pk, visit.pk])
    assert f'hx-get="{panels}"' in page.content.decode()
    # session, user, client (scoped), memberships, visit, addenda; the review: returns,
    # whether it needs a co-signature; the goals: the plan in force, goals addressed.
    with django_assert_max_num_queries(10):
        body = client.get(panels).content.decode()
    review = body.index("Supervisor's review")
    goals = body.index("Care-plan goals addressed")
    assert review < goals
    assert body.count('<div class="card card-body mb-3">') == 2


def test_the_open_safety_flags_are_read_once_for_the_header_and_the_card(
    client, case_manager, client_a
):
    flag = SafetyFlagFactory(
        administration=AdministrationFactory(client=client_a, author=case_manager)
    )
    client.force_login(case_manager)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    # The header's badge (to acknowledge it) and the assessments card both show it.
    assert reverse("careplans:flag_acknowledge", args=[client_a.pk, flag.pk]) in body
    assert body.count('class="safety-flags') == 1
    reads = [q for q in queries if 'FROM "careplans_safetyflag"' in q["sql"]]
    assert len(reads) == 1


def test_the_current_staff_are_read_once_for_the_status_and_care_team_cards(
    client, case_manager, supervisor, client_a
):
    AssignmentFactory(client=client_a, staff=case_manager, role=AssignmentRole.PRIMARY)
    AssignmentFactory(client=client_a, staff=supervisor, role=AssignmentRole.SECONDARY)
    client.force_login(case_manager)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    status = body.index('data-panel="clients:status_panel"')
    care_team = body.index('data-panel="clients:care_team_panel"')
    people = body.index('data-panel="clients:people_panel"')
    # Both cards name both people (the status card first, the care team after it).
    for card in (body[status:care_team], body[care_team:people]):
        assert case_manager.full_name in card and supervisor.full_name in card
    reads = [q for q in queries if q["sql"].startswith('SELECT "clients_assignment"."id"')]
    assert len(reads) == 1


def _card(body: str, panel: str, following: str) -> str:
    return body[body.index(f'data-panel="{panel}"') : body.index(f'data-panel="{following}"')]


def _reads(queries, table: str) -> int:
    return sum(q["sql"].startswith(f'SELECT "{table}"."id"') for q in queries)


def _status_history(client_obj, staff, days: list[int]) -> None:
    """Status changes `days` ago, recorded newest first within a day, against their ids'
    order (the timeline breaks a day's ties by id, the status card by recording time)."""
    episode = EpisodeFactory(client=client_obj)
    today = timezone.localdate()
    for n, ago in enumerate(days):
        change = StatusChange.objects.create(
            client=client_obj, episode=episode, to_status=Status.ACTIVE,
            effective_on=today - timedelta(days=ago), reason=f"change {n}", changed_by=staff,
        )  # fmt: skip
        StatusChange.objects.filter(pk=change.pk).update(
            recorded_at=timezone.now() - timedelta(minutes=n)
        )


@pytest.mark.parametrize(
    ("days", "status_reads"),
    [
        # Four a day over eight days: the timeline's 21 rows hold every row of the card's
        # days, so the card takes its five from them.
        ([n // 4 for n in range(32)], 1),
        # A few: the timeline read them all.
        ([0, 0, 1], 1),
        # All on one day: the timeline's 21 by id are not the card's five by recording
        # time, so the card reads its own.
        ([0] * 30, 2),
    ],
)
def test_the_timelines_events_and_status_changes_serve_their_cards(
    client, case_manager, client_a, days, status_reads
):
    AssignmentFactory(client=client_a, staff=case_manager, role=AssignmentRole.PRIMARY)
    for n in range(len(days)):
        KeyEventFactory(
            client=client_a, started_on=timezone.localdate() - timedelta(days=n // 3), ended_on=None
        )
    _status_history(client_a, case_manager, days)
    client.force_login(case_manager)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert _reads(queries, "clients_keyevent") == 1
    assert _reads(queries, "clients_statuschange") == status_reads
    # Each card is the one its own URL serves, which reads its rows itself.
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    for panel, following in (
        ("clients:status_panel", "careplans:client_panel"),
        ("clients:events_panel", "clients:documents_panel"),
    ):
        alone = client.get(reverse(panel, kwargs={"client_id": client_a.pk}))
        fragment = token.sub("", alone.content.decode().strip())
        assert fragment in token.sub("", _card(body, panel, following)), panel
    status = _card(body, "clients:status_panel", "careplans:client_panel")
    shown = [int(n) for n in re.findall(r"change (\d+)", status)]
    # The latest five by day, then by recording time (here the reverse of the ids' order).
    assert shown == sorted(range(len(days)), key=lambda n: (days[n], n))[:5]


def test_the_active_people_are_read_once_for_the_people_and_consent_cards(
    client, case_manager, client_a
):
    AssignmentFactory(client=client_a, staff=case_manager, role=AssignmentRole.PRIMARY)
    people = [RelatedPersonFactory(client=client_a) for _ in range(7)]
    RelatedPersonFactory(client=client_a, is_active=False, full_name="Long Gone")
    ConsentReleaseFactory(client=client_a, related_person=people[0])
    client.force_login(case_manager)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:detail", args=[client_a.pk])).content.decode()
    assert _reads(queries, "clients_relatedperson") == 1
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    for panel, following in (
        ("clients:people_panel", "clients:consent_panel"),
        ("clients:consent_panel", "referrals:referral_panel"),
    ):
        alone = client.get(reverse(panel, kwargs={"client_id": client_a.pk}))
        fragment = token.sub("", alone.content.decode().strip())
        assert fragment in token.sub("", _card(body, panel, following)), panel
    assert "Long Gone" not in body
