"""The demo history: every client believable, all of it fast, idempotent and deterministic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from casework.models import Membership, Role
from clients.models import (
    STAY_KINDS,
    Assignment,
    AssignmentRole,
    Client,
    Episode,
    EventKind,
    KeyEvent,
    Mode,
    NoteAddendum,
    NoteFormat,
    Place,
    RelatedPerson,
    Status,
    Visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):
    return demo


def test_it_is_fast_and_makes_a_long_history(demo_snapshot, seeded):
    # The suite's one seed_demo (tests/conftest.py), measured in CPU seconds of this process
    # and its database backend: under parallel load the wall clock counts the neighbours too.
    # That a fresh seed agrees with it and a second run is as fast and adds nothing:
    # tests/casework/test_seed_demo.py.
    assert demo_snapshot.seconds < 20, f"seed_demo took {demo_snapshot.seconds:.1f}s"
    assert Visit.objects.count() > 1500


def test_every_client_has_a_lifecycle_and_a_program(seeded):
    assert not Client.objects.filter(program__isnull=True).exists()
    assert not Client.objects.filter(status_since__isnull=True).exists()
    for client in Client.objects.annotate(
        episodes_n=Count("episodes", distinct=True),
        changes_n=Count("status_changes", distinct=True),
        enrolments_n=Count("enrolments", distinct=True),
    ):
        assert (client.episodes_n, client.enrolments_n) == (1, 1), client.record_number
        assert client.changes_n >= 1
        assert client.program_id == client.team.program_id
    statuses = dict(Client.objects.values_list("status").annotate(n=Count("id")))
    assert statuses[Status.ACTIVE] > 100
    assert statuses[Status.REFERRED] and statuses[Status.ON_HOLD] and statuses[Status.DISCHARGED]


def test_discharged_clients_have_a_closed_episode_and_no_current_staff(seeded):
    discharged = Client.objects.filter(status=Status.DISCHARGED)
    assert discharged.exists()
    assert not Episode.objects.filter(client__in=discharged, closed_on__isnull=True).exists()
    assert not Assignment.objects.filter(client__in=discharged, ended_on__isnull=True).exists()
    assert not discharged.filter(next_contact_due__isnull=False).exists()


def test_every_open_client_has_one_primary_case_manager_of_their_team(seeded):
    for client in Client.objects.exclude(status=Status.DISCHARGED):
        primary = Assignment.objects.get(
            client=client, role=AssignmentRole.PRIMARY, ended_on__isnull=True
        )
        assert Membership.objects.filter(
            user=primary.staff, team=client.team, role=Role.CASE_MANAGER
        ).exists()
    assert Assignment.objects.filter(role=AssignmentRole.SECONDARY).count() > 10
    assert Assignment.objects.filter(role=AssignmentRole.PRIMARY, ended_on__isnull=False).exists()


def test_visits_cover_every_mode_place_and_note_format(seeded):
    assert set(Visit.objects.values_list("mode", flat=True)) == set(Mode.values)
    assert set(Visit.objects.values_list("place", flat=True)) == set(Place.values)
    formats = set(Visit.objects.values_list("note_format", flat=True))
    assert formats >= {NoteFormat.DAP, NoteFormat.SOAP, NoteFormat.BIRP, NoteFormat.NARRATIVE}
    assert Visit.objects.filter(is_crisis=True).exists()
    assert not Visit.objects.filter(mode=Mode.ATTEMPTED, next_contact_due__isnull=False).exists()


def test_intensive_programs_are_seen_about_weekly_standard_less_often(seeded):
    def per_client(kind):
        clients = Client.objects.filter(program__kind=kind, status=Status.ACTIVE)
        return Visit.objects.filter(client__in=clients).count() / clients.count()

    assert per_client("fsp") > 2 * per_client("standard")


def test_notes_are_signed_with_a_few_late_entries_addenda_drafts_and_overdue(seeded):
    now = timezone.now()
    signed = Visit.objects.filter(signed_at__isnull=False)
    assert signed.count() > 0.95 * Visit.objects.count()
    late = signed.filter(is_late_entry=True).count()
    assert 0 < late < 0.1 * signed.count()
    assert NoteAddendum.objects.exists()
    assert Visit.objects.filter(cosigned_at__isnull=False).exists()
    recent_drafts = Visit.objects.filter(signed_at__isnull=True, sign_due_at__gte=now)
    overdue_drafts = Visit.objects.filter(signed_at__isnull=True, sign_due_at__lt=now)
    assert recent_drafts.exists() and overdue_drafts.exists()
    for visit in signed.filter(mode=Mode.FACE_TO_FACE)[:200]:
        assert all(text.strip() for _k, _l, _p, text in visit.sections)
        assert visit.signed_at <= now and visit.signed_at >= visit.contact_at


def test_key_events_include_stays_with_discharges_jail_and_housing(seeded):
    kinds = set(KeyEvent.objects.values_list("kind", flat=True))
    assert {EventKind.HOSPITAL, EventKind.JAIL, EventKind.HOUSING} <= kinds
    stays = KeyEvent.objects.filter(kind__in=STAY_KINDS)
    assert (
        stays.filter(ended_on__isnull=False).count() > stays.filter(ended_on__isnull=True).count()
    )
    assert not KeyEvent.objects.filter(~Q(kind__in=STAY_KINDS), ended_on__isnull=False).exists()


def test_many_clients_have_people_in_their_life(seeded):
    with_people = Client.objects.filter(related_people__isnull=False).distinct().count()
    assert with_people > 75
    assert RelatedPerson.objects.filter(is_emergency_contact=True).exists()


def test_contact_dates_are_set_and_some_clients_are_overdue(seeded):
    today = timezone.localdate()
    open_clients = Client.objects.exclude(status=Status.DISCHARGED)
    assert not open_clients.filter(next_contact_due__isnull=True).exists()
    overdue = open_clients.filter(status=Status.ACTIVE, next_contact_due__lt=today).count()
    active = open_clients.filter(status=Status.ACTIVE).count()
    assert 0 < overdue < active / 3
    recent = open_clients.filter(last_contact_on__gte=today - timedelta(days=7)).count()
    assert recent > active / 2
