"""The audit trail's hash chain: link the events, and check the links (migration 0016).

Events are written freely, with no lock; the sequencer (`audit_link_pending`, run every few
seconds by Celery beat, and in full before every checkpoint and verification) gives each a link:
its position in the chain (1, 2, 3, ... with no gap) and a hash of the event's contents and of
the link before. The sequencer runs one at a time, so the chain's order is the order events were
linked in, which is id order except for an event whose transaction committed late.

A link is broken when its position is not the next one (a link was deleted), its `prev_hash` is
not the hash of the link before, its event is gone, or its hash is not the hash of its event's
contents (the event was edited). All of it is recomputed in PostgreSQL in one pass.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

_FIRST_BROKEN = """
SELECT position, event_id, reason FROM (
    SELECT
        l.position,
        l.event_id,
        CASE
            WHEN l.position <> row_number() OVER w
                THEN 'a link before this one is missing'
            WHEN l.prev_hash IS DISTINCT FROM coalesce(lag(l.hash) OVER w, '')
                THEN 'previous hash does not match the event before it'
            WHEN e.id IS NULL
                THEN 'the event is gone'
            WHEN l.hash IS DISTINCT FROM casework_audit_link_hash(l.prev_hash, e)
                THEN 'contents do not match the hash'
        END AS reason
    FROM casework_auditlink l LEFT JOIN casework_auditevent e ON e.id = l.event_id
    WINDOW w AS (ORDER BY l.position)
) links
WHERE reason IS NOT NULL
ORDER BY position
LIMIT 1
"""

_HEAD = (
    "SELECT count(*), (SELECT hash FROM casework_auditlink ORDER BY position DESC LIMIT 1) "
    "FROM casework_auditlink"
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


def audit_link_pending(*, recent: bool = False) -> int:
    """Link the events not linked yet; how many were. `recent` looks only at the last
    AUDIT_LINK_LOOKBACK_MINUTES of events and gives way to a sequencer already at work (the
    frequent run); otherwise every event is looked at, waiting for the other run to end."""
    since = None
    if recent:
        since = timezone.now() - datetime.timedelta(minutes=settings.AUDIT_LINK_LOOKBACK_MINUTES)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT casework_audit_link_pending(%s, %s)", [since, not recent])
        return cursor.fetchone()[0]


def audit_chain_verify(*, link: bool = True) -> ChainReport:
    """Link what is pending (unless `link` is off: a read-only copy), then find the first
    broken link, if any, with the number of linked events and the newest hash (record the head
    elsewhere to detect a truncated tail, which a chain alone cannot)."""
    if link:
        audit_link_pending()
    with connection.cursor() as cursor:
        cursor.execute(_HEAD)
        events, head = cursor.fetchone()
        cursor.execute(_FIRST_BROKEN)
        row = cursor.fetchone()
    if row is None:
        return ChainReport(events=events, head=head or "")
    return ChainReport(events=events, head=head or "", broken_id=row[1], reason=row[2])
