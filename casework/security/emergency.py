"""Emergency ("break the glass") access: rules, reads and the session's banner data.

A clinical staff member (case manager or supervisor) may open one client of their agency
outside their teams after writing a reason. The grant is read-only, lasts
EMERGENCY_ACCESS_HOURS, is audited, and waits in the review queue of the supervisors of the
client's team until one of them marks it reviewed. The compliance report lists it too (the
`casework.emergency.*` actions).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.access import access_for
from casework.audit import audit_client, audit_record
from casework.clientref import client_model
from casework.errors import ServiceError
from casework.models import EmergencyAccess, User

REASON_MIN_LENGTH = 20
_SESSION_KEY = "casework_emergency"


class EmergencyAccessError(ServiceError):
    """Emergency access refused; the message is for the user."""


def emergency_access_grant(
    *, user: User, record_number: str, reason: str, request: HttpRequest | None = None
) -> tuple[EmergencyAccess, object]:
    """Give `user` read access to the client with `record_number` in their agency."""
    access = access_for(user)
    if not access.writable_team_ids:
        raise EmergencyAccessError(
            _("Only case managers and supervisors may use emergency access.")
        )
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN_LENGTH:
        raise EmergencyAccessError(
            _("Write why you need this record now (at least %(n)d characters).")
            % {"n": REASON_MIN_LENGTH},
            field="reason",
        )
    agencies = {access.agency_by_team[t] for t in access.writable_team_ids}
    client = (
        client_model()
        .objects.filter(agency_id__in=agencies, record_number__iexact=record_number.strip())
        .only("pk", "team_id", "agency_id", "record_number")
        .first()
    )
    if client is None:
        raise EmergencyAccessError(
            _("No client in your agency has that record number."), field="record_number"
        )
    if access.can_read_team(client.team_id):
        raise EmergencyAccessError(
            _("This client is already in your teams: open the record as usual."),
            field="record_number",
        )
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=user,
            client_id=client.pk,
            team_id=client.team_id,
            agency_id=client.agency_id,
            reason=reason,
            granted_at=now,
            expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
        )
        # The reason may hold clinical detail: it stays on the grant, not in the trail.
        audit_client(
            "casework.emergency.granted",
            grant,
            client,
            actor=user,
            request=request,
            detail={"team": client.team_id, "hours": settings.EMERGENCY_ACCESS_HOURS},
        )
    if request is not None:
        _remember_in_session(request, grant, client.record_number)
    return grant, client


def emergency_access_review(
    *, grant_id: int, reviewed_by: User, request: HttpRequest | None = None
) -> EmergencyAccess:
    """Mark a grant reviewed; only a supervisor of the client's team, once."""
    with transaction.atomic():
        grant = EmergencyAccess.objects.select_for_update().get(pk=grant_id)
        if grant.team_id not in access_for(reviewed_by).supervised_team_ids:
            raise EmergencyAccessError(_("Only the team's supervisors review this access."))
        if grant.reviewed_at is not None:
            raise EmergencyAccessError(_("This access was already reviewed."))
        grant.reviewed_by = reviewed_by
        grant.reviewed_at = timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at"])
        audit_record(
            action="casework.emergency.reviewed",
            actor=reviewed_by,
            obj=grant,
            client_id=grant.client_id,
            agency_id=grant.agency_id,
            request=request,
        )
    return grant


def review_queue_for(*, viewer: User) -> QuerySet[EmergencyAccess]:
    """Emergency accesses to the viewer's supervised teams' clients, unreviewed first."""
    teams = access_for(viewer).supervised_team_ids
    return (
        EmergencyAccess.objects.filter(team_id__in=teams)
        .select_related("user", "team", "reviewed_by", "client")
        .order_by(F("reviewed_at").desc(nulls_first=True), "-granted_at", "-id")
    )


def grants_of(*, user: User) -> QuerySet[EmergencyAccess]:
    return EmergencyAccess.objects.filter(user=user).select_related("team")


def _remember_in_session(request: HttpRequest, grant: EmergencyAccess, label: str) -> None:
    rows = [g for g in request.session.get(_SESSION_KEY, []) if g["id"] != grant.pk]
    rows.append(
        {
            "id": grant.pk,
            "client_id": grant.client_id,
            "record": label,
            "expires": grant.expires_at.timestamp(),
        }
    )
    request.session[_SESSION_KEY] = rows[-5:]


def active_grants_in_session(request: HttpRequest) -> list[dict]:
    """The grants given in this session that have not expired, for the banner."""
    now = timezone.now().timestamp()
    rows = [g for g in request.session.get(_SESSION_KEY, []) if g["expires"] > now]
    return [
        {**g, "expires_at": datetime.datetime.fromtimestamp(g["expires"], tz=datetime.UTC)}
        for g in rows
    ]
