"""The navigation's reminder count is cached per person in Redis (issue 24) and recounted
after every change to reminders made through the services and the sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import reminders
from casework.notifications import badge
from casework.notifications.services import (
    Notice,
    notices_send,
    reminder_mark_done,
    reminder_snooze,
)
from tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("clients:caseload")
KIND = "tests.badge"


def _badge(client) -> tuple[str | None, int]:
    """The badge's number (None when there is none) and the COUNTs of reminders made."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(PAGE).content.decode()
    counts = sum('COUNT(*) AS "__count" FROM "casework_reminder"' in q["sql"] for q in queries)
    marker = 'Reminders <span class="badge rounded-pill text-bg-warning">'
    if marker not in body:
        return None, counts
    return body.split(marker, 1)[1].split("<", 1)[0], counts


def test_the_count_is_made_once_then_read_from_redis(client, case_manager, client_a):
    ReminderFactory.create_batch(2, recipient=case_manager, client_id=client_a.pk)
    client.force_login(case_manager)
    assert _badge(client) == ("2", 1)
    assert _badge(client) == ("2", 0)


def test_marking_a_reminder_done_or_snoozing_it_updates_the_badge(client, case_manager, client_a):
    first, second, _third = ReminderFactory.create_batch(
        3, recipient=case_manager, client_id=client_a.pk
    )
    client.force_login(case_manager)
    assert _badge(client)[0] == "3"
    reminder_mark_done(reminder_id=first.pk, user=case_manager)
    assert _badge(client) == ("2", 1)
    reminder_snooze(
        reminder_id=second.pk, user=case_manager, until=timezone.localdate() + timedelta(days=2)
    )
    assert _badge(client) == ("1", 1)


def test_done_through_the_page_updates_the_badge(client, case_manager, client_a):
    reminder = ReminderFactory(recipient=case_manager, client_id=client_a.pk)
    client.force_login(case_manager)
    assert _badge(client)[0] == "1"
    client.post(reverse("notifications:done", args=[reminder.pk]))
    assert _badge(client) == (None, 1)


@pytest.fixture
def _notice_kind():
    reminders.register_notice(kind=KIND, label="Something happened")
    yield
    reminders._notice_labels.pop(KIND, None)


@pytest.mark.usefixtures("_notice_kind")
def test_a_notice_sent_updates_the_badge(client, case_manager, client_a):
    client.force_login(case_manager)
    assert _badge(client) == (None, 1)
    notices_send([Notice(kind=KIND, recipient_id=case_manager.pk, object_type="x.y",
                         object_id=1, subject="A (A-1)", title="Handed to you", url="/",
                         client_id=client_a.pk)])  # fmt: skip
    assert _badge(client) == ("1", 1)


def test_a_reminder_the_sweep_creates_updates_the_badge(client, case_manager, client_a):
    def one(now):
        yield reminders.Candidate(
            recipient_id=case_manager.pk, object_id=7, due_on=timezone.localdate(now),
            client_id=client_a.pk, team_id=client_a.team_id, subject="A (A-1)",
            title="Due", url="/",
        )  # fmt: skip

    client.force_login(case_manager)
    assert _badge(client) == (None, 1)
    reminders.register(reminders.Rule("tests.badge-rule", "Badge", "x.badge", one))
    try:
        reminders.sweep(kinds=["tests.badge-rule"])
        assert _badge(client) == ("1", 1)
        reminders.sweep(kinds=["tests.badge-rule"])  # nothing changed: the count stays cached
        assert _badge(client) == ("1", 0)
    finally:
        reminders._rules.pop("tests.badge-rule")


def test_an_escalation_into_my_team_updates_a_supervisors_badge(
    client, case_manager, supervisor, client_a, team_a
):
    """A supervisor's badge counts escalations in their teams: reminders of other people,
    escalated by the sweep, which moves the generation as every reminder change does."""
    client.force_login(supervisor)
    assert _badge(client) == (None, 1)
    ReminderFactory(recipient=case_manager, client_id=client_a.pk, team_id=team_a.pk,
                    escalated=True)  # fmt: skip
    assert _badge(client) == (None, 0)  # written behind the services' back: not seen yet
    badge.reminders_changed()
    assert _badge(client) == ("1", 1)


def test_with_redis_down_the_badge_is_counted_in_the_database(
    client, case_manager, client_a, settings, caplog
):
    ReminderFactory(recipient=case_manager, client_id=client_a.pk)
    client.force_login(case_manager)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    badge._redis.cache_clear()
    try:
        assert _badge(client) == ("1", 1)
        assert _badge(client) == ("1", 1)
    finally:
        badge._redis.cache_clear()
    assert "Redis unreachable" in caplog.text
