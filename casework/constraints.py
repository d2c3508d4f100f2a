"""Meta constraints and partial indexes that every app's models repeat, written once.

Many rows are open until a date or time is set on them: an episode until it is closed, an
assignment until it ends, a note until it is signed, a return until it is resolved. Their
invariants ("one open episode per client") and the indexes of the queues that read only open
rows have the same shape; these helpers return the same objects the models spelled out, so
migrations see no difference.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


def _open(until: str) -> Q:
    return Q(**{f"{until}__isnull": True})


def unique_while_open(fields: list[str], *, until: str, name: str) -> models.UniqueConstraint:
    """At most one open row per `fields`: closed rows are history and may repeat."""
    return models.UniqueConstraint(fields=fields, condition=_open(until), name=name)


def open_rows_index(fields: list[str], *, until: str, name: str, **options) -> models.Index:
    """An index over the open rows only: the queues and reminders that read them stay small
    however much history there is."""
    return models.Index(fields=fields, condition=_open(until), name=name, **options)


def ends_after_start(start: str, end: str, *, name: str) -> models.CheckConstraint:
    """A period with no end yet, or one that ends on or after the day it started."""
    return models.CheckConstraint(condition=_open(end) | Q(**{f"{end}__gte": F(start)}), name=name)
