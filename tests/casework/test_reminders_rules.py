"""Each reminder kind at its edges: who gets it, from when, and when it stops."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import reminders
from casework.models import Reminder, ReminderState
from clients.models import Client, EventKind, Mode, Status
from clients.reminders import CHECKIN, DISCHARGE_FOLLOW_UP, UNSIGNED_NOTE
from clients.services.contact_dates import contact_dates_refresh
from tests.factories import (
    AssignmentFactory,
    EpisodeFactory,
    KeyEventFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _due(client, days_from_today: int) -> None:
    Client.objects.filter(pk=client.pk).update(
        next_contact_due=_today() + timedelta(days=days_from_today)
    )


def _live(kind, **filters):
    return list(Reminder.objects.filter(kind=kind, state=ReminderState.OPEN, **filters))


@pytest.fixture
def primary(client_a, case_manager):
    return AssignmentFactory(client=client_a, staff=case_manager)


# --- Check-in due and overdue ---------------------------------------------------------------


def test_a_check_in_due_today_reminds_the_primary_case_manager(client_a, case_manager, primary):
    _due(client_a, 0)
    reminders.sweep()
    [reminder] = _live(CHECKIN)
    assert reminder.recipient == case_manager
    assert reminder.due_on == _today()
    assert reminder.object_type == "clients.client" and reminder.object_id == client_a.pk
    assert reminder.client_id == client_a.pk and reminder.team_id == client_a.team_id
    assert reminder.subject == "Amara (A-1)"
    assert reminder.url == f"/clients/{client_a.pk}/"


def test_a_check_in_shows_from_the_notice_period_but_not_a_day_before(settings, client_a, primary):
    settings.REMINDER_CHECKIN_NOTICE_DAYS = 1
    _due(client_a, 2)
    reminders.sweep()
    assert _live(CHECKIN) == []
    _due(client_a, 1)  # due tomorrow: within a one-day notice
    reminders.sweep()
    assert len(_live(CHECKIN)) == 1


def test_the_title_uses_the_preferred_name_and_nothing_clinical(client_a, primary):
    Client.objects.filter(pk=client_a.pk).update(preferred_name="Mara")
    _due(client_a, -3)
    reminders.sweep()
    [reminder] = _live(CHECKIN)
    assert reminder.subject == "Mara (A-1)"
    assert "Teamay" not in reminder.subject + reminder.title


def test_an_attempted_contact_does_not_clear_a_check_in(client_a, case_manager, primary):
    EpisodeFactory(client=client_a, opened_on=_today() - timedelta(days=60))
    VisitFactory(client=client_a, author=case_manager, mode=Mode.ATTEMPTED)
    contact_dates_refresh(client_ids=[client_a.pk])
    reminders.sweep()
    assert len(_live(CHECKIN)) == 1


def test_a_completed_contact_resolves_the_check_in(client_a, case_manager, primary):
    EpisodeFactory(client=client_a, opened_on=_today() - timedelta(days=60))
    contact_dates_refresh(client_ids=[client_a.pk])
    reminders.sweep()
    [before] = _live(CHECKIN)

    VisitFactory(client=client_a, author=case_manager, mode=Mode.PHONE)
    contact_dates_refresh(client_ids=[client_a.pk])
    reminders.sweep()

    before.refresh_from_db()
    assert before.state == ReminderState.RESOLVED and before.resolved_at is not None
    assert _live(CHECKIN) == []  # the next one is a week away, beyond the notice period


@pytest.mark.parametrize("status", [Status.DISCHARGED, Status.ON_HOLD, Status.REFERRED])
def test_only_active_clients_are_due_check_ins(client_a, primary, status):
    _due(client_a, -5)
    Client.objects.filter(pk=client_a.pk).update(status=status)
    reminders.sweep()
    assert _live(CHECKIN) == []


def test_a_transferred_client_reminds_the_new_case_manager_and_resolves_the_old(
    client_a, case_manager, primary
):
    _due(client_a, -1)
    reminders.sweep()
    [old] = _live(CHECKIN)

    newcomer = UserFactory(full_name="Nina Newcomer")
    primary.ended_on = _today()
    primary.save(update_fields=["ended_on"])
    AssignmentFactory(client=client_a, staff=newcomer, started_on=_today())
    reminders.sweep()

    old.refresh_from_db()
    assert old.recipient == case_manager and old.state == ReminderState.RESOLVED
    [new] = _live(CHECKIN)
    assert new.recipient == newcomer


def test_a_client_without_a_primary_case_manager_reminds_the_team_supervisors(
    client_a, supervisor, case_manager
):
    _due(client_a, 0)
    reminders.sweep()
    assert [r.recipient for r in _live(CHECKIN)] == [supervisor]


def test_a_secondary_assignment_does_not_receive_the_check_in(client_a, case_manager, primary):
    AssignmentFactory(client=client_a, staff=UserFactory(), role="secondary")
    _due(client_a, 0)
    reminders.sweep()
    assert [r.recipient for r in _live(CHECKIN)] == [case_manager]


# --- Follow-up within 7 days of a hospital discharge ----------------------------------------


def _discharge(client, *, days_ago: int, **kwargs):
    return KeyEventFactory(
        client=client,
        kind=kwargs.pop("kind", EventKind.HOSPITAL),
        started_on=_today() - timedelta(days=days_ago + 5),
        ended_on=_today() - timedelta(days=days_ago),
        **kwargs,
    )


def test_a_hospital_discharge_asks_for_a_contact_within_seven_days(client_a, case_manager, primary):
    event = _discharge(client_a, days_ago=0)
    reminders.sweep()
    [reminder] = _live(DISCHARGE_FOLLOW_UP)
    assert reminder.recipient == case_manager
    assert reminder.object_type == "clients.keyevent" and reminder.object_id == event.pk
    assert reminder.due_on == _today() + timedelta(days=7)
    assert "hospital" not in reminder.title.lower()


def test_a_completed_contact_on_the_discharge_day_or_later_resolves_it(
    client_a, case_manager, primary
):
    _discharge(client_a, days_ago=3)
    reminders.sweep()
    [reminder] = _live(DISCHARGE_FOLLOW_UP)
    VisitFactory(
        client=client_a, author=case_manager, contact_at=timezone.now() - timedelta(days=3)
    )
    reminders.sweep()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.RESOLVED


def test_a_contact_before_the_discharge_or_an_attempt_after_it_does_not_count(
    client_a, case_manager, primary
):
    _discharge(client_a, days_ago=2)
    VisitFactory(
        client=client_a, author=case_manager, contact_at=timezone.now() - timedelta(days=4)
    )
    VisitFactory(client=client_a, author=case_manager, mode=Mode.ATTEMPTED)
    reminders.sweep()
    assert len(_live(DISCHARGE_FOLLOW_UP)) == 1


def test_no_follow_up_while_still_admitted_or_for_other_stays(client_a, case_manager, primary):
    _discharge(client_a, days_ago=1, kind=EventKind.JAIL)
    _discharge(client_a, days_ago=1, kind=EventKind.MEDICAL_HOSPITAL)
    KeyEventFactory(client=client_a, started_on=_today() - timedelta(days=2), ended_on=None)
    reminders.sweep()
    assert _live(DISCHARGE_FOLLOW_UP) == []


def test_a_voided_event_or_a_discharged_client_needs_no_follow_up(client_a, primary):
    event = _discharge(client_a, days_ago=1)
    event.voided_at = timezone.now()
    event.save(update_fields=["voided_at"])
    reminders.sweep()
    assert _live(DISCHARGE_FOLLOW_UP) == []

    _discharge(client_a, days_ago=1)
    Client.objects.filter(pk=client_a.pk).update(status=Status.DISCHARGED)
    reminders.sweep()
    assert _live(DISCHARGE_FOLLOW_UP) == []


def test_discharges_older_than_the_look_back_are_left_alone(settings, client_a, primary):
    settings.REMINDER_DISCHARGE_LOOKBACK_DAYS = 30
    _discharge(client_a, days_ago=31)
    reminders.sweep()
    assert _live(DISCHARGE_FOLLOW_UP) == []
    _discharge(client_a, days_ago=30)
    reminders.sweep()
    assert len(_live(DISCHARGE_FOLLOW_UP)) == 1


# --- Note not signed 72 hours after the contact ---------------------------------------------


def _draft(client, author, *, hours_ago: float, sign_due_in_hours: float = 48):
    now = timezone.now()
    return VisitFactory(
        client=client,
        author=author,
        contact_at=now - timedelta(hours=hours_ago),
        sign_due_at=now + timedelta(hours=sign_due_in_hours),
    )


def test_a_note_unsigned_72_hours_after_the_contact_reminds_its_author(client_a, case_manager):
    author = UserFactory()
    visit = _draft(client_a, author, hours_ago=72)
    _draft(client_a, author, hours_ago=71)
    reminders.sweep()
    [reminder] = _live(UNSIGNED_NOTE)
    assert reminder.recipient == author  # the author signs, whoever is the case manager
    assert reminder.object_type == "clients.visit" and reminder.object_id == visit.pk
    assert reminder.due_on == timezone.localdate(visit.sign_due_at)
    assert str(visit.pk) in reminder.url


def test_a_note_past_its_programs_signing_deadline_reminds_before_72_hours(client_a):
    author = UserFactory()
    _draft(client_a, author, hours_ago=25, sign_due_in_hours=-1)  # a crisis note's 24 hours
    reminders.sweep()
    assert len(_live(UNSIGNED_NOTE)) == 1


def test_the_window_is_a_setting(settings, client_a):
    settings.REMINDER_UNSIGNED_NOTE_HOURS = 24
    _draft(client_a, UserFactory(), hours_ago=24)
    reminders.sweep()
    assert len(_live(UNSIGNED_NOTE)) == 1


def test_signing_the_note_resolves_its_reminder(client_a):
    visit = _draft(client_a, UserFactory(), hours_ago=80)
    reminders.sweep()
    [reminder] = _live(UNSIGNED_NOTE)
    type(visit).objects.filter(pk=visit.pk).update(signed_at=timezone.now())
    reminders.sweep()
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.RESOLVED
