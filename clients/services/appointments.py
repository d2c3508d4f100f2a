"""Appointments and planned visits: book, change, record the outcome, follow up a missed one;
and the private calendar feed's token.

Rules: the person who books is the case manager who sees to it (their week, their feed, the
reminder the day before). A booking is changed only while scheduled; afterwards it carries its
outcome. "Rescheduled" closes the booking and opens a new one that points back to it. A missed
appointment stays "to follow up" until it is rebooked, a completed contact with the client is
logged after it, or staff mark it followed up; two days later the reminder rule asks.
Nothing is deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit import audit_client, audit_record
from casework.errors import refuse_changed
from casework.models import User, save_new_version
from casework.prepared import Prepared
from clients.models import (
    Appointment,
    AppointmentKind,
    CalendarFeed,
    Client,
    Mode,
    Outcome,
    Visit,
)
from clients.predicates import may_change_client
from clients.services.details import folded, only_fields
from clients.services.errors import ClientRecordError, StaleRecordError

APPOINTMENT_FIELDS = (
    "kind",
    "starts_at",
    "duration_minutes",
    "place",
    "provider",
    "with_name",
    "purpose",
    "transport",
    "attending",
)
MAX_AHEAD = timedelta(days=366)
# An outcome is recorded once the time has come (a little early for phone clocks).
CLOCK_SKEW = timedelta(minutes=15)
# A logged contact completes a planned visit booked up to this long before it (or later the
# same day): a visit made a few days late still answers the plan.
PLAN_LOOKBACK = timedelta(days=7)


def _check(details: dict[str, Any], client: Client) -> dict[str, Any]:
    only_fields(details, APPOINTMENT_FIELDS, "appointment")
    if details.get("kind") not in AppointmentKind.values:
        raise ClientRecordError(_("Choose an appointment or a planned visit."), field="kind")
    details = folded(details, ("place", "with_name", "purpose"))
    starts_at = details.get("starts_at")
    if starts_at is None:
        raise ClientRecordError(_("Enter the date and time."), field="starts_at")
    if starts_at > timezone.now() + MAX_AHEAD:
        raise ClientRecordError(_("That is more than a year ahead."), field="starts_at")
    duration = details.get("duration_minutes") or 60
    if not 5 <= duration <= 24 * 60:
        raise ClientRecordError(
            _("Enter a duration between 5 minutes and a day."), field="duration_minutes"
        )
    details["duration_minutes"] = duration
    provider = details.get("provider")
    if details["kind"] == AppointmentKind.PLANNED_VISIT:
        # The case manager's own visit: nobody else to meet, nobody to drive there.
        details.update(provider=None, with_name="", transport=False, attending=False)
    elif provider is not None:
        if provider.client_id != client.pk or not provider.is_current:
            raise ClientRecordError(
                _("Choose one of the client's current care team."), field="provider"
            )
    elif not details["with_name"] and not details["place"]:
        raise ClientRecordError(
            _("Say who the appointment is with, or where it is."), field="with_name"
        )
    details["transport"] = bool(details.get("transport"))
    details["attending"] = bool(details.get("attending"))
    return details


def _audit(action: str, appointment: Appointment, client: Client, by: User, **detail) -> None:
    audit_client(action, appointment, client, actor=by, detail={"kind": appointment.kind, **detail})


def _may_change(user: User, client: Client) -> None:
    if not may_change_client(user, client):
        raise ClientRecordError(_("You cannot change this client's record."))


def appointment_schedule(
    *, client_id: int, details: dict[str, Any], scheduled_by: User
) -> Appointment:
    """Book an appointment of the client, or plan a visit; `scheduled_by` sees to it."""
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        _may_change(scheduled_by, client)
        details = _check(details, client)
        appointment = Appointment.objects.create(
            client=client,
            team_id=client.team_id,
            staff=scheduled_by,
            created_by=scheduled_by,
            **details,
        )
        _audit("clients.appointment.scheduled", appointment, client, scheduled_by)
    return appointment


_CHANGED_ELSEWHERE = gettext_lazy(
    "Someone else changed this appointment after you opened the form. Nothing was "
    "saved; reload to see their change."
)


def _locked(appointment_id: int, version: int | None) -> tuple[Client, Appointment]:
    appointment = Appointment.objects.select_for_update().get(pk=appointment_id)
    client = Client.objects.get(pk=appointment.client_id)
    refuse_changed(appointment, version, StaleRecordError, _CHANGED_ELSEWHERE)
    return client, appointment


def appointment_update(
    *, appointment_id: int, details: dict[str, Any], version: int, changed_by: User
) -> Appointment:
    """Change a booking that is still scheduled (time, place, transport...)."""
    with transaction.atomic():
        client, appointment = _locked(appointment_id, version)
        _may_change(changed_by, client)
        if not appointment.is_open:
            raise ClientRecordError(_("This appointment already has its outcome."))
        details = _check({**details, "kind": appointment.kind}, client)
        save_new_version(appointment, **details)
        _audit("clients.appointment.changed", appointment, client, changed_by)
    return appointment


def _close(appointment: Appointment, outcome: str, by: User) -> None:
    appointment.outcome = outcome
    appointment.outcome_on = timezone.now()
    appointment.outcome_by = by
    save_new_version(appointment, "outcome", "outcome_on", "outcome_by")


def _rebook(old: Appointment, starts_at: datetime, by: User) -> Appointment:
    if starts_at is None or starts_at < timezone.now() - CLOCK_SKEW:
        raise ClientRecordError(
            _("Enter the new date and time (not in the past)."), field="new_starts_at"
        )
    if starts_at > timezone.now() + MAX_AHEAD:
        raise ClientRecordError(_("That is more than a year ahead."), field="new_starts_at")
    return Appointment.objects.create(
        client_id=old.client_id,
        team_id=old.team_id,
        staff=old.staff,
        kind=old.kind,
        starts_at=starts_at,
        duration_minutes=old.duration_minutes,
        place=old.place,
        provider=old.provider if old.provider_id and old.provider.is_current else None,
        with_name=old.with_name,
        purpose=old.purpose,
        transport=old.transport,
        attending=old.attending,
        follow_up_of=old,
        created_by=by,
    )


@dataclass(frozen=True)
class OutcomeResult:
    appointment: Appointment
    new_appointment: Appointment | None = None


def appointment_record_outcome(
    *,
    appointment_id: int,
    outcome: str,
    version: int | None,
    recorded_by: User,
    new_starts_at: datetime | None = None,
) -> OutcomeResult:
    """Attended, missed, cancelled, or rescheduled (to `new_starts_at`: a new booking)."""
    if outcome not in Outcome.values or outcome == Outcome.SCHEDULED:
        raise ClientRecordError(_("Choose what happened."), field="outcome")
    with transaction.atomic():
        client, appointment = _locked(appointment_id, version)
        _may_change(recorded_by, client)
        if not appointment.is_open:
            raise ClientRecordError(
                _("This appointment is already marked “%(outcome)s”.")
                % {"outcome": appointment.get_outcome_display()}
            )
        happened = outcome in (Outcome.ATTENDED, Outcome.MISSED)
        if happened and appointment.starts_at > timezone.now() + CLOCK_SKEW:
            raise ClientRecordError(
                _("This appointment has not happened yet: reschedule or cancel it instead."),
                field="outcome",
            )
        new = None
        if outcome == Outcome.RESCHEDULED:
            new = _rebook(appointment, new_starts_at, recorded_by)
        _close(appointment, outcome, recorded_by)
        _audit(
            "clients.appointment.outcome",
            appointment,
            client,
            recorded_by,
            outcome=outcome,
            new_appointment_id=new.pk if new else None,
        )
    return OutcomeResult(appointment, new)


def appointment_rebook_missed(
    *, appointment_id: int, starts_at: datetime, rebooked_by: User
) -> Appointment:
    """Follow up a missed appointment with a new booking (which points back to it)."""
    with transaction.atomic():
        client, appointment = _locked(appointment_id, None)
        _may_change(rebooked_by, client)
        if not appointment.needs_follow_up:
            raise ClientRecordError(_("Only a missed appointment not yet followed up is rebooked."))
        new = _rebook(appointment, starts_at, rebooked_by)
        _followed_up(appointment, rebooked_by)
        _audit("clients.appointment.rebooked", appointment, client, rebooked_by,
               new_appointment_id=new.pk)  # fmt: skip
    return new


def _followed_up(appointment: Appointment, by: User) -> None:
    appointment.followed_up_at = timezone.now()
    appointment.followed_up_by = by
    save_new_version(appointment, "followed_up_at", "followed_up_by")


def appointment_mark_followed_up(*, appointment_id: int, marked_by: User) -> Appointment:
    """A missed appointment was followed up some other way (a call, a letter)."""
    with transaction.atomic():
        client, appointment = _locked(appointment_id, None)
        _may_change(marked_by, client)
        if not appointment.needs_follow_up:
            raise ClientRecordError(_("This appointment needs no follow-up."))
        _followed_up(appointment, marked_by)
        _audit("clients.appointment.followed_up", appointment, client, marked_by)
    return appointment


def appointments_after_contact(*, visit: Visit) -> Appointment | None:
    """Called by `visit_create` in its transaction. A completed contact (not an attempt):
    - completes the author's oldest open planned visit with the client dated from
      PLAN_LOOKBACK before the contact to the end of its day (returned), and
    - follows up the client's missed appointments from before the contact."""
    if visit.mode == Mode.ATTEMPTED:
        return None
    contact_day_end = timezone.localtime(visit.contact_at).replace(
        hour=23, minute=59, second=59, microsecond=0
    )
    Appointment.objects.filter(
        client_id=visit.client_id,
        outcome=Outcome.MISSED,
        followed_up_at__isnull=True,
        starts_at__lte=visit.contact_at,
    ).update(followed_up_at=timezone.now(), followed_up_by=visit.author)
    plans = _PLANNED.objects(
        client_id=visit.client_id,
        staff_id=visit.author_id,
        since=visit.contact_at - PLAN_LOOKBACK,
        until=contact_day_end,
    )
    if not plans:
        return None
    (plan,) = plans
    plan.visit = visit
    plan.outcome = Outcome.ATTENDED
    plan.outcome_on = timezone.now()
    plan.outcome_by = visit.author
    plan.version += 1
    plan.save(update_fields=["visit", "outcome", "outcome_on", "outcome_by", "version",
                             "updated_at"])  # fmt: skip
    audit_record(
        action="clients.appointment.completed_by_visit",
        actor=visit.author,
        obj=plan,
        client_id=visit.client_id,
        detail={"visit_id": visit.pk},
    )
    return plan


