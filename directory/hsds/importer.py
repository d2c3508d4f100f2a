"""Import an HSDS package into one agency's directory: read it in whatever shape it comes
(directory.hsds.reading), check every row, then write all of it in one transaction, or
nothing.

Two kinds of finding (directory.hsds.report): a blocking problem breaks the HSDS schema (a
required field missing, a wrong type, an id that is not a UUID, two copies of one object that
disagree) and nothing is imported; a warning keeps the row without what it names (a link to a
row neither the package nor the directory holds, a placeholder or out-of-range value, a field
or table Casework does not keep). A dry run does everything but commit, so it shows both lists
and what would be created and changed.

Rows are matched by HSDS id within the agency, so importing the same package again changes
nothing, and a changed package updates exactly the rows that differ (their `version` moves on,
so an admin's open edit form is refused rather than overwriting the import). Rows the package
does not mention are left as they are: an import never deletes. Casework's own extension
fields (`active`, `accepting_referrals`, an organisation's verification) keep their value when
a package leaves them out; HSDS fields a package leaves out are emptied, as HSDS means.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from casework.audit import audit_record
from casework.models import Agency, Membership, User
from directory.hours import evaluable
from directory.hsds import spec, values
from directory.hsds.nesting import Record
from directory.hsds.reading import read_package
from directory.hsds.report import ImportReport, Problem
from directory.models import Schedule

IMPORTED = "directory.package.imported"
_VERSIONED = {"organizations", "services", "locations", "service_capacity"}
_PAIRS = {
    "service_at_location": ("service_id", "location_id"),
    "attributes": ("link_id", "taxonomy_term_id"),
}


@dataclass
class Row:
    table: spec.Table
    record: Record
    hsds_id: uuid.UUID | None = None
    values: dict[str, Any] = field(default_factory=dict)  # model field -> value
    links: dict[str, uuid.UUID | None] = field(default_factory=dict)  # HSDS link field -> id
    given: set[str] = field(default_factory=set)  # HSDS fields the row gave a value
    kept: bool = True

    def where(self, name: str = "") -> tuple[str, int | str | None, str]:
        return self.record.file, self.record.where, name


class _Findings:
    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def block(self, row_or_record, name: str, message: str) -> None:
        record = row_or_record.record if isinstance(row_or_record, Row) else row_or_record
        self.report.problems.append(Problem(record.file, record.where, name, message))

    def warn(self, row_or_record, name: str, message: str) -> None:
        record = row_or_record.record if isinstance(row_or_record, Row) else row_or_record
        self.report.warnings.append(Problem(record.file, record.where, name, message))


def directory_import(
    *,
    agency: Agency,
    data: bytes,
    imported_by: User | None,
    filename: str = "",
    dry_run: bool = False,
) -> ImportReport:
    package = read_package(data, filename=filename)
    report = ImportReport(shape=package.shape, dry_run=dry_run)
    report.problems += package.rows.problems
    report.warnings += package.rows.warnings
    findings = _Findings(report)
    for table, file, where in package.rows.not_kept:
        reason = spec.NOT_KEPT[table]
        report.warnings.append(Problem(file, where, "", f"A {table} row is not kept: {reason}."))
    for record in package.rows.anonymous:
        findings.block(record, "id", "Required; the row has no id.")
    rows = [
        _row(record, findings)
        for table in spec.TABLES
        for record in package.rows.by_id.get(table.name, {}).values()
    ]
    by_table: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.hsds_id is not None:
            by_table[row.table.name].append(row)
    # Links are checked even when something blocks, so a dry run shows every warning too.
    _check_links(agency, by_table, findings)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            _apply(agency, by_table, report)
            if dry_run:
                transaction.set_rollback(True)
            else:
                audit_record(
                    action=IMPORTED,
                    actor=imported_by,
                    agency_id=agency.pk,
                    detail={"shape": report.shape, "created": report.created,
                            "changed": report.changed, "warnings": len(report.warnings)},
                )  # fmt: skip
    except IntegrityError:
        # Checks catch what they can see; a clash with rows already in the directory (say,
        # a second id for the same service and location) is caught here, whole.
        report.created, report.changed = {}, {}
        report.problems.append(
            Problem("package", None, "", "It conflicts with entries already in the directory.")
        )
    return report


# One row -----------------------------------------------------------------------------------


def _row(record: Record, findings: _Findings) -> Row:
    table = spec.BY_NAME[record.table]
    row = Row(table, record)
    for key, raw in record.values.items():
        if key == "_entity":
            continue
        f = table.field(key)
        if values.is_absent(raw):
            continue
        if f is None:
            findings.warn(row, key, f"Not an HSDS field of {table.resource}; not kept.")
            continue
        try:
            value = values.read(f, raw, textual=record.textual)
        except values.Blocking as error:
            findings.block(row, key, str(error))
            continue
        except values.Dropped as error:
            # A required value cannot be left out: the row would break the schema.
            (findings.block if f.required else findings.warn)(row, key, str(error))
            continue
        except values.Kept as error:
            findings.warn(row, key, str(error))
            value = error.value
        row.given.add(key)
        if f.constant:
            continue
        if f.kind == spec.UUID:
            row.hsds_id = value
        elif f.is_link:
            row.links[f.name] = value
        elif f.kind == spec.TIME:
            row.values[f.field_name] = _time(row, f, value, findings)
        else:
            row.values[f.field_name] = value
    for f in table.fields:
        absent = values.is_absent(record.values.get(f.name))
        implied = f.constant and "_entity" in record.values
        if absent and not implied and (f.required or (f.tabular and record.textual)):
            findings.block(row, f.name, "Required; missing.")
        if f.is_link:
            row.links.setdefault(f.name, None)
    _row_rules(row, findings)
    return row


def _time(row: Row, f: spec.Field, value, findings: _Findings):
    moment, offset = value
    if offset is not None:
        given = row.record.values.get("timezone")
        if values.is_absent(given):
            row.values["timezone"] = offset
            row.given.add("timezone")
            findings.warn(row, f.name, f"Its UTC offset is kept as timezone ({offset}).")
        elif Decimal(str(given)) != offset:
            findings.warn(row, f.name, "Its UTC offset differs from timezone; timezone applies.")
    return moment


def _drop(row: Row, attr: str, findings: _Findings, name: str, message: str) -> None:
    row.values.pop(attr, None)
    row.given.discard(name)
    findings.warn(row, name, message)


def _row_rules(row: Row, findings: _Findings) -> None:
    v, name = row.values, row.table.name
    if name == "services":
        low, high = v.get("minimum_age"), v.get("maximum_age")
        if low is not None and high is not None and low > high:
            _drop(row, "maximum_age", findings, "maximum_age", "Below minimum_age; left out.")
    elif name == "cost_options":
        if v.get("valid_from") and v.get("valid_to") and v["valid_from"] > v["valid_to"]:
            _drop(row, "valid_to", findings, "valid_to", "Before valid_from; left out.")
    elif name == "schedules":
        _schedule_rules(row, findings)
    elif name == "attributes":
        _attribute_entity(row, findings)


def _schedule_rules(row: Row, findings: _Findings) -> None:
    v = row.values
    opens, closes = v.get("opens_at"), v.get("closes_at")
    if opens is not None and closes is not None and opens >= closes:
        for name in ("opens_at", "closes_at"):
            _drop(row, name, findings, name, "closes_at is not after opens_at (hours through "
                  "midnight are not kept); the hours are left out.")  # fmt: skip
    if v.get("valid_from") and v.get("valid_to") and v["valid_from"] > v["valid_to"]:
        _drop(row, "valid_to", findings, "valid_to", "Before valid_from; left out.")
    if v.get("count") and v.get("until"):
        findings.warn(row, "count", "RFC 5545 allows count or until, not both; both are kept "
                      "and the schedule ends at whichever comes first.")  # fmt: skip
    probe = Schedule(**{k: v.get(k, "") for k in ("freq", "byday", "bymonthday", "byweekno",
                                                "byyearday")})  # fmt: skip
    if not evaluable(probe):
        findings.warn(row, "freq", "These rule parts do not go together under RFC 5545 (or "
                      "may never meet); the hours are kept and shown in words, never as open "
                      "now.")  # fmt: skip
    starts = v.get("dtstart") or v.get("valid_from")
    if not starts and ((v.get("interval") or 1) > 1 or v.get("count")):
        findings.warn(row, "dtstart", "Missing: without it the weeks counted by interval or "
                      "count are unknown, so Casework never says it is open now.")  # fmt: skip


def _attribute_entity(row: Row, findings: _Findings) -> None:
    """An attribute is kept when it files a service under a term. Where it sits says what it
    links; otherwise link_entity must say "service"."""
    implied = row.record.values.get("_entity")
    given = row.record.values.get("link_entity")
    given = given.strip().lower() if isinstance(given, str) else ""
    entity = implied or given
    if implied and given and given != implied:
        findings.warn(row, "link_entity", f"{given!r} does not say what it sits in "
                      f"(a {implied}); read as {implied!r}.")  # fmt: skip
    if not implied and given not in spec.HSDS_ENTITIES:
        # A placeholder: decided by what link_id points at (_check_links).
        row.values["_entity_unknown"] = given
        return
    if entity != spec.KEPT_ATTRIBUTE_ENTITY:
        row.kept = False
        findings.warn(row, "", f"An attribute of a {entity} is not kept: Casework files only "
                      "services under taxonomy terms.")  # fmt: skip


# Links -------------------------------------------------------------------------------------


def _existing_ids(agency: Agency, tables) -> dict[str, set[uuid.UUID]]:
    return {
        name: set(
            spec.BY_NAME[name].model.objects.filter(agency=agency).values_list("hsds_id", flat=True)
        )
        for name in tables
    }


def _check_links(agency: Agency, by_table: dict[str, list[Row]], findings: _Findings) -> None:
    """Every link points at a row of the package or of the directory; a link that does not
    is left out (a warning), and a row that cannot be kept without it is not kept."""
    referenced = {f.ref for rows in by_table.values() for row in rows for f in row.table.links}
    existing = _existing_ids(agency, referenced)
    in_package = {name: {r.hsds_id for r in rows} for name, rows in by_table.items()}
    _placeholder_entities(by_table, existing, findings)
    _pairs_once(by_table, findings)
    _infer_location_organizations(agency, by_table, findings)
    for rows in by_table.values():
        for row in rows:
            for name in row.table.needs:
                if row.kept and row.links.get(name) is None:
                    _not_kept(row, name, findings)
    changed = True
    while changed:
        changed = False
        kept = {name: {r.hsds_id for r in rows if r.kept} for name, rows in by_table.items()}
        for rows in by_table.values():
            for row in (r for r in rows if r.kept):
                for name, target in row.links.items():
                    ref = row.table.field(name).ref
                    if target is None or target in kept.get(ref, ()) or target in existing[ref]:
                        continue
                    why = ("is not kept (see its warning)" if target in in_package.get(ref, ())
                           else "is in neither the package nor the directory")  # fmt: skip
                    findings.warn(row, name, f"The {spec.BY_NAME[ref].resource} {target} {why}; "
                                  "the link is left out.")  # fmt: skip
                    row.links[name] = None
                    if name in row.table.needs:
                        _not_kept(row, name, findings)
                        changed = True


def _not_kept(row: Row, name: str, findings: _Findings) -> None:
    row.kept = False
    findings.warn(row, "", f"This {row.table.resource} is not kept: Casework keeps it only "
                  f"with its {name.removesuffix('_id')}.")  # fmt: skip


def _placeholder_entities(by_table, existing, findings: _Findings) -> None:
    services = {r.hsds_id for r in by_table.get("services", [])} | existing.get("services", set())
    for row in by_table.get("attributes", []):
        placeholder = row.values.pop("_entity_unknown", None)
        if placeholder is None:
            continue
        if row.links.get("link_id") in services:
            findings.warn(row, "link_entity", f"{placeholder!r} is not an HSDS table; link_id "
                          "is a service, so it is read as 'service'.")  # fmt: skip
        else:
            row.kept = False
            findings.warn(row, "link_entity", f"{placeholder!r} is not an HSDS table and link_id "
                          "is no service; the attribute is not kept.")  # fmt: skip


def _pairs_once(by_table, findings: _Findings) -> None:
    """Pairs the database holds once: a service at a location, a service under a term."""
    for name, (a, b) in _PAIRS.items():
        seen: dict[tuple, Row] = {}
        for row in by_table.get(name, []):
            pair = (row.links.get(a), row.links.get(b))
            if None in pair or not row.kept:
                continue
            if pair in seen:
                row.kept = False
                findings.warn(row, b, f"The same pair as {seen[pair].hsds_id}; not kept twice.")
            else:
                seen[pair] = row


def _infer_location_organizations(agency, by_table, findings: _Findings) -> None:
    """A location with no organisation (one embedded in a service at a location) belongs to
    the organisation of a service offered there."""
    orphans = {
        r.hsds_id: r for r in by_table.get("locations", []) if not r.links.get("organization_id")
    }
    if not orphans:
        return
    services = {r.hsds_id: r.links.get("organization_id") for r in by_table.get("services", [])}
    for sal in by_table.get("service_at_location", []):
        location = orphans.get(sal.links.get("location_id"))
        service = sal.links.get("service_id")
        if location is None or service is None:
            continue
        organization = services.get(service)
        if organization is None:
            organization = (
                spec.BY_NAME["services"].model.objects.filter(agency=agency, hsds_id=service)
                .values_list("organization__hsds_id", flat=True).first()
            )  # fmt: skip
        if organization:
            location.links["organization_id"] = organization
            findings.warn(location, "organization_id", f"Missing; taken from the service "
                          f"offered there ({service}).")  # fmt: skip
            del orphans[location.hsds_id]


# Writing -----------------------------------------------------------------------------------


def _empty(model_field: models.Field) -> Any:
    return None if model_field.null else ""


def _apply(agency: Agency, by_table: dict[str, list[Row]], report: ImportReport) -> None:
    pks: dict[str, dict[uuid.UUID, int]] = {}
    staff = {
        email.lower(): pk
        for email, pk in Membership.objects.filter(team__agency=agency)
        .values_list("user__email", "user_id")
        .distinct()
    }
    now = timezone.now()
    for table in spec.TABLES:
        model = table.model
        existing = {obj.hsds_id: obj for obj in model.objects.filter(agency=agency)}
        pks[table.name] = {hsds_id: obj.pk for hsds_id, obj in existing.items()}
        new, changed, fields = [], {}, set()
        later: list[tuple[uuid.UUID, str, uuid.UUID | None]] = []
        for row in (r for r in by_table.get(table.name, []) if r.kept):
            obj = existing.get(row.hsds_id)
            attrs = _attrs(table, row, obj is None, pks, later, staff)
            if obj is None:
                new.append(model(agency=agency, hsds_id=row.hsds_id, **attrs))
                continue
            differ = [name for name, value in attrs.items() if getattr(obj, name) != value]
            if differ:
                for name in differ:
                    setattr(obj, name, attrs[name])
                changed[obj.hsds_id] = obj
                fields.update(differ)
        model.objects.bulk_create(new)
        by_id = {**existing, **{obj.hsds_id: obj for obj in new}}
        for obj in new:
            pks[table.name][obj.hsds_id] = obj.pk
        created_ids = {obj.hsds_id for obj in new}
        for hsds_id, attr, target in later:  # links within the table (a parent organisation)
            obj, pk = by_id[hsds_id], pks[table.name].get(target) if target else None
            if getattr(obj, attr) != pk:
                setattr(obj, attr, pk)
                fields.add(attr)
                changed[hsds_id] = obj
        _save_changes(table, changed, created_ids, fields, now)
        if by_table.get(table.name):
            report.created[table.name] = len(new)
            report.changed[table.name] = len([h for h in changed if h not in created_ids])


def _attrs(table, row: Row, creating: bool, pks, later, staff) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for f in table.fields:
        if f.kind == spec.UUID or f.constant:
            continue
        model_field = table.model._meta.get_field(f.field_name)
        if f.is_link:
            target = row.links.get(f.name)
            attr = f"{f.field_name}_id"
            if f.ref == table.name:
                later.append((row.hsds_id, attr, target))
            else:
                attrs[attr] = pks[f.ref].get(target) if target else None
            continue
        if f.name in row.given:
            attrs[f.field_name] = row.values[f.field_name]
        elif f.extension and not creating:
            continue  # Casework's own field: a package without it leaves it alone
        elif f.extension:
            attrs[f.field_name] = model_field.get_default()
        else:
            attrs[f.field_name] = _empty(model_field)
    if "assurer_email" in attrs:
        email = (attrs["assurer_email"] or "").lower()
        attrs["verified_by_id"] = staff.get(email) if email else None
    return attrs


def _save_changes(table, changed: dict, created_ids: set, fields: set[str], now) -> None:
    if not changed:
        return
    rows = list(changed.values())
    if table.name in _VERSIONED:
        for obj in rows:
            if obj.hsds_id not in created_ids:
                obj.version += 1
        fields = fields | {"version"}
    if any(f.name == "updated_at" for f in table.model._meta.fields):
        for obj in rows:
            obj.updated_at = now
        fields = fields | {"updated_at"}
    table.model.objects.bulk_update(rows, sorted(fields), batch_size=500)
