"""Sending a visit logged offline to whoever serves the client now (issue #26), when the
client was transferred out of its author's reach while the author had no signal. The text
never lands on the record under an author who may no longer write there; it waits, whole,
for the new case manager (or, with no primary named yet, the team's supervisors), who are
told by a notice that carries no clinical text."""

from __future__ import annotations

from datetime import UTC

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import Membership, Role, User
from casework.notifications.services import Notice, notices_send
from clients.models import Assignment, AssignmentRole, Client, VisitHandoff
from clients.reminders import subject_line, url_pattern
from clients.services.errors import ClientRecordError

NOTICE_KIND = "clients.visit_handoff"
NOTICE_LABEL = _("Visit handed on to you")


def _visit_json(queued) -> dict:
    data = queued.data
    signed = queued.signed_on_device_at
    return {
        "contact_at": data.contact_at.astimezone(UTC).isoformat(),
        "duration_minutes": data.duration_minutes,
        "mode": data.mode,
        "place": data.place,
        "services": list(dict.fromkeys(data.services)),
        "is_crisis": data.is_crisis,
        "note_format": data.note_format,
        "note": {k: v for k, v in data.note.items() if v.strip()},
        "signed_on_device_at": signed.astimezone(UTC).isoformat() if signed else None,
    }


def _recipients(client: Client) -> tuple[User | None, list[int]]:
    """The primary case manager now, else the supervisors of the client's team."""
    primary = (
        Assignment.objects.filter(client=client, role=AssignmentRole.PRIMARY, ended_on__isnull=True)
        .select_related("staff")
        .first()
    )
    if primary is not None:
        return primary.staff, [primary.staff_id]
    supervisors = Membership.objects.filter(team_id=client.team_id, role=Role.SUPERVISOR)
    return None, list(supervisors.values_list("user_id", flat=True))


def visit_handoff_send(*, client: Client, queued, author: User) -> tuple[VisitHandoff, bool]:
    """Hand the queued visit to the client's current staff; (the handoff, made now). The
    caller (clients.services.sync) has established that the client moved away from a team
    the author still writes to: that, not the author's scope, is what allows this."""
    existing = VisitHandoff.objects.filter(device_id=queued.device_id).first()
    if existing is not None:
        if existing.sent_by_id != author.pk:
            raise ClientRecordError(_("This visit was already sent by someone else."))
        return existing, False
    try:
        with transaction.atomic():
            client = Client.objects.select_for_update(of=("self",)).get(pk=client.pk)
            sent_to, notified = _recipients(client)
            handoff = VisitHandoff.objects.create(
                client=client,
                device_id=queued.device_id,
                sent_by=author,
                team_id=client.team_id,
                sent_to=sent_to,
                contact_at=queued.data.contact_at,
                visit=_visit_json(queued),
            )
            url = url_pattern("clients:handoff_detail", "client_id", "pk").format(
                client_id=client.pk, pk=handoff.pk
            )
            notices_send(
                Notice(
                    kind=NOTICE_KIND,
                    recipient_id=user_id,
                    object_type="clients.visithandoff",
                    object_id=handoff.pk,
                    subject=subject_line(
                        client.given_name, client.preferred_name, client.record_number
                    ),
                    title=str(NOTICE_LABEL),
                    url=url,
                    client_id=client.pk,
                    team_id=client.team_id,
                )
                for user_id in notified
            )
            audit_client(
                "clients.visit.handed_off",
                handoff,
                client,
                actor=author,
                detail={
                    "device_id": str(queued.device_id),
                    "sent_to": sent_to.pk if sent_to else None,
                    "notified": notified,
                },
            )
    except IntegrityError:
        # The same send twice at once: the unique device id let one in.
        existing = VisitHandoff.objects.filter(device_id=queued.device_id, sent_by=author).first()
        if existing is None:
            raise
        return existing, False
    return handoff, True


def visit_handoff_read(*, handoff: VisitHandoff, reader: User) -> VisitHandoff:
    """The new case manager has read it (and taken it from there); once, audited."""
    with transaction.atomic():
        handoff = (
            VisitHandoff.objects.select_for_update().select_related("client").get(pk=handoff.pk)
        )
        if handoff.read_at is None:
            handoff.read_at = timezone.now()
            handoff.read_by = reader
            handoff.save(update_fields=["read_at", "read_by"])
            audit_client("clients.visit_handoff.read", handoff, handoff.client, actor=reader)
    return handoff
