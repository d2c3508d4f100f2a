"""Visits logged without signal, uploaded when the network returns (issue #26).

Each queued visit carries an id its device made. The upload is idempotent on that id: a
repeat (a retry after a lost answer, a second tap, two tabs) finds the visit already made
and answers with it, never a second one. Access is checked again here, on the server, at
upload: what the person could reach when they went offline is no guarantee now. A visit
that cannot land as it was written (the person lost access, the client moved to another
team or was discharged meanwhile, the same contact is already on the record from another
device) is a conflict: nothing is written, and the person decides (keep it as a late entry,
send it to the new case manager, or discard it with a reason). The visit services write;
this module only decides whether they may.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _

from casework import access
from casework.audit import audit_record
from casework.models import User
from clients.models import Client, Transfer, Visit, VisitHandoff
from clients.models.client import Status
from clients.services import handoffs
from clients.services import visits as visit_services
from clients.services.errors import ClientRecordError


class SyncStatus(TextChoices):
    CREATED = "created"
    ALREADY_SYNCED = "already_synced"
    CONFLICT = "conflict"
    INVALID = "invalid"  # a rule refused the visit: the person corrects it or discards it
    DISCARDED = "discarded"
    HANDED_OFF = "handed_off"  # sent to the client's new case manager, not on the record


class ConflictReason(TextChoices):
    ACCESS_LOST = "access_lost", _("You can no longer write to this client's record.")
    TRANSFERRED = "transferred", _("The client moved to another team after you went offline.")
    DISCHARGED = "discharged", _("The client was discharged after you went offline.")
    OTHER_DEVICE = "other_device", _(
        "A visit at the same time is already on the record from another device."
    )


class Resolution(TextChoices):
    """What the person chose for a conflict; the server still checks access."""

    LATE_ENTRY = "late_entry"
    HANDOFF = "handoff"


@dataclass(frozen=True)
class QueuedVisit:
    """One visit as the device queued it."""

    device_id: UUID
    client_id: int
    # The team the client was with when the device took the visit: a different team now
    # means the client was transferred meanwhile.
    team_id: int | None
    data: visit_services.VisitInput
    sign: bool = False
    signed_on_device_at: datetime | None = None


@dataclass(frozen=True)
class SyncResult:
    status: str
    visit: Visit | None = None
    reason: str = ""
    message: str = ""
    field: str | None = None
    # What the person may choose for a conflict, in the order the page offers them.
    choices: tuple[str, ...] = ()


def _choices(reason: ConflictReason, *, client: Client | None) -> tuple[str, ...]:
    """A visit may stay on the record as a late entry only where the person still writes;
    a client moved out of reach goes to whoever serves them now."""
    if client is not None:
        return (Resolution.LATE_ENTRY, "discard")
    if reason == ConflictReason.TRANSFERRED:
        return ("handoff", "discard")
    return ("discard",)


def _conflict(
    reason: ConflictReason, *, queued: QueuedVisit, author: User, client: Client | None
) -> SyncResult:
    audit_record(
        action="clients.visit.sync_conflict",
        actor=author,
        client_id=queued.client_id,
        agency_id=client.agency_id if client is not None else None,
        detail={"device_id": str(queued.device_id), "reason": reason.value},
    )
    return SyncResult(
        status=SyncStatus.CONFLICT,
        reason=reason.value,
        message=reason.label,
        choices=_choices(reason, client=client),
    )


def _already(queued: QueuedVisit, *, author: User) -> SyncResult | None:
    """The answer for a device id already on the record, or None when it is new."""
    found = Visit.objects.filter(device_id=queued.device_id).only("pk", "author_id", "client_id")
    visit = found.first()
    if visit is None:
        return None
    if visit.author_id != author.pk or visit.client_id != queued.client_id:
        # Another person's (or another client's) visit under this id: never shown, never
        # overwritten. Device ids are random, so this is a copied queue, not chance.
        return _conflict(ConflictReason.OTHER_DEVICE, queued=queued, author=author, client=None)
    return SyncResult(status=SyncStatus.ALREADY_SYNCED, visit=visit)


def _moved_from_own_team(queued: QueuedVisit, *, author: User) -> bool:
    """The client left a team the person still writes to: it was transferred away, which
    the person may be told (they served the client until then), though no longer shown."""
    if queued.team_id is None or not access.access_for(author).can_change_team(queued.team_id):
        return False
    return Transfer.objects.filter(client_id=queued.client_id, from_team_id=queued.team_id).exists()


def _check_client(
    queued: QueuedVisit, *, author: User, resolution: str
) -> tuple[Client | None, ConflictReason | None]:
    """The client if the visit may land there now, else the conflict's reason."""
    client = Client.objects.changeable_by(author).filter(pk=queued.client_id).first()
    if client is None or not access.access_for(author).can_change_team(client.team_id):
        if _moved_from_own_team(queued, author=author):
            return None, ConflictReason.TRANSFERRED
        return None, ConflictReason.ACCESS_LOST
    keeping = resolution == Resolution.LATE_ENTRY
    if queued.team_id is not None and client.team_id != queued.team_id and not keeping:
        return client, ConflictReason.TRANSFERRED
    if client.status == Status.DISCHARGED and not keeping:
        return client, ConflictReason.DISCHARGED
    same_time = Visit.objects.filter(
        client=client, author=author, contact_at=queued.data.contact_at
    ).exclude(device_id=queued.device_id)
    if not keeping and same_time.exists():
        return client, ConflictReason.OTHER_DEVICE
    return client, None


