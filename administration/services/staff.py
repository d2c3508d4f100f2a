"""Staff onboarding by the agency admin: invite, give and change roles (history kept),
deactivate and reactivate, unlock a locked account, send an invitation again.

Roles: `team_roles` maps each of the agency's teams to a clinical or compliance role, or to
nothing; agency admin is the person's place on the staff (`AgencyStaff.is_admin`), not a team
role. A team admin role left from before is folded into that place the next time the person's
roles are saved.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from administration.selectors import HandOver, appointments_to_hand_over, open_work
from administration.services import STALE, AdministrationError
from administration.services.invitations import invitation_renew
from administration.tasks import send_invitation
from casework.audit import audit_record
from casework.models import Agency, AgencyStaff, Membership, Role, StaffRoleChange, Team, User
from casework.services import membership_record, staff_privileges_record
from casework.tasks import enqueue_on_commit
from clients.models import Appointment
from clients.services.appointments import calendar_feed_revoke

TEAM_ROLES = (Role.CASE_MANAGER, Role.SUPERVISOR, Role.COMPLIANCE)
INVITABLE_DETAILS = ("full_name", "job_title", "credentials")


def _check_roles(agency: Agency, is_admin: bool, team_roles: dict[Team, str]) -> None:
    for team, role in team_roles.items():
        if team.agency_id != agency.pk:
            raise AdministrationError("Choose the agency's own teams.", field="teams")
        if role and role not in TEAM_ROLES:
            raise AdministrationError(
                "A team role is case manager, supervisor or compliance reviewer.", field="teams"
            )
    if not is_admin and not any(team_roles.values()):
        raise AdministrationError(
            "Give the person a role: agency admin, or a role in at least one team.",
            field="teams",
        )


def staff_invite(
    *,
    agency: Agency,
    email: str,
    details: dict[str, str],
    is_admin: bool,
    team_roles: dict[Team, str],
    invited_by: User | None,
    base_url: str,
    send_email: bool = True,
) -> User:
    """Make the account (no usable password), its place and roles, and send the link once
    the transaction commits. The first admin (setup_agency) has no inviter, and is shown
    the link on the terminal rather than sent it."""
    email = User.objects.normalize_email(email.strip()).lower()
    details = {name: " ".join(details.get(name, "").split()) for name in INVITABLE_DETAILS}
    if not details["full_name"]:
        raise AdministrationError("Enter the person's name.", field="full_name")
    _check_roles(agency, is_admin, team_roles)
    if User.objects.filter(email__iexact=email).exists():
        raise AdministrationError(
            "Someone already has an account with this e-mail address.", field="email"
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, **details)
            AgencyStaff.objects.create(
                agency=agency,
                user=user,
                is_admin=is_admin,
                invited_at=timezone.now(),
                invited_by=invited_by,
            )
            if is_admin:
                _admin_history(agency, user, before="", after=Role.ADMIN, by=invited_by)
            for team, role in team_roles.items():
                if role:
                    membership = Membership.objects.create(user=user, team=team, role=role)
                    membership_record(
                        membership=membership, change="added", changed_by=invited_by, request=None
                    )
            audit_record(
                action="casework.user.invited",
                actor=invited_by,
                obj=user,
                agency_id=agency.pk,
                detail={"admin": is_admin, "teams": {t.pk: r for t, r in team_roles.items() if r}},
            )
            if send_email:
                enqueue_on_commit(send_invitation, user.pk, base_url)
    except IntegrityError as error:  # the same address invited twice at once
        raise AdministrationError(
            "Someone already has an account with this e-mail address.", field="email"
        ) from error
    return user


def _admin_history(agency: Agency, user: User, *, before: str, after: str, by: User | None):
    StaffRoleChange.objects.create(
        user=user, agency=agency, team=None, role_before=before, role_after=after, changed_by=by
    )


def _place(agency: Agency, user: User) -> tuple[AgencyStaff, int | None]:
    """The person's place, locked, and the version a form read it at (None: there was none,
    as for someone given a team role in the Django admin)."""
    place, created = AgencyStaff.objects.select_for_update().get_or_create(agency=agency, user=user)
    return place, None if created else place.version


def _other_active_admins(agency: Agency, user: User) -> bool:
    team_admins = Membership.objects.filter(team__agency=agency, role=Role.ADMIN)
    place_admins = AgencyStaff.objects.filter(agency=agency, is_admin=True)
    others = User.objects.filter(is_active=True).exclude(pk=user.pk)
    return (
        others.filter(pk__in=team_admins.values("user")).exists()
        or others.filter(pk__in=place_admins.values("user")).exists()
    )


def _still_serving(user: User, team_ids: set[int]) -> None:
    """Refuse to take a person out of teams whose open clients they still serve."""
    held = [w for w in open_work(user=user) if w.team.pk in team_ids]
    if held:
        teams = ", ".join(f"{w.team.name} ({w.primary + w.secondary})" for w in held)
        raise AdministrationError(
            f"{user.full_name} still serves open clients in {teams}: a supervisor of the team "
            "reassigns them first.",
            field="teams",
        )


def staff_roles_change(
    *,
    agency: Agency,
    user: User,
    version: int | None,
    is_admin: bool,
    team_roles: dict[Team, str],
    changed_by: User,
    request: HttpRequest | None = None,
) -> None:
    """Make the person's roles in the agency what the form says: every difference is kept in
    the role history and audited. Refused when someone saved them since `version`, when it
    would leave the agency without an active admin, or would take the person out of a team
    whose open clients they still serve."""
    _check_roles(agency, is_admin, team_roles)
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # one roles edit of a person at a time
        place, read_version = _place(agency, user)
        if read_version != version:
            raise AdministrationError(STALE)
        current = {
            m.team_id: m
            for m in Membership.objects.filter(user=user, team__agency=agency).select_related(
                "team"
            )
        }
        was_admin = place.is_admin or any(m.role == Role.ADMIN for m in current.values())
        if was_admin and not is_admin and not _other_active_admins(agency, user):
            raise AdministrationError(
                "The agency needs at least one active agency admin: make someone else one first.",
                field="is_admin",
            )
        wanted = {team.pk: role for team, role in team_roles.items()}
        leaving = {pk for pk, m in current.items() if not wanted.get(pk) and m.role != Role.ADMIN}
        _still_serving(user, leaving)
        for team_id, membership in current.items():
            role = wanted.get(team_id, "")
            if role == membership.role:
                continue
            if not role:
                membership.delete()
                membership_record(
                    membership=membership, change="removed", changed_by=changed_by, request=request
                )
            else:
                previous, membership.role = membership.role, role
                membership.save(update_fields=["role"])
                membership_record(
                    membership=membership,
                    change="changed",
                    previous_role=previous,
                    changed_by=changed_by,
                    request=request,
                )
        for team, role in team_roles.items():
            if role and team.pk not in current:
                membership = Membership.objects.create(user=user, team=team, role=role)
                membership_record(
                    membership=membership, change="added", changed_by=changed_by, request=request
                )
        if is_admin != place.is_admin:
            before, after = (Role.ADMIN, "") if place.is_admin else ("", Role.ADMIN)
            _admin_history(agency, user, before=before, after=after, by=changed_by)
            audit_record(
                action="casework.agency_staff.admin_given"
                if is_admin
                else "casework.agency_staff.admin_taken",
                actor=changed_by,
                obj=place,
                agency_id=agency.pk,
                request=request,
                detail={"user": user.pk},
            )
        place.is_admin = is_admin
        place.version += 1
        place.save(update_fields=["is_admin", "version"])
        user._casework_access = None  # roles changed: computed afresh if asked again


def staff_deactivate(
    *, agency: Agency, user: User, deactivated_by: User, request: HttpRequest | None = None
) -> None:
    """Deactivate the account: every session ends, the calendar feed goes off, the access
    policy grants nothing, and their scheduled appointments go to each client's (new) primary
    case manager. Refused while the person still serves open clients (a supervisor reassigns
    them first), while an appointment ahead has nobody to take it, for oneself, and for the
    agency's last active admin."""
    if user.pk == deactivated_by.pk:
        raise AdministrationError("You cannot deactivate your own account.")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return
        held = open_work(user=user)
        if held:
            raise AdministrationError(
                f"{user.full_name} still serves open clients: they are reassigned first."
            )
        hand_over = appointments_to_hand_over(user=user)
        if hand_over.stranded:
            raise AdministrationError(
                f"{user.full_name} still has {hand_over.stranded} appointment(s) ahead that no "
                "other case manager takes: a supervisor changes them first."
            )
        place, _version = _place(agency, user)
        is_admin = (
            place.is_admin
            or Membership.objects.filter(user=user, team__agency=agency, role=Role.ADMIN).exists()
        )
        if is_admin and not _other_active_admins(agency, user):
            raise AdministrationError("The agency's last active admin cannot be deactivated.")
        user.is_active = False
        user.save(update_fields=["is_active"])
        place.deactivated_at = timezone.now()
        place.version += 1
        place.save(update_fields=["deactivated_at", "version"])
        calendar_feed_revoke(user=user, revoked_by=deactivated_by)
        _hand_over(hand_over, by=deactivated_by, request=request)
        # Audits the change and ends every session of the person.
        staff_privileges_record(
            user=user, before={"is_active": True}, changed_by=deactivated_by, request=request
        )


