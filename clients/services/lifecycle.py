"""The status lifecycle: referred → active ⇄ on hold, any open status → discharged, and a
discharged client re-opened in a new episode. Every move is a StatusChange row with its date
and reason, so the history is never overwritten.

The allowed moves are `TRANSITIONS`, the one table the forms, the panel and the services read.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from casework.audit import audit_client
from casework.models import Program, Team, User, save_new_version
from casework.tasks import reminders_sweep_soon
from clients.models import (
    AssignmentRole,
    Client,
    DischargeReason,
    Enrolment,
    Episode,
    Status,
    StatusChange,
)
from clients.selectors.staff import is_assignable
from clients.services.assignment import (
    assignment_open,
    client_match_check,
    override_detail,
)
from clients.services.contact_dates import contact_dates_refresh
from clients.services.errors import ClientRecordError

# Status -> statuses it may move to through the status form. Discharge has its own form
# (reason and summary); a discharged client comes back only through re-opening.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REFERRED: frozenset({Status.ACTIVE, Status.DISCHARGED}),
    Status.ACTIVE: frozenset({Status.ON_HOLD, Status.DISCHARGED}),
    Status.ON_HOLD: frozenset({Status.ACTIVE, Status.DISCHARGED}),
    Status.DISCHARGED: frozenset(),
}
# A re-opened (or new) episode starts in one of these.
OPENING_STATUSES = (Status.REFERRED, Status.ACTIVE)


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def _moved(
    row: StatusChange | Episode | Enrolment, client: Client, *, action: str, by: User, detail: dict
) -> None:
    """The end of every move: the status or program it changes sets the contact standard and
    who is reminded, so the next contact dates are recomputed and the reminders swept before
    the move is audited."""
    contact_dates_refresh(client_ids=[client.pk])
    reminders_sweep_soon()
    audit_client(action, row, client, actor=by, detail=detail)


def check_effective_date(
    client: Client, effective_on: date, *, field: str = "effective_on"
) -> None:
    """A change takes effect no later than today and no earlier than the current status."""
    if effective_on > timezone.localdate():
        raise ClientRecordError("The date cannot be in the future.", field=field)
    if client.status_since and effective_on < client.status_since:
        raise ClientRecordError(
            "The date cannot be before the current status began "
            f"({date_format(client.status_since)}).",
            field=field,
        )


def _lock(client_id: int) -> Client:
    return Client.objects.select_for_update().get(pk=client_id)


def _open_episode(client: Client) -> Episode:
    episode = client.episodes.filter(closed_on__isnull=True).first()
    if episode is None:
        # Clients imported without an episode get one when their first change is recorded.
        opened_on = client.status_since or timezone.localdate(client.created_at)
        episode = Episode.objects.create(client=client, number=1, opened_on=opened_on)
    return episode


def _record_status(
    client: Client, episode: Episode, to_status: str, effective_on: date, reason: str, by: User
) -> StatusChange:
    change = StatusChange.objects.create(
        client=client,
        episode=episode,
        from_status=client.status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason,
        changed_by=by,
    )
    client.status = to_status
    client.status_since = effective_on
    save_new_version(client, "status", "status_since")
    return change


def status_change(
    *, client_id: int, to_status: str, effective_on: date, reason: str, changed_by: User
) -> StatusChange:
    """Move an open client between referred, active and on hold."""
    with transaction.atomic():
        client = _lock(client_id)
        if to_status == Status.DISCHARGED:
            raise ClientRecordError("Use the discharge form to discharge.", field="to_status")
        if not can_move(client.status, to_status):
            raise ClientRecordError(
                f"A client who is {client.get_status_display().lower()} cannot be moved to "
                f"{Status(to_status).label.lower()}.",
                field="to_status",
            )
        check_effective_date(client, effective_on)
        if not reason.strip():
            raise ClientRecordError("Give a reason.", field="reason")
        change = _record_status(
            client, _open_episode(client), to_status, effective_on, reason, changed_by
        )
        _moved(
            change,
            client,
            action="clients.client.status_changed",
            by=changed_by,
            detail={"from": change.from_status, "to": to_status},
        )
    return change


def client_discharge(
    *, client_id: int, effective_on: date, reason: str, summary: str, discharged_by: User
) -> Episode:
    """Discharge: close the episode, end the enrolment and every current assignment that day."""
    with transaction.atomic():
        client = _lock(client_id)
        if not can_move(client.status, Status.DISCHARGED):
            raise ClientRecordError("This client is already discharged.")
        check_effective_date(client, effective_on)
        if reason not in DischargeReason.values:
            raise ClientRecordError("Choose a discharge reason.", field="reason")
        if not summary.strip():
            raise ClientRecordError("Write a discharge summary.", field="summary")
        episode = _open_episode(client)
        if effective_on < episode.opened_on:
            raise ClientRecordError(
                f"The episode opened on {date_format(episode.opened_on)}; "
                "discharge cannot be earlier.",
                field="effective_on",
            )
        _record_status(
            client,
            episode,
            Status.DISCHARGED,
            effective_on,
            DischargeReason(reason).label,
            discharged_by,
        )
        episode.closed_on = effective_on
        episode.discharge_reason = reason
        episode.discharge_summary = summary
        episode.closed_by = discharged_by
        episode.save(
            update_fields=["closed_on", "discharge_reason", "discharge_summary", "closed_by"]
        )
        _end_periods(client, effective_on, "Discharged")
        _moved(
            episode,
            client,
            action="clients.client.discharged",
            by=discharged_by,
            detail={"episode": episode.number, "reason": reason},
        )
    return episode


def _end_periods(client: Client, ended_on: date, reason: str) -> None:
    # A period that would end before it started (started after the discharge date) ends on
    # its own start: the check constraint keeps periods well-formed.
    for row in client.enrolments.filter(ended_on__isnull=True):
        row.ended_on = max(ended_on, row.started_on)
        row.end_reason = reason
        row.save(update_fields=["ended_on", "end_reason"])
    for row in client.assignments.filter(ended_on__isnull=True):
        row.ended_on = max(ended_on, row.started_on)
        row.reason = (row.reason + f" · Ended: {reason}").strip(" ·")[:300]
        row.save(update_fields=["ended_on", "reason"])


def client_reopen(
    *,
    client_id: int,
    effective_on: date,
    reason: str,
    program: Program,
    status: str,
    primary: User,
    reopened_by: User,
    override_reason: str = "",
) -> Episode:
    """Re-open a discharged client in a new episode; the old episode and its history stay.
    A primary chosen against the matching rules needs `override_reason` (a MatchOverride)."""
    with transaction.atomic():
        client = _lock(client_id)
        if client.status != Status.DISCHARGED:
            raise ClientRecordError("Only a discharged client can be re-opened.")
        check_effective_date(client, effective_on)
        if not reason.strip():
            raise ClientRecordError("Give a reason for re-opening.", field="reason")
        if status not in OPENING_STATUSES:
            raise ClientRecordError("Re-open as referred or active.", field="status")
        if program.agency_id != client.agency_id:
            raise ClientRecordError("Choose one of the agency's programs.", field="program")
        if not is_assignable(staff=primary, team=Team(pk=client.team_id)):
            raise ClientRecordError(
                "The primary case manager must be a case manager or supervisor of the team.",
                field="primary",
            )
        team, rules = client_match_check(
            client=client, staff=primary, override_reason=override_reason
        )
        last = client.episodes.order_by("-number").first()
        if last and last.closed_on and effective_on < last.closed_on:
            raise ClientRecordError(
                "The new episode cannot start before the last one closed.", field="effective_on"
            )
        episode = Episode.objects.create(
            client=client,
            number=(last.number if last else 0) + 1,
            opened_on=effective_on,
            opened_by=reopened_by,
            reopen_reason=reason,
        )
        _record_status(client, episode, status, effective_on, reason, reopened_by)
        Enrolment.objects.create(
            client=client, program=program, started_on=effective_on, created_by=reopened_by
        )
        _, override = assignment_open(
            client=client,
            staff=primary,
            role=AssignmentRole.PRIMARY,
            started_on=effective_on,
            reason="Re-opened",
            by=reopened_by,
            team=team,
            rules=rules,
            override_reason=override_reason,
        )
        client.program = program
        client.save(update_fields=["program"])
        _moved(
            episode,
            client,
            action="clients.client.reopened",
            by=reopened_by,
            detail={
                "episode": episode.number,
                "status": status,
                "program": program.pk,
                "primary": primary.pk,
                **override_detail(rules, override),
            },
        )
    return episode


def enrolment_change(
    *, client_id: int, program: Program, started_on: date, reason: str, changed_by: User
) -> Enrolment:
    """Move an open client to another program: the current enrolment ends the day the new one
    starts, so the client is never without a program."""
    with transaction.atomic():
        client = _lock(client_id)
        if not client.is_open:
            raise ClientRecordError("A discharged client is re-opened, not re-enrolled.")
        if program.agency_id != client.agency_id:
            raise ClientRecordError("Choose one of the agency's programs.", field="program")
        if started_on > timezone.localdate():
            raise ClientRecordError("The date cannot be in the future.", field="started_on")
        if not reason.strip():
            raise ClientRecordError("Give a reason.", field="reason")
        current = client.enrolments.filter(ended_on__isnull=True).first()
        if current is not None:
            if current.program_id == program.pk:
                raise ClientRecordError(
                    f"The client is already enrolled in {program}.", field="program"
                )
            if started_on <= current.started_on:
                raise ClientRecordError(
                    f"The current enrolment began on {date_format(current.started_on)}; "
                    "the new one must start after it.",
                    field="started_on",
                )
            current.ended_on = started_on
            current.end_reason = reason[:200]
            current.save(update_fields=["ended_on", "end_reason"])
        enrolment = Enrolment.objects.create(
            client=client, program=program, started_on=started_on, created_by=changed_by
        )
        client.program = program
        save_new_version(client, "program")
        _moved(
            enrolment,
            client,
            action="clients.enrolment.changed",
            by=changed_by,
            detail={
                "from_program": current.program_id if current else None,
                "to_program": program.pk,
            },
        )
    return enrolment