def visit_sync(*, queued: QueuedVisit, author: User, resolution: str = "") -> SyncResult:
    """Land one queued visit exactly once, or say why it cannot land as written."""
    if resolution and resolution not in Resolution.values:
        raise ValueError(f"unknown resolution {resolution!r}")
    if (done := _already(queued, author=author)) is not None:
        return done
    if VisitHandoff.objects.filter(device_id=queued.device_id, sent_by=author).exists():
        # Sent on before: the same answer, whatever the resolution asked this time.
        return _handed_off()
    if resolution == Resolution.HANDOFF:
        return _handoff(queued, author=author)
    client, reason = _check_client(queued, author=author, resolution=resolution)
    if reason is not None:
        return _conflict(reason, queued=queued, author=author, client=client)
    late = resolution == Resolution.LATE_ENTRY
    try:
        with transaction.atomic():
            if queued.sign:
                visit = visit_services.visit_create_signed(
                    client=client,
                    author=author,
                    data=queued.data,
                    device_id=queued.device_id,
                    signed_on_device_at=queued.signed_on_device_at,
                    late_entry=late,
                )
            else:
                visit = visit_services.visit_create(
                    client=client, author=author, data=queued.data, device_id=queued.device_id
                )
    except ClientRecordError as error:
        return SyncResult(status=SyncStatus.INVALID, message=error.message, field=error.field)
    except IntegrityError as error:
        # Two uploads of one visit raced past `_already`: the unique device id let one in.
        if "visit_device_id_unique" not in str(error):
            raise
        done = _already(queued, author=author)
        if done is None:  # pragma: no cover - the constraint named the row that exists
            raise
        return done
    return SyncResult(status=SyncStatus.CREATED, visit=visit)


def _handoff(queued: QueuedVisit, *, author: User) -> SyncResult:
    """Send the visit to whoever serves the client now: only for a client transferred away
    from a team the author still writes to (the author served them until then)."""
    still_mine = Client.objects.changeable_by(author).filter(pk=queued.client_id).exists()
    if still_mine or not _moved_from_own_team(queued, author=author):
        return SyncResult(
            status=SyncStatus.INVALID,
            message=_("Only a visit for a client transferred out of your teams is sent on."),
        )
    # Not scoped by the author's teams on purpose: the client left them. What allows this
    # one read is the transfer out of a team the author still writes to (checked above).
    moved = Client.objects.filter(pk=queued.client_id, transfers__from_team_id=queued.team_id)
    client = moved.distinct().get()
    try:
        handoffs.visit_handoff_send(client=client, queued=queued, author=author)
    except ClientRecordError as error:
        return SyncResult(status=SyncStatus.INVALID, message=error.message)
    return _handed_off()


def _handed_off() -> SyncResult:
    return SyncResult(
        status=SyncStatus.HANDED_OFF,
        message=_("Sent to the client's new case manager. It is not on the record under you."),
    )


def visit_sync_discard(*, device_id: UUID, client_id: int, author: User, reason: str) -> None:
    """The person dropped a queued visit that could not land: on record, with their reason
    (never the note's text, which never reached the server)."""
    reason = reason.strip()
    if not reason:
        raise ClientRecordError(_("Give the reason for discarding this visit."), field="reason")
    if Visit.objects.filter(device_id=device_id).exists():
        raise ClientRecordError(_("This visit is already on the record; it cannot be discarded."))
    client = Client.objects.visible_to(author).filter(pk=client_id).only("agency_id").first()
    audit_record(
        action="clients.visit.sync_discarded",
        actor=author,
        client_id=client.pk if client is not None else None,
        agency_id=client.agency_id if client is not None else None,
        detail={"device_id": str(device_id), "reason": reason[:300]},
    )
