"""The daily digest: what it says (and never says), opt-out, once a day, retried on SMTP errors."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from casework import reminders
from casework.models import User
from casework.notifications.digest import digest_recipients, digest_send
from casework.tasks import reminders_send_digests
from clients.models import Client
from tests.factories import AssignmentFactory, ReminderFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_check_in(client_a, case_manager):
    """A real reminder from the sweep, for a client whose record holds clinical text."""
    AssignmentFactory(client=client_a, staff=case_manager)
    VisitFactory(
        client=client_a,
        author=case_manager,
        note={"data": "Voices louder", "assessment": "Relapse risk", "plan": "Call psychiatrist"},
    )
    Client.objects.filter(pk=client_a.pk).update(
        next_contact_due=timezone.localdate() - timedelta(days=2)
    )
    reminders.sweep()


def test_the_digest_lists_reminders_in_text_and_html_without_clinical_detail(
    settings, case_manager, overdue_check_in
):
    settings.SITE_URL = "https://casework.example.org"
    assert reminders_send_digests() == 1
    [message] = mail.outbox
    assert message.to == ["cm@example.test"]
    assert message.subject.startswith("Casework: 1 reminder for ")
    for private in ("Amara", "Teamay", "A-1", "Voices", "Relapse"):
        assert private not in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for body in (message.body, html):
        assert "Amara (A-1)" in body and "Check-in" in body and "overdue since" in body
        assert "https://casework.example.org/clients/" in body
        assert "https://casework.example.org/notifications/preferences/" in body
        for clinical in ("Teamay", "Voices", "Relapse", "psychiatrist", "hospital"):
            assert clinical not in body


def test_a_person_who_turned_it_off_gets_none(case_manager, overdue_check_in):
    User.objects.filter(pk=case_manager.pk).update(wants_digest=False)
    assert reminders_send_digests() == 0
    assert mail.outbox == []


def test_nobody_gets_an_empty_digest(case_manager, supervisor):
    ReminderFactory(recipient=case_manager, state="done")
    assert reminders_send_digests() == 0
    assert mail.outbox == []


def test_a_second_beat_the_same_day_sends_nothing_more(case_manager, overdue_check_in):
    reminders_send_digests()
    reminders_send_digests()
    assert digest_send(user_id=case_manager.pk, today=timezone.localdate()) is False
    assert len(mail.outbox) == 1
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert digest_recipients(today=tomorrow) == [case_manager.pk]


def test_the_supervisor_digest_includes_escalations(supervisor, case_manager, team_a):
    ReminderFactory(recipient=case_manager, team_id=team_a.pk, escalated=True, subject="Ana (A-2)")
    assert reminders_send_digests() == 2
    [to_supervisor] = [m for m in mail.outbox if m.to == ["sup@example.test"]]
    assert "Ana (A-2)" in to_supervisor.body and "escalated; Casey Manager's" in to_supervisor.body


class FlakyBackend(EmailBackend):
    """Fails the first send like a dropped SMTP connection, then delivers."""

    failures = 1

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise SMTPServerDisconnected("connection dropped")
        return super().send_messages(messages)


def test_an_smtp_error_gives_the_day_back_and_the_task_retries(
    settings, case_manager, overdue_check_in
):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 1
    today = timezone.localdate()
    with pytest.raises(SMTPServerDisconnected):
        digest_send(user_id=case_manager.pk, today=today)
    case_manager.refresh_from_db()
    assert case_manager.digest_sent_on is None  # given back: the retry will send it

    FlakyBackend.failures = 1
    reminders_send_digests()  # eager: the task's autoretry runs again at once
    assert len(mail.outbox) == 1
    case_manager.refresh_from_db()
    assert case_manager.digest_sent_on == today


def test_the_digest_task_retries_smtp_errors_with_back_off():
    from casework.tasks import reminders_send_digest

    assert reminders_send_digest.acks_late is True
    assert any(issubclass(SMTPServerDisconnected, e) for e in reminders_send_digest.autoretry_for)
    assert reminders_send_digest.retry_backoff and reminders_send_digest.max_retries >= 3