def _planned(_shape, *, client_id: int, staff_id: int, since: datetime, until: datetime):
    """The oldest open planned visit of `staff_id` with the client in the window, locked."""
    return (
        Appointment.objects.select_for_update()
        .filter(
            client_id=client_id,
            staff_id=staff_id,
            kind=AppointmentKind.PLANNED_VISIT,
            outcome=Outcome.SCHEDULED,
            starts_at__gte=since,
            starts_at__lte=until,
        )
        .order_by("starts_at", "id")[:1]
    )


# Built once per process (casework.prepared), from stand-ins no visit passes.
_PLANNED = Prepared(
    Appointment,
    _planned,
    client_id=-2_000_000_037,
    staff_id=-2_000_000_041,
    since=datetime(1901, 1, 2, 3, 4, 5, 6793, tzinfo=UTC),
    until=datetime(1901, 1, 2, 3, 4, 5, 6797, tzinfo=UTC),
)


# --- The private calendar feed ------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, user: User) -> str:
    """A new private link for `user`'s calendar; the old one (if any) stops working. Returns
    the token: only its hash is stored, so it is shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(user=user, token_hash=_hash(token))
        audit_record(action="clients.calendar_feed.created", actor=user, obj=feed)
    return token


def calendar_feed_revoke(*, user: User, revoked_by: User | None = None) -> bool:
    """Turn the user's link off; `revoked_by` when someone else does it (deactivation)."""
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.select_for_update()
            .filter(user=user, revoked_at__isnull=True)
            .first()
        )
        if feed is None:
            return False
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_record(action="clients.calendar_feed.revoked", actor=revoked_by or user, obj=feed)
    return True


def calendar_feed_user(*, token: str) -> User | None:
    """The active staff member a live token belongs to, or None (revoked, replaced, unknown,
    or the account was deactivated)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user
