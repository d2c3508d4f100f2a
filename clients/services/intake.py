"""Intake (a new client with their first episode, status, enrolment and primary case manager,
all in one transaction) and later edits of the identifying details under optimistic locking."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import access
from casework.audit import audit_client
from casework.models import Program, Team, User, save_new_version
from clients.models import (
    AssignmentRole,
    Client,
    Enrolment,
    Episode,
    StatusChange,
)
from clients.selectors.matching import needs_of
from clients.selectors.staff import is_assignable
from clients.services.assignment import assignment_open, match_check, override_detail
from clients.services.contact_dates import contact_dates_refresh
from clients.services.details import only_fields
from clients.services.errors import ClientRecordError, StaleRecordError
from clients.services.lifecycle import OPENING_STATUSES

# The fields a person may type on intake and edit; nothing else reaches the model
# (mass assignment: team, status, version and the contact dates have their own services).
DETAIL_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "pronouns",
    "primary_language",
    "needs_interpreter",
    "phone",
    "address",
    "record_number",
    "service_area",
    "risk_level",
    "justice_involved",
    "co_occurring_substance_use",
    "homeless",
)


# Said of a record number held by a client outside the user's scope: whether a number
# exists elsewhere in the agency is not the user's to learn (issue #23).
NUMBER_UNAVAILABLE = (
    "This record number cannot be used. Check it against the client's paper file, or ask "
    "the records administrator."
)
NUMBER_TAKEN_HERE = "One of your team's clients already has this record number."


def _check_details(
    details: dict[str, Any], *, agency_id: int, client_id: int | None, viewer: User
) -> None:
    only_fields(details, DETAIL_FIELDS, "client")
    dob = details.get("date_of_birth")
    if dob is not None and dob > timezone.localdate():
        raise ClientRecordError("The date of birth cannot be in the future.", field="date_of_birth")
    area = details.get("service_area")
    if area is not None and area.agency_id != agency_id:
        raise ClientRecordError("Choose one of the agency's service areas.", field="service_area")
    number = (details.get("record_number") or "").strip()
    if not number:
        raise ClientRecordError("Enter the agency's record number.", field="record_number")
    # Unique per agency, whichever team holds it; the message names no client.
    taken = Client.objects.filter(agency_id=agency_id, record_number__iexact=number)
    if client_id is not None:
        taken = taken.exclude(pk=client_id)
    holder = taken.values_list("pk", flat=True).first()
    if holder is not None:
        raise ClientRecordError(_number_taken(viewer, holder), field="record_number")


def _number_taken(viewer: User, holder_id: int) -> str:
    if Client.objects.visible_to(viewer).filter(pk=holder_id).exists():
        return NUMBER_TAKEN_HERE
    return NUMBER_UNAVAILABLE


def client_create(
    *,
    created_by: User,
    team: Team,
    program: Program,
    enrolled_on: date,
    primary: User,
    status: str,
    details: dict[str, Any],
    primary_override_reason: str = "",
) -> Client:
    """Create the client with episode 1, the opening status, the enrolment and the primary
    case manager; refuses anything outside the creator's writable teams. A primary chosen
    against the matching rules needs `primary_override_reason` (kept as a MatchOverride)."""
    if not access.access_for(created_by).can_change_team(team.pk):
        raise ClientRecordError("You cannot add clients to this team.", field="team")
    if program.agency_id != team.agency_id:
        raise ClientRecordError("Choose one of the agency's programs.", field="program")
    if status not in OPENING_STATUSES:
        raise ClientRecordError("A new client is referred or active.", field="status")
    if enrolled_on > timezone.localdate():
        raise ClientRecordError("The start date cannot be in the future.", field="enrolled_on")
    if not is_assignable(staff=primary, team=team):
        raise ClientRecordError(
            "The primary case manager must be a case manager or supervisor of the team.",
            field="primary",
        )
    try:
        with transaction.atomic():
            _check_details(details, agency_id=team.agency_id, client_id=None, viewer=created_by)
            rules = match_check(
                team=team,
                staff=primary,
                needs=needs_of(details=Client(**details)),
                override_reason=primary_override_reason,
                field="primary_override_reason",
            )
            client = Client.objects.create(
                agency_id=team.agency_id,
                team=team,
                program=program,
                status=status,
                status_since=enrolled_on,
                created_by=created_by,
                **details,
            )
            episode = Episode.objects.create(
                client=client, number=1, opened_on=enrolled_on, opened_by=created_by
            )
            StatusChange.objects.create(
                client=client,
                episode=episode,
                from_status="",
                to_status=status,
                effective_on=enrolled_on,
                reason="Intake",
                changed_by=created_by,
            )
            Enrolment.objects.create(
                client=client, program=program, started_on=enrolled_on, created_by=created_by
            )
            _, override = assignment_open(
                client=client,
                staff=primary,
                role=AssignmentRole.PRIMARY,
                started_on=enrolled_on,
                reason="Intake",
                by=created_by,
                team=team,
                rules=rules,
                override_reason=primary_override_reason,
            )
            contact_dates_refresh(client_ids=[client.pk])
            audit_client(
                "clients.client.created",
                client,
                client,
                actor=created_by,
                detail={
                    "team": team.pk,
                    "program": program.pk,
                    "status": status,
                    **override_detail(rules, override),
                },
            )
    except IntegrityError as error:
        # Two intakes of the same record number at once: the constraint decides.
        if "client_record_number_unique" in str(error):
            raise ClientRecordError(NUMBER_UNAVAILABLE, field="record_number") from error
        raise
    return client


def client_update_details(
    *, client_id: int, version: int, details: dict[str, Any], changed_by: User
) -> Client:
    """Save edited details unless someone else saved the client since `version` was read."""
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        if client.version != version:
            raise StaleRecordError(
                "Someone else changed this client's record while you were editing. "
                "Nothing was saved; your changes are still in the form below. "
                "Open the record again to see theirs, then make yours."
            )
        _check_details(
            details, agency_id=client.agency_id, client_id=client.pk, viewer=changed_by
        )
        changed = [name for name, value in details.items() if getattr(client, name) != value]
        for name in changed:
            setattr(client, name, details[name])
        save_new_version(client, *changed)
        audit_client(
            "clients.client.updated", client, client, actor=changed_by, detail={"fields": changed}
        )
    return client
