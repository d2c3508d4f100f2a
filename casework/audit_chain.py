"""Check the audit trail's hash chain (migration 0006 builds it in the database).

A link is broken when a row's `prev_hash` is not the hash of the row before it (a row was
deleted or inserted out of turn) or its `hash` is not the hash of its own contents (a row
was edited). Both are recomputed in PostgreSQL in one pass over the table in id order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

_FIRST_BROKEN = """
SELECT id, reason FROM (
    SELECT
        id,
        CASE
            WHEN prev_hash IS DISTINCT FROM coalesce(lag(hash) OVER w, '')
                THEN 'previous hash does not match the event before it'
            WHEN hash IS DISTINCT FROM casework_audit_event_hash(e)
                THEN 'contents do not match the hash'
        END AS reason
    FROM casework_auditevent e
    WINDOW w AS (ORDER BY id)
) links
WHERE reason IS NOT NULL
ORDER BY id
LIMIT 1
"""

_HEAD = (
    "SELECT count(*), (SELECT hash FROM casework_auditevent ORDER BY id DESC LIMIT 1) "
    "FROM casework_auditevent"
)


@dataclass(frozen=True)
class ChainReport:
    events: int
    head: str
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def audit_chain_verify() -> ChainReport:
    """The first broken link, if any, with the number of events and the newest hash (record
    the head elsewhere to detect a truncated tail, which a chain alone cannot)."""
    with connection.cursor() as cursor:
        cursor.execute(_HEAD)
        events, head = cursor.fetchone()
        cursor.execute(_FIRST_BROKEN)
        row = cursor.fetchone()
    if row is None:
        return ChainReport(events=events, head=head or "")
    return ChainReport(events=events, head=head or "", broken_id=row[0], reason=row[1])
