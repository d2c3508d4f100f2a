"""Writes of the project package: staff privileges and memberships, each audited.

Privilege changes happen in the Django admin (and the shell); the admin calls these so the
trail names who changed whose access, before and after (45 CFR 170.315(d)(2)).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from casework.audit import audit_record
from casework.models import Membership, StaffRoleChange, User

PRIVILEGE_FIELDS = ("is_active", "is_staff", "is_superuser")


def staff_privileges_record(
    *, user: User, before: dict[str, bool], changed_by: User | None, request: HttpRequest | None
) -> None:
    """Audit which of the user's privilege flags changed; end their sessions if deactivated."""
    changes = {
        name: [before[name], getattr(user, name)]
        for name in PRIVILEGE_FIELDS
        if name in before and before[name] != getattr(user, name)
    }
    if not changes:
        return
    audit_record(
        action="casework.user.privileges_changed",
        actor=changed_by,
        obj=user,
        request=request,
        detail={"changes": changes},
    )
    if changes.get("is_active") == [True, False]:
        staff_sessions_end(user=user)


def staff_sessions_end(*, user: User, keep: str | None = None) -> int:
    """Delete every live session of the user but `keep` (a session key), so deactivation or
    a new second factor takes effect at once everywhere else."""
    ended = 0
    # Sessions are not indexed by user; this walks the live ones, which is fine for a rare
    # administrative action.
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    for session in live.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def membership_record(
    *,
    membership: Membership,
    change: str,
    previous_role: str | None = None,
    changed_by: User | None,
    request: HttpRequest | None,
) -> None:
    """Audit a membership added, changed (role) or removed, and keep it in the person's role
    history."""
    before = "" if change == "added" else (previous_role or membership.role)
    after = "" if change == "removed" else membership.role
    if before != after:
        StaffRoleChange.objects.create(
            user_id=membership.user_id,
            agency_id=membership.team.agency_id,
            team_id=membership.team_id,
            role_before=before,
            role_after=after,
            changed_by=changed_by,
        )
    detail: dict = {
        "user": membership.user_id,
        "team": membership.team_id,
        "role": membership.role,
    }
    if previous_role is not None:
        detail["previous_role"] = previous_role
    audit_record(
        action=f"casework.membership.{change}",
        actor=changed_by,
        obj=membership if change != "removed" else None,
        agency_id=membership.team.agency_id,
        request=request,
        detail=detail,
    )
