"""Programs (with their contact standards and note windows), service areas and teams, made
and edited by the agency admin: each save under the row's version, checked, audited.

The numbers' bounds are the ones a real program could have (shared/domain/programs.md):
contact at least yearly, notes signed within a month, and so on; the database keeps its own
constraints besides.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction

from administration.services import STALE, AdministrationError
from casework.audit import audit_record
from casework.models import Agency, Program, ServiceArea, Team, User
from clients.models import Client
from clients.selectors.caseload import OPEN_STATUSES

PROGRAM_FIELDS = (
    "name",
    "kind",
    "contact_standard_days",
    "note_window_business_days",
    "crisis_note_window_hours",
    "care_plan_review_days",
    "reassessment_days",
    "caseload_ratio",
)
AREA_FIELDS = ("name", "code")
TEAM_FIELDS = ("name", "program", "service_area", "is_active")

# field -> (lowest, highest, what the number counts)
PROGRAM_BOUNDS = {
    "contact_standard_days": (1, 365, "days"),
    "note_window_business_days": (1, 30, "business days"),
    "crisis_note_window_hours": (1, 168, "hours"),
    "care_plan_review_days": (7, 730, "days"),
    "reassessment_days": (7, 730, "days"),
    "caseload_ratio": (1, 200, "clients"),
}


def _clean_name(fields: dict[str, Any]) -> None:
    fields["name"] = " ".join(str(fields.get("name") or "").split())
    if not fields["name"]:
        raise AdministrationError("Enter a name.", field="name")


def _name_taken(model: type[models.Model], agency: Agency, name: str, pk: int | None) -> None:
    taken = model.objects.filter(agency=agency, name__iexact=name).exclude(pk=pk)
    if taken.exists():
        raise AdministrationError(
            f"The agency already has a {model._meta.verbose_name} of that name.", field="name"
        )


def _check_program(agency: Agency, fields: dict[str, Any], pk: int | None) -> None:
    _clean_name(fields)
    if fields.get("kind") not in Program.Kind.values:
        raise AdministrationError("Choose the kind of program.", field="kind")
    for name, (low, high, unit) in PROGRAM_BOUNDS.items():
        value = fields.get(name)
        if value is None or not low <= value <= high:
            raise AdministrationError(f"Between {low} and {high} {unit}.", field=name)
    _name_taken(Program, agency, fields["name"], pk)


def _check_area(agency: Agency, fields: dict[str, Any], pk: int | None) -> None:
    _clean_name(fields)
    fields["code"] = str(fields.get("code") or "").strip()
    _name_taken(ServiceArea, agency, fields["name"], pk)


def _check_team(agency: Agency, fields: dict[str, Any], pk: int | None) -> None:
    _clean_name(fields)
    program, area = fields.get("program"), fields.get("service_area")
    if program is None or program.agency_id != agency.pk:
        raise AdministrationError("Choose one of the agency's programs.", field="program")
    if area is not None and area.agency_id != agency.pk:
        raise AdministrationError("Choose one of the agency's service areas.", field="service_area")
    _name_taken(Team, agency, fields["name"], pk)
    if pk is not None and not fields.get("is_active", True):
        # The access policy hides an inactive team's clients from everyone: none may be left.
        open_clients = Client.objects.filter(team_id=pk, status__in=OPEN_STATUSES).count()
        if open_clients:
            raise AdministrationError(
                f"The team still serves {open_clients} open client"
                f"{'s' if open_clients != 1 else ''}: a supervisor transfers them to another "
                "team first.",
                field="is_active",
            )


_CHECKS = {Program: _check_program, ServiceArea: _check_area, Team: _check_team}
_FIELDS = {Program: PROGRAM_FIELDS, ServiceArea: AREA_FIELDS, Team: TEAM_FIELDS}


def _audit_detail(fields: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Names and numbers of the changed fields; related rows by id."""
    detail = {}
    for name in names:
        value = fields[name]
        detail[name] = value.pk if isinstance(value, models.Model) else value
    return detail


def structure_create(
    *, model: type[models.Model], agency: Agency, fields: dict[str, Any], created_by: User
) -> models.Model:
    """A new program, service area or team of the agency."""
    fields = {name: fields.get(name) for name in _FIELDS[model] if name in fields}
    _CHECKS[model](agency, fields, None)
    try:
        with transaction.atomic():
            obj = model.objects.create(agency=agency, **fields)
            audit_record(
                action=f"{obj._meta.label_lower}.created",
                actor=created_by,
                obj=obj,
                agency_id=agency.pk,
                detail=_audit_detail(fields, list(fields)),
            )
    except IntegrityError as error:  # two admins naming two rows alike at once
        raise AdministrationError("That name was just taken.", field="name") from error
    return obj


def structure_update(
    *,
    model: type[models.Model],
    agency: Agency,
    pk: int,
    version: int | None,
    fields: dict[str, Any],
    changed_by: User,
) -> models.Model:
    """Save the edited fields unless someone saved the row since `version` was read."""
    fields = {name: fields.get(name) for name in _FIELDS[model] if name in fields}
    try:
        with transaction.atomic():
            obj = model.objects.select_for_update().get(pk=pk, agency=agency)
            if obj.version != version:
                raise AdministrationError(STALE)
            _CHECKS[model](agency, fields, pk)
            changed = [name for name, value in fields.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, fields[name])
            obj.version += 1
            obj.save(update_fields=[*changed, "version"])
            audit_record(
                action=f"{obj._meta.label_lower}.changed",
                actor=changed_by,
                obj=obj,
                agency_id=agency.pk,
                detail=_audit_detail(fields, changed),
            )
    except IntegrityError as error:
        raise AdministrationError("That name was just taken.", field="name") from error
    return obj
