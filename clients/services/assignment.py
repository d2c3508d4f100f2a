"""Who serves the client: the primary case manager and secondary staff, each for a period, and
transfers to another team or service area. Periods are ended, never rewritten, so the history
answers "who had this client on that day"."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from casework import access
from casework.audit import audit_client
from casework.models import ServiceArea, Team, User, save_new_version
from casework.staffing.matching import Needs
from casework.staffing.services import match_override_record
from casework.tasks import reminders_sweep_soon
from clients.models import Assignment, AssignmentRole, Client, Transfer
from clients.selectors.matching import client_needs, needs_of, staff_suggestion
from clients.selectors.staff import is_assignable
from clients.services.contact_dates import contact_dates_refresh
from clients.services.errors import ClientRecordError


def _lock_open(client_id: int) -> Client:
    client = Client.objects.select_for_update().get(pk=client_id)
    if not client.is_open:
        raise ClientRecordError("A discharged client has no staff; re-open the client first.")
    return client


def _check_date(day: date, *, field: str, not_before: date | None = None) -> None:
    if day > timezone.localdate():
        raise ClientRecordError("The date cannot be in the future.", field=field)
    if not_before is not None and day < not_before:
        raise ClientRecordError(
            f"The date cannot be before {date_format(not_before)}, when the current period began.",
            field=field,
        )


def _check_staff(staff: User, team_id: int, *, field: str = "staff") -> None:
    if not is_assignable(staff=staff, team=Team(pk=team_id)):
        raise ClientRecordError(
            "Choose a case manager or supervisor of the client's team.", field=field
        )


def _audit(action: str, row: Assignment | Transfer, client: Client, by: User, **detail) -> None:
    audit_client(action, row, client, actor=by, detail=detail)


def match_check(
    *, team: Team, staff: User, needs: Needs, override_reason: str, field: str = "override_reason"
) -> tuple[str, ...]:
    """The matching rules the choice of `staff` breaks (missing training, language, no room);
    refused without a written reason when there are any. Returns the broken rules' codes."""
    suggestion = staff_suggestion(team=team, staff=staff, needs=needs)
    if suggestion is None or not suggestion.rules_broken:
        return ()
    if not override_reason.strip():
        why = "; ".join(r.text[:1].lower() + r.text[1:] for r in suggestion.broken_reasons)
        raise ClientRecordError(
            f"{staff} does not meet every rule for this client ({why}). "
            "Say why you choose them anyway.",
            field=field,
        )
    return suggestion.rules_broken


def client_match_check(
    *, client: Client, staff: User, override_reason: str, secondary: bool = False
) -> tuple[Team, tuple[str, ...]]:
    """`match_check` for a choice in the client's own team (a primary or secondary, at
    reassignment or re-opening): the team, loaded with its program, and the rules broken."""
    team = Team.objects.select_related("program").get(pk=client.team_id)
    needs = client_needs(client, secondary=secondary)
    return team, match_check(team=team, staff=staff, needs=needs, override_reason=override_reason)


def match_override_keep(
    *, assignment: Assignment, team: Team, rules: tuple[str, ...], reason: str, by: User
) -> int | None:
    """Record the written reason for a choice against the rules; the override's id or None."""
    if not rules:
        return None
    return match_override_record(
        assignment_id=assignment.pk,
        client_id=assignment.client_id,
        team=team,
        staff=assignment.staff,
        rules=list(rules),
        reason=reason,
        recorded_by=by,
    ).pk


def assignment_open(
    *,
    client: Client,
    staff: User,
    role: str,
    started_on: date,
    reason: str,
    by: User,
    team: Team,
    rules: tuple[str, ...],
    override_reason: str,
) -> tuple[Assignment, int | None]:
    """Open a period for `staff` and, for a choice against the matching rules, keep the written
    reason as a MatchOverride. The one writer of a new period: intake, re-opening, reassignment,
    secondary staff and transfer all start one the same way. Returns the period and the
    override's id (None when no rule was broken)."""
    assignment = Assignment.objects.create(
        client=client,
        staff=staff,
        role=role,
        started_on=started_on,
        reason=reason[:300],
        assigned_by=by,
    )
    override = match_override_keep(
        assignment=assignment, team=team, rules=rules, reason=override_reason, by=by
    )
    return assignment, override