def _hand_over(hand_over: HandOver, *, by: User, request: HttpRequest | None) -> None:
    """Each scheduled appointment goes to the client's current primary case manager, audited
    on the client's record; one UPDATE per new case manager."""
    by_successor: dict[int, list[Appointment]] = {}
    for appointment, successor in hand_over.moves:
        by_successor.setdefault(successor.pk, []).append(appointment)
    for successor_id, appointments in by_successor.items():
        Appointment.objects.filter(pk__in=[a.pk for a in appointments]).update(
            staff_id=successor_id, version=F("version") + 1, updated_at=timezone.now()
        )
        for appointment in appointments:
            audit_record(
                action="clients.appointment.handed_over",
                actor=by,
                obj=appointment,
                client_id=appointment.client_id,
                agency_id=appointment.team.agency_id,
                request=request,
                detail={"from": appointment.staff_id, "to": successor_id},
            )


def staff_reactivate(
    *, agency: Agency, user: User, reactivated_by: User, request: HttpRequest | None = None
) -> None:
    """Let a deactivated person sign in again with their roles as they were. Their old
    calendar link stays off; they make a new one."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            return
        user.is_active = True
        user.save(update_fields=["is_active"])
        place, _version = _place(agency, user)
        place.deactivated_at = None
        place.version += 1
        place.save(update_fields=["deactivated_at", "version"])
        staff_privileges_record(
            user=user, before={"is_active": False}, changed_by=reactivated_by, request=request
        )


def staff_unlock(
    *, agency: Agency, user: User, unlocked_by: User, request: HttpRequest | None = None
) -> int:
    """Clear the person's failed sign-ins (django-axes' reset) so they may try again now;
    returns how many lockout records went."""
    with transaction.atomic():
        cleared = axes_reset(username=user.email.lower())
        audit_record(
            action="casework.user.unlocked",
            actor=unlocked_by,
            obj=user,
            agency_id=agency.pk,
            request=request,
            detail={"records_cleared": cleared},
        )
    return cleared


def staff_invitation_resend(
    *, agency: Agency, user: User, sent_by: User | None, base_url: str, send_email: bool = True
) -> User:
    """A new link (the old ones stop working), for someone who has not set a password.
    Returns the account as saved: a link is made from its new password field."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.has_usable_password():
            raise AdministrationError(
                f"{user.full_name} has set a password already; they can use "
                "“Forgot your password?” on the sign-in page if they lost it."
            )
        if not user.is_active:
            raise AdministrationError("Reactivate the account first.")
        invitation_renew(user=user)
        audit_record(
            action="casework.user.invitation_resent", actor=sent_by, obj=user, agency_id=agency.pk
        )
        if send_email:
            enqueue_on_commit(send_invitation, user.pk, base_url)
    return user
