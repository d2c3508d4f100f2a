"""The client record and a contact note's panels are composed at the top (pages.record,
pages.visit, issue #25): every app's panel in the order the registries gave them before."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import AssignmentRole
from pages import record
from tests.factories import (
    AdministrationFactory,
    AssignmentFactory,
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