def override_detail(rules: tuple[str, ...], override: int | None) -> dict:
    """What the audit event adds for a choice against the rules: the rule codes and the
    MatchOverride's id (its reason is free text, kept on that row, not in the trail)."""
    return {"rules_broken": list(rules), "override": override} if rules else {}


def _open_audited(
    action: str,
    *,
    client: Client,
    staff: User,
    by: User,
    rules: tuple[str, ...],
    role: str,
    started_on: date,
    reason: str,
    team: Team,
    override_reason: str,
    **detail,
) -> Assignment:
    """`assignment_open` for staff chosen on the record (a new primary, a secondary added): the
    reminders follow the new staff and the audit event names them and any rule broken."""
    assignment, override = assignment_open(
        client=client,
        staff=staff,
        role=role,
        started_on=started_on,
        reason=reason,
        by=by,
        team=team,
        rules=rules,
        override_reason=override_reason,
    )
    reminders_sweep_soon()  # reminders follow the new staff
    _audit(
        action, assignment, client, by, staff=staff.pk, **detail, **override_detail(rules, override)
    )
    return assignment


def primary_reassign(
    *,
    client_id: int,
    staff: User,
    started_on: date,
    reason: str,
    assigned_by: User,
    override_reason: str = "",
) -> Assignment:
    """Hand the client to a new primary case manager: the current primary period ends on the
    day the new one starts. A secondary who becomes primary ends their secondary period.
    A choice against the matching rules needs `override_reason`, kept as a MatchOverride."""
    with transaction.atomic():
        client = _lock_open(client_id)
        _check_staff(staff, client.team_id)
        if not reason.strip():
            raise ClientRecordError("Give a reason.", field="reason")
        team, rules = client_match_check(
            client=client, staff=staff, override_reason=override_reason
        )
        current = client.assignments.filter(role=AssignmentRole.PRIMARY, ended_on__isnull=True)
        current = current.select_for_update().first()
        if current is not None and current.staff_id == staff.pk:
            raise ClientRecordError(f"{staff} is already the primary case manager.", field="staff")
        _check_date(started_on, field="started_on", not_before=current and current.started_on)
        for row in client.assignments.select_for_update().filter(
            ended_on__isnull=True, staff=staff
        ):
            _check_date(started_on, field="started_on", not_before=row.started_on)
            row.ended_on = started_on
            row.save(update_fields=["ended_on"])
        if current is not None:
            current.ended_on = started_on
            current.save(update_fields=["ended_on"])
        return _open_audited(
            "clients.assignment.primary_reassigned",
            client=client,
            staff=staff,
            role=AssignmentRole.PRIMARY,
            started_on=started_on,
            reason=reason,
            by=assigned_by,
            team=team,
            rules=rules,
            override_reason=override_reason,
            previous=current.staff_id if current else None,
        )


def secondary_add(
    *,
    client_id: int,
    staff: User,
    started_on: date,
    reason: str,
    assigned_by: User,
    override_reason: str = "",
) -> Assignment:
    """Add secondary staff for a period. A choice against the matching rules needs
    `override_reason`, kept as a MatchOverride, as for a primary."""
    with transaction.atomic():
        client = _lock_open(client_id)
        _check_staff(staff, client.team_id)
        _check_date(started_on, field="started_on")
        if client.assignments.filter(ended_on__isnull=True, staff=staff).exists():
            raise ClientRecordError(f"{staff} already serves this client.", field="staff")
        team, rules = client_match_check(
            client=client, staff=staff, override_reason=override_reason, secondary=True
        )
        return _open_audited(
            "clients.assignment.secondary_added",
            client=client,
            staff=staff,
            role=AssignmentRole.SECONDARY,
            started_on=started_on,
            reason=reason,
            by=assigned_by,
            team=team,
            rules=rules,
            override_reason=override_reason,
        )


