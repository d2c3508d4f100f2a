"""State changes a person makes to their own reminders, each one transaction and audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_record
from casework.errors import ServiceError
from casework.models import LIVE_REMINDER_STATES, Reminder, ReminderState, User
from casework.notifications.badge import reminders_changed
from casework.reminders import label_for


class ReminderError(ServiceError):
    """A refused change, with the form field it belongs to."""


def _locked(reminder_id: int, user: User) -> Reminder:
    reminder = Reminder.objects.select_for_update().get(pk=reminder_id, recipient=user)
    if reminder.state not in LIVE_REMINDER_STATES:
        raise ReminderError(_("This reminder is already closed."))
    return reminder


def reminder_mark_done(*, reminder_id: int, user: User) -> Reminder:
    with transaction.atomic():
        reminder = _locked(reminder_id, user)
        reminder.state = ReminderState.DONE
        reminder.done_at = timezone.now()
        reminder.snoozed_until = None
        reminder.save(update_fields=["state", "done_at", "snoozed_until", "updated_at"])
        reminders_changed()
        audit_record(action="casework.reminder.done", actor=user, obj=reminder,
                     client_id=reminder.client_id, detail={"kind": reminder.kind})  # fmt: skip
    return reminder


def reminder_snooze(*, reminder_id: int, user: User, until: date) -> Reminder:
    """Hide the reminder until `until` (a later day, within REMINDER_SNOOZE_MAX_DAYS)."""
    today = timezone.localdate()
    if until <= today:
        raise ReminderError(_("Choose a day after today."), field="until")
    if until > today + timedelta(days=settings.REMINDER_SNOOZE_MAX_DAYS):
        raise ReminderError(
            _("Snooze for at most %(days)s days.") % {"days": settings.REMINDER_SNOOZE_MAX_DAYS},
            field="until",
        )
    with transaction.atomic():
        reminder = _locked(reminder_id, user)
        reminder.state = ReminderState.SNOOZED
        reminder.snoozed_until = until
        reminder.save(update_fields=["state", "snoozed_until", "updated_at"])
        reminders_changed()
        audit_record(
            action="casework.reminder.snoozed",
            actor=user,
            obj=reminder,
            client_id=reminder.client_id,
            detail={"kind": reminder.kind, "until": until.isoformat()},
        )
    return reminder


def digest_preference_set(*, user: User, wants_digest: bool) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(wants_digest=wants_digest)
        user.wants_digest = wants_digest
        audit_record(
            action="casework.user.digest_preference",
            actor=user,
            obj=user,
            detail={"wants_digest": wants_digest},
        )


@dataclass(frozen=True)
class Notice:
    """A message about an event (a client handed to someone, a note returned), not derived
    from state. `subject` and `title` carry no clinical detail: they reach e-mail."""

    kind: str
    recipient_id: int
    object_type: str
    object_id: int
    subject: str
    title: str
    url: str
    client_id: int | None = None
    team_id: int | None = None


def notices_send(notices: Iterable[Notice]) -> None:
    """Put each notice in its recipient's list and digest: a Reminder row due today. Each
    kind must be registered with `casework.reminders.register_notice` (the sweep leaves those
    alone; the recipient marks them done). Call it inside the caller's transaction so it
    rolls back with the change; the unique reminder key makes a retry or a repeated notice
    insert nothing twice. One INSERT however many."""
    today = timezone.localdate()
    rows = []
    for n in notices:
        if label_for(n.kind) == n.kind:
            raise ValueError(f"Register the notice kind {n.kind!r} first.")
        rows.append(
            Reminder(
                recipient_id=n.recipient_id,
                kind=n.kind,
                object_type=n.object_type,
                object_id=n.object_id,
                due_on=today,
                client_id=n.client_id,
                team_id=n.team_id,
                subject=n.subject[:120],
                title=n.title[:160],
                url=n.url[:300],
            )
        )
    if rows:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
        reminders_changed()
