"""Export the agency's whole directory as HSDS rows: one query per table, ordered by HSDS id
so two exports of the same directory are byte for byte the same."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from casework.audit import audit_record
from casework.models import Agency, AuditEvent, User
from directory.hsds.packages import write_json, write_zip
from directory.hsds.tables import TABLES, UNSTORED

FORMATS = ("csv", "json")
EXPORTED = "directory.package.exported"
# Exports are rate-limited (shared/domain/security.md): a whole directory per download.
EXPORTS_PER_HOUR = 10


def exports_left(*, user: User) -> int:
    """How many more exports the user may download this hour (counted from the audit trail,
    so every web process agrees without shared state)."""
    since = timezone.now() - timedelta(hours=1)
    done = AuditEvent.objects.filter(action=EXPORTED, actor=user, occurred_at__gte=since).count()
    return max(EXPORTS_PER_HOUR - done, 0)


def directory_rows(*, agency: Agency) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        columns = [c for c in table.columns if (table.name, c.name) not in UNSTORED]
        lookups = [f"{c.field_name}__hsds_id" if c.ref else c.field_name for c in columns]
        values = table.model.objects.filter(agency=agency).order_by("hsds_id").values_list(*lookups)
        rows[table.name] = [
            {
                **{c.name: value for c, value in zip(columns, record, strict=True)},
                **({"link_entity": "service"} if table.name == "attributes" else {}),
            }
            for record in values
        ]
    return rows


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
