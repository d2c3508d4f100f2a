"""Reads of reminders, always for one viewer: their own, plus escalations in the teams they
supervise. Nothing here reads client records; titles were written without clinical detail."""

from __future__ import annotations

from datetime import date

from django.db.models import Min, Q, QuerySet, Window
from django.utils import timezone

from casework import access
from casework.access import access_for
from casework.models import UNRESOLVED_REMINDER_STATES, Reminder, User, live_on


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _escalated_in(viewer: User) -> Q:
    """Escalations in the viewer's supervised teams while the cause lasts, even when the case
    manager marked them done or snoozed them: the supervisor's view ends with a contact."""
    teams = access_for(viewer).supervised_team_ids
    if not teams:
        return Q(pk__in=[])
    return Q(escalated=True, team_id__in=teams, state__in=UNRESOLVED_REMINDER_STATES)


def live_count_for(*, viewer: User, today: date | None = None) -> int:
    """The badge: one COUNT over the partial index of live reminders."""
    own = Q(recipient=viewer) & live_on(_today(today))
    return Reminder.objects.filter(own | _escalated_in(viewer)).count()


def reminders_for(*, viewer: User, today: date | None = None) -> QuerySet[Reminder]:
    """The viewer's own live reminders, grouped by client (the group with the earliest due
    date first), then by kind and due date."""
    return (
        Reminder.objects.live(_today(today))
        .filter(recipient=viewer)
        .annotate(group_due=Window(Min("due_on"), partition_by=["client_id", "subject"]))
        .order_by("group_due", "client_id", "subject", "kind", "due_on", "id")
    )


def escalations_for(*, viewer: User) -> QuerySet[Reminder]:
    """Overdue check-ins escalated in the teams the viewer supervises, with whose they are."""
    return (
        Reminder.objects.filter(_escalated_in(viewer))
        .exclude(recipient=viewer)
        .select_related("recipient")
        .order_by("due_on", "id")
    )


def reminder_get_for_change(*, viewer: User, pk: int) -> Reminder:
    """The viewer's own reminder, or 404 (someone else's is never revealed)."""
    reminder = Reminder.objects.filter(pk=pk, recipient=viewer).first()
    if reminder is None:
        access.refuse(Reminder.objects.all(), pk)
    return reminder


def digest_for(*, user: User, today: date | None = None) -> list[Reminder]:
    """What the morning e-mail lists: the same rows as the notification centre."""
    today = _today(today)
    own = list(reminders_for(viewer=user, today=today))
    escalated = list(escalations_for(viewer=user))
    return own + escalated