def secondary_end(
    *, client_id: int, assignment_id: int, ended_on: date, ended_by: User
) -> Assignment:
    """End a secondary period. The primary is never ended alone: it is reassigned."""
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        assignment = (
            client.assignments.select_for_update()
            .filter(pk=assignment_id, role=AssignmentRole.SECONDARY, ended_on__isnull=True)
            .first()
        )
        if assignment is None:
            raise ClientRecordError("That staff member no longer serves this client.")
        _check_date(ended_on, field="ended_on", not_before=assignment.started_on)
        assignment.ended_on = ended_on
        assignment.save(update_fields=["ended_on"])
        reminders_sweep_soon()  # reminders follow the new staff
        _audit(
            "clients.assignment.secondary_ended",
            assignment,
            client,
            ended_by,
            staff=assignment.staff_id,
        )
    return assignment


def client_transfer(
    *,
    client_id: int,
    to_team: Team,
    to_service_area: ServiceArea | None,
    effective_on: date,
    reason: str,
    new_primary: User | None,
    transferred_by: User,
    override_reason: str = "",
) -> Transfer:
    """Move the client to another team and/or service area of the agency. The current staff's
    periods end that day; a new primary is named only by someone who writes the new team."""
    with transaction.atomic():
        client = _lock_open(client_id)
        who = access.access_for(transferred_by)
        if not who.can_change_team(client.team_id):
            raise ClientRecordError("Only the client's own team can transfer the client.")
        if to_team.agency_id != client.agency_id or not to_team.is_active:
            raise ClientRecordError("Choose an active team of the agency.", field="to_team")
        if to_service_area is not None and to_service_area.agency_id != client.agency_id:
            raise ClientRecordError(
                "Choose one of the agency's service areas.", field="to_service_area"
            )
        if to_team.pk == client.team_id and to_service_area == client.service_area:
            raise ClientRecordError(
                "Choose another team or service area: this is where the client is now.",
                field="to_team",
            )
        if not reason.strip():
            raise ClientRecordError("Give a reason.", field="reason")
        _check_date(effective_on, field="effective_on")
        current = list(client.assignments.select_for_update().filter(ended_on__isnull=True))
        for row in current:
            _check_date(effective_on, field="effective_on", not_before=row.started_on)
        rules: tuple[str, ...] = ()
        if new_primary is not None:
            if not who.can_change_team(to_team.pk):
                raise ClientRecordError(
                    "Only a member of the receiving team can name its primary case manager.",
                    field="new_primary",
                )
            _check_staff(new_primary, to_team.pk, field="new_primary")
            rules = match_check(
                team=to_team,
                staff=new_primary,
                needs=needs_of(details=client, service_area=to_service_area),
                override_reason=override_reason,
            )
        transfer = Transfer.objects.create(
            client=client,
            from_team_id=client.team_id,
            to_team=to_team,
            from_service_area_id=client.service_area_id,
            to_service_area=to_service_area,
            effective_on=effective_on,
            reason=reason,
            transferred_by=transferred_by,
        )
        for row in current:
            row.ended_on = effective_on
            row.save(update_fields=["ended_on"])
        override = None
        if new_primary is not None:
            _, override = assignment_open(
                client=client,
                staff=new_primary,
                role=AssignmentRole.PRIMARY,
                started_on=effective_on,
                reason="Transfer",
                by=transferred_by,
                team=to_team,
                rules=rules,
                override_reason=override_reason,
            )
        client.team = to_team
        client.service_area = to_service_area
        save_new_version(client, "team", "service_area")
        # The contact standard may come from the new team's program.
        contact_dates_refresh(client_ids=[client.pk])
        reminders_sweep_soon()
        _audit(
            "clients.client.transferred",
            transfer,
            client,
            transferred_by,
            from_team=transfer.from_team_id,
            to_team=to_team.pk,
            to_service_area=to_service_area.pk if to_service_area else None,
            new_primary=new_primary.pk if new_primary else None,
            **override_detail(rules, override),
        )
    return transfer
