"""Writes and rules of the audit report: the export's rate limit and its CSV cells."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils import timezone

from casework.models import AuditEvent, AuditLink, User

EXPORT_ACTION = "casework.audit.exported"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit_export_allowed(*, user: User) -> bool:
    """At most AUDIT_EXPORTS_PER_HOUR exports per person per hour. The trail itself is the
    ledger, so the limit holds across every web process without shared state."""
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AuditEvent.objects.filter(actor=user, action=EXPORT_ACTION, occurred_at__gte=since)
    return done.count() < settings.AUDIT_EXPORTS_PER_HOUR


def csv_cell(value) -> str:
    """A cell a spreadsheet will show, never run: text starting like a formula gets a
    leading apostrophe (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


CSV_HEADER = [
    "event id",
    "time (UTC)",
    "staff member",
    "staff e-mail",
    "action",
    "object type",
    "object id",
    "client id",
    "client record number",
    "address",
    "request id",
    "hash",
]


def _chain_hash(event: AuditEvent) -> str:
    """The event's hash in the chain: its link's (casework.audit_chain); empty for the few
    seconds before the sequencer links it."""
    try:
        return event.link.hash
    except AuditLink.DoesNotExist:
        return ""


def audit_csv_rows(events: Iterable[AuditEvent], labels: dict[int, str]) -> Iterator[list[str]]:
    yield CSV_HEADER
    for e in events:
        row = [
            e.pk,
            e.occurred_at.astimezone(datetime.UTC).isoformat(),
            e.actor.full_name if e.actor else "system",
            e.actor.email if e.actor else "",
            e.action,
            e.object_type,
            e.object_id,
            e.client_id or "",
            labels.get(e.client_id, ""),
            e.ip_address or "",
            e.request_id,
            _chain_hash(e),
        ]
        yield [csv_cell(v) for v in row]
