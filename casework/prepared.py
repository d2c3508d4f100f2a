"""Statements the ORM builds once per process and runs with each request's values (issue 24).

Building and compiling a queryset cost the hot pages more CPU than PostgreSQL spent answering
it (about 1 ms for each of the caseload's page and count, 1.5 ms for a visit's contact dates).
A `Prepared` statement is the queryset's own SQL, the access policy's scope included: `build`
makes the queryset from stand-in values (`slots`), and each parameter equal to a stand-in is
replaced by the call's value; every other parameter is a constant of the statement. Compiled
once per database, time zone and `shape` (whatever else changes the SQL: a filter present,
a sort), so `build` must take as a slot every value that varies from call to call, and each
stand-in must be a value no real call passes (a negative id, a date in 1901).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections, models, router
from django.db.models import QuerySet
from django.utils import timezone


class Prepared:
    def __init__(
        self, model: type[models.Model], build: Callable[..., QuerySet], **slots: Any
    ) -> None:
        self.model = model
        self._build = build
        self._slots = slots
        self._compiled: dict[tuple, tuple[str, list]] = {}

    def sql(self, shape: Hashable = (), *, using: str | None = None, **values: Any):
        """(sql, params): the statement of `shape` with `values` (one per slot) in place."""
        using = using or router.db_for_read(self.model)
        key = (using, timezone.get_current_timezone_name(), shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(shape, using)
        sql, params = compiled
        return sql, [values[p.name] if type(p) is _Slot else p for p in params]

    def rows(self, shape: Hashable = (), **values: Any) -> list[tuple]:
        """The statement's rows, as the database returns them."""
        using = router.db_for_read(self.model)
        sql, params = self.sql(shape, using=using, **values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, shape: Hashable, using: str) -> tuple[str, list]:
        queryset = self._build(shape, **self._slots)
        if queryset.model is not self.model:
            raise TypeError(f"{queryset.model} is not {self.model}")
        sql, params = queryset.query.get_compiler(using).as_sql()
        bound = []
        for param in params:
            name = next(
                (n for n, v in self._slots.items() if type(param) is type(v) and param == v), None
            )
            bound.append(param if name is None else _Slot(name))
        return sql, bound


class _Slot:
    """Where a call's value goes in a compiled statement's parameters."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
