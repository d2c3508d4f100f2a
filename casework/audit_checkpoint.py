"""Checkpoints anchor the audit chain: what a hash chain alone cannot show, they do.

A chain proves each event follows the one before; it cannot prove the table was not emptied
(an empty chain is intact) nor that someone holding the owner's login did not rewrite every
row and recompute every hash. So the chain's length and head (last id and hash) are recorded,
hourly by Celery beat and at each `verify_audit_chain`, in `AuditCheckpoint`, a table the
application's role may only add to; once a day the head also goes to the log, outside the
database. Verification then checks every checkpoint against the events: the event at its head
must still carry the recorded hash and be the recorded number of events from the start.

The chain is the links (casework.audit_chain): a checkpoint links what is pending, then records
the head link's event, hash and position in one statement. Links are only ever added after the
head, so what a checkpoint covers never changes.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import astuple, dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from casework.audit_chain import audit_link_pending
from casework.models import AuditCheckpoint

logger = logging.getLogger("casework.audit")

# "" is the one chain every event joins (see AuditCheckpoint.chain).
CHAIN = ""

_TAKE = """
INSERT INTO casework_auditcheckpoint (taken_at, chain, events, head_id, head_hash, source)
SELECT %s, %s, coalesce(max(position), 0), max(event_id), coalesce(max(hash), ''), %s
FROM (SELECT position, event_id, hash FROM casework_auditlink ORDER BY position DESC LIMIT 1) head
RETURNING id
"""

# The first checkpoint the links no longer match, with what they hold at its head: the link
# of its head event, and that link's place counted (a link deleted before it shows there).
_FIRST_MISMATCH = """
WITH numbered AS (
    SELECT l.event_id, l.hash, row_number() OVER (ORDER BY l.position) AS position
    FROM casework_auditlink l JOIN casework_auditevent e ON e.id = l.event_id
)
SELECT c.taken_at, c.events, c.head_id, c.head_hash, n.hash, n.position
FROM casework_auditcheckpoint c LEFT JOIN numbered n ON n.event_id = c.head_id
WHERE c.chain = %s AND c.head_id IS NOT NULL
    AND (n.event_id IS NULL OR n.hash <> c.head_hash OR n.position <> c.events)
ORDER BY c.events, c.id
LIMIT 1
"""

# Links after the newest checkpoint's head: how many, and when their events were written.
_UNCOVERED = """
SELECT count(*), min(e.occurred_at), max(e.occurred_at)
FROM casework_auditlink l JOIN casework_auditevent e ON e.id = l.event_id
WHERE l.position > coalesce(
    (SELECT max(events) FROM casework_auditcheckpoint WHERE chain = %s), 0)
"""

_AT_ANCHOR = """
SELECT n.hash, n.position FROM (
    SELECT l.event_id, l.hash, row_number() OVER (ORDER BY l.position) AS position
    FROM casework_auditlink l JOIN casework_auditevent e ON e.id = l.event_id
) n WHERE n.event_id = %s
"""

_ANCHOR = re.compile(r"^(?P<events>\d+):(?P<head_id>\d+):(?P<head_hash>[0-9a-f]{64})$")


@dataclass(frozen=True)
class Anchor:
    """A checkpoint kept outside the database (the daily log line): `events:head_id:hash`."""

    events: int
    head_id: int
    head_hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = _ANCHOR.match(text.strip())
        if match is None:
            raise ValueError(f"not an anchor (events:head id:hash): {text!r}")
        return cls(int(match["events"]), int(match["head_id"]), match["head_hash"])

    def __str__(self) -> str:
        return f"{self.events}:{self.head_id}:{self.head_hash}"


def audit_checkpoint_take(*, source: str) -> AuditCheckpoint:
    """Link what is pending, then record the chain's length and head in one statement."""
    audit_link_pending()
    with connection.cursor() as cursor:
        cursor.execute(_TAKE, [timezone.now(), CHAIN, source])
        pk = cursor.fetchone()[0]
    return AuditCheckpoint.objects.get(pk=pk)


def audit_checkpoint_log() -> AuditCheckpoint:
    """The daily checkpoint, also written to the log: an anchor out of the database's reach,
    to give `verify_audit_chain --anchor` if the checkpoints themselves are ever in doubt."""
    checkpoint = audit_checkpoint_take(source=AuditCheckpoint.Source.DAILY)
    anchor = anchor_of(checkpoint)
    logger.info(
        "Audit chain checkpoint: %s events, head event %s; anchor %s",
        checkpoint.events,
        checkpoint.head_id,
        anchor or "none (no events yet)",
    )
    return checkpoint


def anchor_of(checkpoint: AuditCheckpoint) -> Anchor | None:
    if checkpoint.head_id is None:
        return None
    return Anchor(checkpoint.events, checkpoint.head_id, checkpoint.head_hash)


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}"


def audit_checkpoints_check(*, anchor: Anchor | None = None) -> str | None:
    """What is wrong with the chain against its checkpoints (and an anchor from the log, if
    given), in words, or None. Run after the chain's own links are checked."""
    with connection.cursor() as cursor:
        cursor.execute(_FIRST_MISMATCH, [CHAIN])
        mismatch = cursor.fetchone()
        if mismatch is None and anchor is not None:
            cursor.execute(_AT_ANCHOR, [anchor.head_id])
            found_hash, position = cursor.fetchone() or (None, None)
            if (found_hash, position) != (anchor.head_hash, anchor.events):
                mismatch = ("the anchor given", *astuple(anchor), found_hash, position)
        cursor.execute(_UNCOVERED, [CHAIN])
        uncovered, first_uncovered, last_uncovered = cursor.fetchone()
    if mismatch is not None:
        return _mismatch_in_words(*mismatch)
    # Measured up to the last event, not to now: a restored backup checked weeks later has only
    # the hour or so its last checkpoint had not reached yet.
    most = datetime.timedelta(minutes=2 * settings.AUDIT_CHECKPOINT_MINUTES)
    if uncovered and last_uncovered - first_uncovered > most:
        return (
            f"has no checkpoint: {uncovered} events since {_when(first_uncovered)} are covered "
            "by none (checkpoints were deleted, or the scheduled checkpoint has not run)"
        )
    return None


def _mismatch_in_words(taken, events, head_id, head_hash, found_hash, position) -> str:
    which = taken if isinstance(taken, str) else f"the checkpoint of {_when(taken)}"
    if found_hash is None:
        return f"was truncated: event {head_id}, the head of {which} ({events} events), is gone"
    if position < events:
        return (
            f"was truncated: {which} counted {events} events up to event {head_id}; "
            f"{position} remain"
        )
    if position > events:
        return (
            f"was rewritten: {which} counted {events} events up to event {head_id}; "
            f"{position} are there now"
        )
    return (
        f"was rewritten: event {head_id} no longer carries the hash {which} recorded "
        f"({head_hash[:12]}…, now {found_hash[:12]}…)"
    )
