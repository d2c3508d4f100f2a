"""The client record's timeline: visits, key events (not voided), status changes and
transfers, merged newest first and read a page at a time with a cursor.

A page costs one query per source whatever the length of the history: each source reads at
most `size + 1` rows older than the cursor through its (client, date) index, and the rows are
merged in Python. Date-only rows (events, status changes, transfers) sort at the end of their
day, above that day's visits. The cursor is the last shown entry's key: `when|rank|pk`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from casework.models import User
from casework.prepared import Prepared
from clients.models import Client, KeyEvent, StatusChange, Transfer, Visit

PAGE_SIZE = 20
# Tie-break between entries at the same instant; higher sorts first.
RANK = {"event": 3, "status": 2, "transfer": 1, "visit": 0}


class BadCursor(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Key:
    when: datetime
    rank: int
    pk: int

    def encode(self) -> str:
        return f"{self.when.isoformat()}|{self.rank}|{self.pk}"

    @classmethod
    def decode(cls, text: str) -> Key:
        try:
            when, rank, pk = text.split("|")
            moment = datetime.fromisoformat(when)
            if timezone.is_naive(moment):
                raise ValueError
            return cls(moment, int(rank), int(pk))
        except ValueError as error:
            raise BadCursor(text) from error


@dataclass(frozen=True)
class Entry:
    kind: str
    key: Key
    obj: Any = field(compare=False)


@dataclass(frozen=True)
class TimelinePage:
    entries: list[Entry]
    next_cursor: str | None


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _older_than_moment(key: Key | None, rank: int, field_name: str) -> Q:
    """Rows of a timestamped source that sort after the cursor (newest first)."""
    if key is None:
        return Q()
    if rank < key.rank:
        return Q(**{f"{field_name}__lte": key.when})
    if rank > key.rank:
        return Q(**{f"{field_name}__lt": key.when})
    return Q(**{f"{field_name}__lt": key.when}) | Q(**{field_name: key.when, "pk__lt": key.pk})


def _older_than_day(key: Key | None, rank: int, field_name: str) -> Q:
    """The same for a date source, whose rows stand at the end of their day."""
    if key is None:
        return Q()
    day = timezone.localdate(key.when)
    if key.when != _end_of_day(day):
        # The cursor is a visit during `day`: that day's date rows came before it.
        return Q(**{f"{field_name}__lt": day})
    if rank < key.rank:
        return Q(**{f"{field_name}__lte": day})
    if rank > key.rank:
        return Q(**{f"{field_name}__lt": day})
    return Q(**{f"{field_name}__lt": day}) | Q(**{field_name: day, "pk__lt": key.pk})


def _visits(client_id: int, key: Key | None, n: int) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(client_id=client_id)
        .filter(_older_than_moment(key, RANK["visit"], "contact_at"))
        .select_related("author")
        .order_by("-contact_at", "-pk")[:n]
    )


def _events(client_id: int, key: Key | None, n: int) -> QuerySet[KeyEvent]:
    rows = KeyEvent.objects.filter(client_id=client_id, voided_at__isnull=True)
    return _dated(rows.select_related("recorded_by"), "event", "started_on", key, n)


def _status_changes(client_id: int, key: Key | None, n: int) -> QuerySet[StatusChange]:
    rows = StatusChange.objects.filter(client_id=client_id).select_related("changed_by")
    return _dated(rows, "status", "effective_on", key, n)


def _transfers(client_id: int, key: Key | None, n: int) -> QuerySet[Transfer]:
    rows = Transfer.objects.filter(client_id=client_id).select_related(
        "from_team", "to_team", "from_service_area", "to_service_area", "transferred_by"
    )
    return _dated(rows, "transfer", "effective_on", key, n)


def _dated(rows: QuerySet, kind: str, field_name: str, key: Key | None, n: int) -> QuerySet:
    return rows.filter(_older_than_day(key, RANK[kind], field_name)).order_by(
        f"-{field_name}", "-pk"
    )[:n]


# (kind, its rows, the field that dates them); the first page's statements are built once
# per process (casework.prepared), one per page size: every open of a record reads them.
_SOURCES = tuple(
    (kind, rows, field_name, Prepared(
        model, lambda n, *, client_id, rows=rows: rows(client_id, None, n), client_id=-2_000_000_031
    ))
    for kind, rows, model, field_name in (
        ("visit", _visits, Visit, "contact_at"),
        ("event", _events, KeyEvent, "started_on"),
        ("status", _status_changes, StatusChange, "effective_on"),
        ("transfer", _transfers, Transfer, "effective_on"),
    )
)  # fmt: skip


def _entries(kind: str, rows: list, field_name: str) -> list[Entry]:
    if kind == "visit":
        return [Entry(kind, Key(r.contact_at, RANK[kind], r.pk), r) for r in rows]
    return [
        Entry(kind, Key(_end_of_day(getattr(r, field_name)), RANK[kind], r.pk), r) for r in rows
    ]


_FIRST_PAGE_ROWS = "_clients_timeline_first_rows"


def first_page_rows(*, viewer: User, client: Client, kind: str) -> tuple[list, bool] | None:
    """The `kind` rows ("event", "status") that the timeline's first page read for this
    viewer and client instance (one request's), newest first, and whether they are all of the
    client's; None if it has not read them. Saves the record's cards a second read."""
    cached = getattr(client, _FIRST_PAGE_ROWS, None)
    if cached is None or cached[0] != viewer.pk:
        return None
    _viewer, n, rows = cached
    return list(rows[kind]), len(rows[kind]) < n


def timeline_for(
    *, viewer: User, client: Client, cursor: str = "", size: int = PAGE_SIZE
) -> TimelinePage:
    """One page of the timeline of a client the viewer may read (found through
    `client_get_for`, which scoped it). Raises BadCursor for a malformed cursor."""
    key = Key.decode(cursor) if cursor else None
    n = size + 1
    sources = [
        _entries(
            kind,
            first.objects(n, client_id=client.pk) if key is None else rows(client.pk, key, n),
            field_name,
        )
        for kind, rows, field_name, first in _SOURCES
    ]
    if key is None:
        # The record page's events and status cards show the newest of these rows too.
        read = {"event": [e.obj for e in sources[1]], "status": [e.obj for e in sources[2]]}
        setattr(client, _FIRST_PAGE_ROWS, (viewer.pk, n, read))
    merged = list(heapq.merge(*sources, key=lambda e: e.key, reverse=True))
    entries = merged[:size]
    more = len(merged) > size
    return TimelinePage(entries, entries[-1].key.encode() if more else None)


def note_first_line(visit: Visit, limit: int = 120) -> str:
    """The first non-empty line of the note, shortened; the timeline's preview."""
    for _key, _label, _prompt, text in visit.sections:
        for line in str(text).splitlines():
            if line.strip():
                line = line.strip()
                return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""
