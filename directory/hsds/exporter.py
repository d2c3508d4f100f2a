"""Export the agency's whole directory in HSDS: one query per table, ordered by HSDS id so two
exports of the same directory are byte for byte the same.

JSON: organisations with everything nested (directory.hsds.nesting), taxonomies, terms and
units beside them; every record validates against HSDS 3.0's schemas (3.1's for urls and
capacities): numbers are JSON numbers, times HH:MM:SS, and a field with no value is left
out, never null or "". CSV: one file per table with every column, and a datapackage.json that
types each field as the spec does. Neither carries a spreadsheet-formula guard: an
interchange file keeps the data exactly (reports and audit exports keep theirs).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

from django.utils import timezone

from casework.audit import audit_record
from casework.models import Agency, AuditEvent, User
from directory.hsds import spec, values
from directory.hsds.nesting import nest

FORMATS = ("csv", "json")
EXPORTED = "directory.package.exported"
# Exports before the directory left the referrals app still count towards the hour's limit.
_EXPORTED_BEFORE = "referrals.directory.exported"
# Exports are rate-limited (shared/domain/security.md): a whole directory per download.
EXPORTS_PER_HOUR = 10
HSDS_VERSION = "3.0"


def exports_left(*, user: User) -> int:
    """How many more exports the user may download this hour (counted from the audit trail,
    so every web process agrees without shared state)."""
    since = timezone.now() - timedelta(hours=1)
    done = AuditEvent.objects.filter(
        action__in=[EXPORTED, _EXPORTED_BEFORE], actor=user, occurred_at__gte=since
    ).count()
    return max(EXPORTS_PER_HOUR - done, 0)


def directory_rows(*, agency: Agency) -> dict[str, list[dict[str, Any]]]:
    """Every kept row by table, keyed by HSDS field name (links as HSDS ids)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in spec.TABLES:
        fields = [f for f in table.fields if not f.constant]
        lookups = [f"{f.field_name}__hsds_id" if f.is_link else f.field_name for f in fields]
        records = (
            table.model.objects.filter(agency=agency).order_by("hsds_id").values_list(*lookups)
        )
        constants = {f.name: f.constant for f in table.fields if f.constant}
        rows[table.name] = [
            {**dict(zip((f.name for f in fields), record, strict=True)), **constants}
            for record in records
        ]
    return rows


def _json_value(value: Any) -> Any:
    return None if value is None or value == "" else values.to_json(value)


def write_json(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    document = {"hsds_version": HSDS_VERSION, **nest(rows, _json_value)}
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed timestamp: two exports of the same directory are the same bytes.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in spec.TABLES:
            out = io.StringIO(newline="")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(table.header)
            for row in rows.get(table.name, []):
                writer.writerow([values.to_cell(row.get(name)) for name in table.header])
            archive.writestr(_member(table.file), out.getvalue())
        archive.writestr(_member("datapackage.json"), json.dumps(datapackage(), indent=2))
    return buffer.getvalue()


# Tabular types as the spec's datapackage.json gives them (type, format).
_TYPES = {
    spec.UUID: ("string", "uuid"),
    spec.REF: ("string", "uuid"),
    spec.URI: ("string", "uri"),
    spec.EMAIL: ("string", "email"),
    spec.NUMBER: ("number", ""),
    spec.INTEGER: ("number", ""),
    spec.DATE: ("date", ""),
    spec.TIME: ("time", ""),
    # HSDS types a timestamp as a string of format date-time (service_capacity.updated).
    spec.DATETIME: ("string", "date-time"),
    spec.BOOL: ("boolean", ""),
}


def _field_schema(table: spec.Table, f: spec.Field) -> dict[str, Any]:
    kind, fmt = _TYPES.get(f.kind, ("string", ""))
    described: dict[str, Any] = {"name": f.name, "type": kind}
    if fmt:
        described["format"] = fmt
    constraints = {"required": f.required or f.tabular, "unique": f.kind == spec.UUID}
    if f.kind == spec.ENUM and f.name != "freq":
        constraints["enum"] = list(f.choices)
    described["constraints"] = constraints
    if f.extension:
        described["description"] = "Casework extension (docs/hsds.md)."
    elif f.since != HSDS_VERSION:
        described["description"] = f"HSDS {f.since}."
    return described


def datapackage() -> dict[str, Any]:
    """The package's description: each table's fields typed as HSDS types them."""
    return {
        "name": "casework-directory",
        "title": "Casework service directory (Open Referral HSDS 3.0, with 3.1's url, unit and "
        "service_capacity)",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "resources": [
            {
                "name": table.resource,
                "path": table.file,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [_field_schema(table, f) for f in table.fields],
                    "primaryKey": "id",
                    "foreignKeys": [
                        {
                            "fields": f.name,
                            "reference": {"resource": spec.BY_NAME[f.ref].resource, "fields": "id"},
                        }
                        for f in table.links
                    ],
                },
            }
            for table in spec.TABLES
        ],
    }


def directory_export(*, agency: Agency, fmt: str, exported_by: User | None) -> bytes:
    """The package bytes (zip of CSV files, or JSON); the export is audited."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    rows = directory_rows(agency=agency)
    data = write_zip(rows) if fmt == "csv" else write_json(rows)
    audit_record(
        action=EXPORTED,
        actor=exported_by,
        agency_id=agency.pk,
        detail={"format": fmt, "rows": {name: len(r) for name, r in rows.items()}},
    )
    return data
