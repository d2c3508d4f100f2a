"""Import an HSDS package into one agency's directory: validate everything first, then write
all of it in one transaction, or nothing.

Rows are matched by HSDS id within the agency, so importing the same package again changes
nothing, and a changed package updates exactly the rows that differ (their `version` moves on,
so an admin's open edit form is refused rather than overwriting the import). Rows the package
does not mention are left as they are: an import never deletes.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from casework.audit import audit_record
from casework.models import Agency, Membership, User
from directory.hsds.packages import Problem, RawPackage, read_package
from directory.hsds.tables import (
    ELSEWHERE,
    TABLES,
    UNSTORED,
    Column,
    Table,
    elsewhere_name,
    skipped_reason,
)
from directory.models import Location, Organization, Service, Weekday

_VERSIONED = (Organization, Service, Location)
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


@dataclass
class _Row:
    file: str
    line: int | str
    values: dict[str, Any]
    # column -> referenced HSDS id (None when the cell is empty)
    refs: dict[Column, uuid.UUID | None] = field(default_factory=dict)


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def skipped_reasons(self) -> list[tuple[str, str]]:
        """Each table in the package that was not imported, with why."""
        return [(name, skipped_reason(name)) for name in self.skipped]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())


def directory_import(
    *,
    agency: Agency,
    data: bytes,
    imported_by: User | None,
    filename: str = "",
    dry_run: bool = False,
) -> ImportReport:
    raw = read_package(data, filename=filename)
    report = ImportReport(problems=list(raw.problems), skipped=list(raw.skipped))
    if report.problems:
        return report
    elsewhere: dict[tuple, int] = {}
    parsed = _validate(agency, raw, report.problems, elsewhere)
    report.skipped += [elsewhere_name(t, c, n) for (t, c), n in elsewhere.items()]
    report.problems += raw.row_problems
    if report.problems or dry_run:
        return report
    try:
        with transaction.atomic():
            _apply(agency, parsed, report)
            audit_record(
                action="directory.package.imported",
                actor=imported_by,
                agency_id=agency.pk,
                detail={"created": report.created, "changed": report.changed},
            )
    except IntegrityError:
        # Validation catches what it can see; a clash with rows already in the directory
        # (say, a second id for the same service and location) is caught here, whole.
        report.created, report.changed = {}, {}
        report.problems.append(
            Problem("package", None, "", "It conflicts with entries already in the directory.")
        )
    return report


# Validation ---------------------------------------------------------------------------


def _validate(
    agency: Agency, raw: RawPackage, problems: list[Problem], elsewhere: dict[tuple, int]
) -> dict[str, list[_Row]]:
    """Every row checked; `elsewhere` counts rows whose only parent the directory does not
    keep them under (tables.ELSEWHERE), which are skipped."""
    parsed: dict[str, list[_Row]] = {}
    ids_in_package: dict[str, set[uuid.UUID]] = {}
    for table in TABLES:
        raw_table = raw.tables.get(table.name)
        rows: list[_Row] = []
        seen: dict[uuid.UUID, int | str] = {}
        parents = [c.name for c in table.columns if c.ref and c.ref != table.name]
        for line, cells in raw_table.rows if raw_table else []:
            if not any(cells.get(name, "").strip() for name in parents):
                other = next((c for t, c in ELSEWHERE if t == table.name and cells.get(c)), None)
                if other is not None:
                    elsewhere[(table.name, other)] = elsewhere.get((table.name, other), 0) + 1
                    continue
            row = _parse_row(table, raw_table.file, line, cells, problems)
            hsds_id = row.values.get("hsds_id")
            if hsds_id is None:
                continue
            if hsds_id in seen:
                problems.append(
                    Problem(
                        row.file, line, "id", f"Duplicate id; also used at line {seen[hsds_id]}."
                    )
                )
                continue
            seen[hsds_id] = line
            rows.append(row)
        parsed[table.name] = rows
        ids_in_package[table.name] = set(seen)
    _check_references(agency, parsed, ids_in_package, problems)
    _check_pairs(parsed, problems)
    return parsed


def _parse_row(table: Table, file: str, line, cells: dict[str, str], problems) -> _Row:
    row = _Row(file, line, {})
    for column in table.columns:
        text = cells.get(column.name, "")
        if "\x00" in text:
            problems.append(Problem(file, line, column.name, "Contains a NUL character."))
            continue
        if column.required and not text.strip():
            problems.append(Problem(file, line, column.name, "Required; the cell is empty."))
            continue
        if column.ref:
            row.refs[column] = None
            if text.strip():
                try:
                    row.refs[column] = uuid.UUID(text.strip())
                except ValueError:
                    problems.append(Problem(file, line, column.name, "Not a UUID."))
            continue
        if (table.name, column.name) in UNSTORED:
            if text.strip() != "service":
                problems.append(
                    Problem(file, line, column.name, "Only attributes of services are imported.")
                )
            continue
        try:
            row.values[column.field_name] = _convert(table.model, column, text)
        except ValidationError as error:
            problems.append(Problem(file, line, column.name, " ".join(error.messages)))
    for column, message in _row_rules(table, row):
        problems.append(Problem(file, line, column, message))
    return row


def _convert(model: type[models.Model], column: Column, text: str) -> Any:
    model_field = model._meta.get_field(column.field_name)
    if column.kind == "bool":
        lowered = text.strip().lower()
        if not lowered:
            return model_field.default
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise ValidationError("Expected true or false.")
    if isinstance(model_field, (models.CharField, models.TextField)):
        return model_field.clean(text, None)
    if not text.strip() and model_field.null:
        return None
    return model_field.clean(text.strip(), None)


def _row_rules(table: Table, row: _Row) -> list[tuple[str, str]]:
    v = row.values
    broken: list[tuple[str, str]] = []
    if table.name == "services":
        low, high = v.get("minimum_age"), v.get("maximum_age")
        if low is not None and high is not None and low > high:
            broken.append(("maximum_age", "Below the minimum age."))
    elif table.name == "addresses":
        if "country" in v and not _COUNTRY.match(v["country"]):
            broken.append(("country", "Expected an ISO 3166-1 alpha-2 code such as US."))
        if v.get("address_type", "physical") not in {"physical", "postal", "virtual"}:
            broken.append(("address_type", "Expected physical, postal or virtual."))
    elif table.name == "languages":
        if "code" in v and not _LANGUAGE_CODE.match(v["code"]):
            broken.append(("code", "Expected an ISO 639 code such as en or es."))
    elif table.name == "schedules":
        if v.get("freq", "WEEKLY") != "WEEKLY":
            broken.append(("freq", "Only weekly schedules (WEEKLY) are kept."))
        days = [d.strip() for d in v.get("byday", "").split(",")]
        if "byday" in v and not all(d in Weekday.values for d in days):
            broken.append(("byday", "Expected days such as MO,TU,WE."))
        opens, closes = v.get("opens_at"), v.get("closes_at")
        if opens is not None and closes is not None and opens >= closes:
            broken.append(("closes_at", "Must be after opens_at."))
    elif table.name == "cost_options":
        if v.get("currency") and not _CURRENCY.match(v["currency"]):
            broken.append(("currency", "Expected an ISO 4217 code such as USD."))
        if v.get("amount") is not None and v["amount"] < 0:
            broken.append(("amount", "Cannot be negative."))
        start, end = v.get("valid_from"), v.get("valid_to")
        if start is not None and end is not None and start > end:
            broken.append(("valid_to", "Before valid_from."))
    if table.one_parent:
        parents = [c.name for c, ref in row.refs.items() if ref is not None]
        if len(parents) != 1:
            broken.append(("", f"Needs exactly one of {', '.join(table.one_parent)}."))
    return broken


def _check_references(agency, parsed, ids_in_package, problems) -> None:
    existing: dict[str, set[uuid.UUID]] = {}
    for table in TABLES:
        for row in parsed[table.name]:
            for column, ref in row.refs.items():
                if ref is None or ref in ids_in_package[column.ref]:
                    continue
                if column.ref not in existing:
                    model = next(t.model for t in TABLES if t.name == column.ref)
                    existing[column.ref] = set(
                        model.objects.filter(agency=agency).values_list("hsds_id", flat=True)
                    )
                if ref not in existing[column.ref]:
                    problems.append(
                        Problem(
                            row.file,
                            row.line,
                            column.name,
                            f"No row of {column.ref} has the id {ref}.",
                        )
                    )


def _check_pairs(parsed, problems) -> None:
    """Pairs the database holds once: a service at a location, a service under a term."""
    for name, a, b in (
        ("service_at_location", "service_id", "location_id"),
        ("attributes", "link_id", "taxonomy_term_id"),
    ):
        seen: dict[tuple, int | str] = {}
        for row in parsed[name]:
            refs = {c.name: r for c, r in row.refs.items()}
            pair = (refs.get(a), refs.get(b))
            if None in pair:
                continue
            if pair in seen:
                problems.append(
                    Problem(row.file, row.line, b, f"The same pair as at line {seen[pair]}.")
                )
            else:
                seen[pair] = row.line


# Writing ------------------------------------------------------------------------------


def _apply(agency: Agency, parsed: dict[str, list[_Row]], report: ImportReport) -> None:
    pks: dict[str, dict[uuid.UUID, int]] = {}
    staff = dict(
        Membership.objects.filter(team__agency=agency)
        .values_list("user__email", "user_id")
        .distinct()
    )
    staff = {email.lower(): pk for email, pk in staff.items()}
    now = timezone.now()
    for table in TABLES:
        model = table.model
        existing = {obj.hsds_id: obj for obj in model.objects.filter(agency=agency)}
        pks[table.name] = {hsds_id: obj.pk for hsds_id, obj in existing.items()}
        new: list[models.Model] = []
        changed: dict[uuid.UUID, models.Model] = {}
        fields: set[str] = set()
        later: list[tuple[models.Model | uuid.UUID, str, uuid.UUID | None]] = []
        for row in parsed.get(table.name, []):
            attrs = dict(row.values)
            for column, ref in row.refs.items():
                attr = f"{column.field_name}_id"
                if column.ref == table.name:  # a term's parent: may be created below
                    later.append((attrs["hsds_id"], attr, ref))
                    continue
                attrs[attr] = pks[column.ref][ref] if ref is not None else None
            if "assurer_email" in attrs:
                attrs["verified_by_id"] = staff.get(attrs["assurer_email"].lower())
            obj = existing.get(attrs["hsds_id"])
            if obj is None:
                new.append(model(agency=agency, **attrs))
                continue
            differ = [name for name, value in attrs.items() if getattr(obj, name) != value]
            if differ:
                for name in differ:
                    setattr(obj, name, attrs[name])
                changed[obj.hsds_id] = obj
                fields.update(differ)
        model.objects.bulk_create(new)
        for obj in new:
            pks[table.name][obj.hsds_id] = obj.pk
        by_id = {**existing, **{obj.hsds_id: obj for obj in new}}
        created_ids = {obj.hsds_id for obj in new}
        for hsds_id, attr, ref in later:
            obj, target = by_id[hsds_id], pks[table.name][ref] if ref else None
            if getattr(obj, attr) != target:
                setattr(obj, attr, target)
                fields.add(attr)
                changed[hsds_id] = obj
        _save_changes(model, changed, created_ids, fields, now)
        report.created[table.name] = len(new)
        report.changed[table.name] = len([h for h in changed if h not in created_ids])


def _save_changes(model, changed: dict, created_ids: set, fields: set[str], now) -> None:
    if not changed:
        return
    rows = list(changed.values())
    if model in _VERSIONED:
        for obj in rows:
            if obj.hsds_id not in created_ids:
                obj.version += 1
        fields = fields | {"version"}
    if any(f.name == "updated_at" for f in model._meta.fields):
        for obj in rows:
            obj.updated_at = now
        fields = fields | {"updated_at"}
    model.objects.bulk_update(rows, sorted(fields), batch_size=500)
