"""Changes to the record ask for a reminder sweep once they commit, so a logged visit clears
the check-in reminder within moments instead of at the next hourly sweep. (Tests run Celery
eagerly: the requested sweep runs at commit.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from casework import reminders, tasks
from casework.models import Reminder, ReminderState
from clients.models import Client, EventKind, Mode, NoteFormat, Place
from clients.reminders import CHECKIN, DISCHARGE_FOLLOW_UP
from clients.services.events import EventInput, key_event_record
from clients.services.visits import VisitInput, visit_create
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_pending_sweep_request():
    """The request key lives in Redis for a few seconds; start and end without it."""
    r = redis.Redis.from_url(settings.REDIS_URL)
    r.delete(tasks._SWEEP_SOON_KEY)
    yield
    r.delete(tasks._SWEEP_SOON_KEY)


def _open(kind):
    return Reminder.objects.filter(kind=kind, state=ReminderState.OPEN)


def test_logging_a_visit_resolves_the_check_in_reminder_at_commit(
    client_a, case_manager, django_capture_on_commit_callbacks
):
    AssignmentFactory(client=client_a, staff=case_manager)
    Client.objects.filter(pk=client_a.pk).update(next_contact_due=timezone.localdate())
    reminders.sweep()
    assert _open(CHECKIN).count() == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        visit_create(
            client=client_a,
            author=case_manager,
            data=VisitInput(
                contact_at=timezone.now() - timedelta(hours=1),
                duration_minutes=30,
                mode=Mode.FACE_TO_FACE,
                place=Place.HOME,
                services=["adl"],
                note_format=NoteFormat.NARRATIVE,
                note={"narrative": "Checked in at home."},
            ),
        )
    assert len(callbacks) >= 1
    assert _open(CHECKIN).count() == 0


def test_recording_a_hospital_discharge_raises_the_follow_up_at_commit(
    client_a, case_manager, django_capture_on_commit_callbacks
):
    AssignmentFactory(client=client_a, staff=case_manager)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        key_event_record(
            client_id=client_a.pk,
            data=EventInput(
                kind=EventKind.HOSPITAL,
                started_on=today - timedelta(days=6),
                ended_on=today - timedelta(days=1),
            ),
            recorded_by=case_manager,
        )
    assert list(_open(DISCHARGE_FOLLOW_UP).values_list("recipient", flat=True)) == [case_manager.pk]
