"""One-off notices: Reminder rows no rule derives, which the sweep leaves alone."""

from __future__ import annotations

import pytest

from casework import reminders
from casework.models import Reminder, ReminderState
from casework.notifications.services import Notice, notices_send

pytestmark = pytest.mark.django_db

KIND = "tests.notice"


@pytest.fixture(autouse=True)
def _registered():
    reminders.register_notice(kind=KIND, label="Something happened")
    yield
    reminders._notice_labels.pop(KIND, None)


def _notice(recipient_id: int, object_id: int = 1) -> Notice:
    return Notice(
        kind=KIND,
        recipient_id=recipient_id,
        object_type="clients.assignment",
        object_id=object_id,
        subject="Amara (A-1)",
        title="A client was handed to you",
        url="/clients/1/",
    )


def test_it_puts_a_notice_in_each_recipients_list_once(case_manager, supervisor):
    notices_send([_notice(case_manager.pk), _notice(supervisor.pk), _notice(case_manager.pk)])
    notices_send([_notice(case_manager.pk)])  # a retry adds nothing
    rows = Reminder.objects.filter(kind=KIND)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
        [case_manager.pk, supervisor.pk]
    )
    assert reminders.label_for(KIND) == "Something happened"


def test_the_sweep_leaves_notices_open(case_manager):
    notices_send([_notice(case_manager.pk)])
    reminders.sweep()
    assert Reminder.objects.get(kind=KIND).state == ReminderState.OPEN


def test_an_unregistered_kind_is_refused(case_manager):
    with pytest.raises(ValueError):
        notices_send([Notice(**{**_notice(case_manager.pk).__dict__, "kind": "tests.unknown"})])
    assert not Reminder.objects.exists()


def test_a_rules_kind_cannot_be_a_notice():
    rule_kind = reminders.rules()[0].kind
    with pytest.raises(ValueError):
        reminders.register_notice(kind=rule_kind, label="clash")
