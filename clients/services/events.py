"""Key events on the client's timeline: hospital and jail stays, housing, employment and
education changes, crises. Recorded, edited under optimistic locking, a stay's discharge
added later, voided with a reason; never deleted. Reminders (7-day follow-up after a
psychiatric discharge) read `KeyEvent.kind` and `ended_on`: keep the kind values stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import User
from casework.tasks import reminders_sweep_soon
from clients.models import STAY_KINDS, Client, EventKind, KeyEvent
from clients.services.errors import ClientRecordError, StaleRecordError


@dataclass(frozen=True)
class EventInput:
    kind: str
    started_on: date
    ended_on: date | None = None
    place: str = ""
    description: str = ""


def check_event(data: EventInput) -> None:
    """The rules the form and the services share; the database checks the date order too."""
    today = timezone.localdate()
    if data.kind not in EventKind.values:
        raise ClientRecordError(_("Choose what happened."), field="kind")
    if data.started_on > today:
        raise ClientRecordError(_("The date cannot be in the future."), field="started_on")
    if data.ended_on is None:
        return
    if data.kind not in STAY_KINDS:
        raise ClientRecordError(
            _("Only hospital and jail stays have a discharge or release date."), field="ended_on"
        )
    if data.ended_on > today:
        raise ClientRecordError(
            _("The discharge date cannot be in the future; record it on the day."),
            field="ended_on",
        )
    if data.ended_on < data.started_on:
        raise ClientRecordError(
            _("The discharge or release must be on or after the admission."), field="ended_on"
        )


def _audit(action: str, event: KeyEvent, client: Client, by: User) -> None:
    audit_client(action, event, client, actor=by, detail={"kind": event.kind})


def _locked(client_id: int, event_id: int) -> tuple[Client, KeyEvent]:
    client = Client.objects.get(pk=client_id)
    event = KeyEvent.objects.select_for_update().get(pk=event_id, client=client)
    if event.is_voided:
        raise ClientRecordError(_("This event was voided; it can no longer change."))
    return client, event


def _check_version(event: KeyEvent, version: int) -> None:
    if event.version != version:
        raise StaleRecordError(
            _(
                "Someone else changed this event after you opened the form. Your changes "
                "were not saved; reload to see theirs, then apply yours again."
            )
        )


def key_event_record(*, client_id: int, data: EventInput, recorded_by: User) -> KeyEvent:
    check_event(data)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        event = KeyEvent.objects.create(
            client=client,
            kind=data.kind,
            started_on=data.started_on,
            ended_on=data.ended_on,
            place=data.place.strip(),
            description=data.description.strip(),
            recorded_by=recorded_by,
        )
        reminders_sweep_soon()  # a stay opened or closed: follow-ups change
        _audit("clients.event.recorded", event, client, recorded_by)
    return event


def key_event_update(
    *, client_id: int, event_id: int, data: EventInput, version: int, changed_by: User
) -> KeyEvent:
    check_event(data)
    with transaction.atomic():
        client, event = _locked(client_id, event_id)
        _check_version(event, version)
        event.kind = data.kind
        event.started_on = data.started_on
        event.ended_on = data.ended_on
        event.place = data.place.strip()
        event.description = data.description.strip()
        event.version += 1
        event.save(
            update_fields=["kind", "started_on", "ended_on", "place", "description", "version"]
        )
        reminders_sweep_soon()  # a stay opened or closed: follow-ups change
        _audit("clients.event.changed", event, client, changed_by)
    return event


def key_event_discharge(
    *, client_id: int, event_id: int, ended_on: date, version: int, recorded_by: User
) -> KeyEvent:
    """Close an open stay: the day the client left hospital or was released."""
    with transaction.atomic():
        client, event = _locked(client_id, event_id)
        _check_version(event, version)
        if not event.is_stay:
            raise ClientRecordError(_("Only hospital and jail stays have a discharge date."))
        if event.ended_on is not None:
            raise ClientRecordError(
                _("This stay already has a discharge date; edit the event to correct it.")
            )
        check_event(EventInput(kind=event.kind, started_on=event.started_on, ended_on=ended_on))
        event.ended_on = ended_on
        event.version += 1
        event.save(update_fields=["ended_on", "version"])
        reminders_sweep_soon()  # a stay opened or closed: follow-ups change
        _audit("clients.event.discharged", event, client, recorded_by)
    return event


def key_event_void(*, client_id: int, event_id: int, reason: str, voided_by: User) -> KeyEvent:
    """Entered in error: kept for the history, out of the timeline and the reminders."""
    reason = reason.strip()
    if not reason:
        raise ClientRecordError(_("Give the reason for voiding."), field="reason")
    with transaction.atomic():
        client, event = _locked(client_id, event_id)
        event.voided_at = timezone.now()
        event.voided_by = voided_by
        event.void_reason = reason[:300]
        event.version += 1
        event.save(update_fields=["voided_at", "voided_by", "void_reason", "version"])
        reminders_sweep_soon()  # a stay opened or closed: follow-ups change
        _audit("clients.event.voided", event, client, voided_by)
    return event
