"""Statements the ORM builds once per process and runs with each request's values (issue 24).

Building and compiling a queryset cost the hot pages more CPU than PostgreSQL spent answering
it (about 1 ms for each of the caseload's page and count, 1.5 ms for a visit's contact dates).
A `Prepared` statement is the queryset's own SQL, the access policy's scope included: `build`
makes the queryset from stand-in values (`slots`), and each parameter equal to a stand-in is
replaced by the call's value; every other parameter is a constant of the statement. Compiled
once per time zone and `shape` (whatever else changes the SQL: a filter present,
a sort), so `build` must take as a slot every value that varies from call to call, and each
stand-in must be a value no real call passes (a negative id, a date in 1901).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.utils import timezone


class Prepared:
    def __init__(
        self, model: type[models.Model], build: Callable[..., QuerySet], **slots: Any
    ) -> None:
        self.model = model
        self._build = build
        self._slots = slots
        self._compiled: dict[tuple, _Compiled] = {}

    def sql(self, shape: Hashable = (), **values: Any) -> tuple[str, list]:
        """(sql, params): the statement of `shape` with `values` (one per slot) in place."""
        compiled = self._get(shape)
        return compiled.sql, [values[p.name] if type(p) is _Slot else p for p in compiled.params]

    def rows(self, shape: Hashable = (), **values: Any) -> list[tuple]:
        """The statement's rows, each value converted as the ORM converts it."""
        compiled = self._get(shape)
        return compiled.converted(self._fetch(compiled, shape, values))

    def objects(self, shape: Hashable = (), **values: Any) -> list[models.Model]:
        """The statement's model instances, as the queryset would make them (its
        select_related objects and annotations included)."""
        compiled = self._get(shape)
        return compiled.instances(self._fetch(compiled, shape, values))

    def first(self, shape: Hashable = (), **values: Any) -> models.Model | None:
        """The first of `objects`, for a statement built with `first_of`."""
        found = self.objects(shape, **values)
        return found[0] if found else None

    def _fetch(self, compiled: _Compiled, shape: Hashable, values: dict) -> list[tuple]:
        sql, params = self.sql(shape, **values)
        with connections[compiled.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _get(self, shape: Hashable) -> _Compiled:
        key = (timezone.get_current_timezone_name(), shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(shape)
        return compiled

    def _compile(self, shape: Hashable) -> _Compiled:
        queryset = self._build(shape, **self._slots)
        if queryset.model is not self.model:
            raise TypeError(f"{queryset.model} is not {self.model}")
        using = queryset.db  # the database the queryset itself would ask
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        # Built a second time from other stand-ins: the SQL must be the same, and every
        # parameter that moved must be a slot (a value the build changed on its way, a
        # str() or an addition, would otherwise stay behind as a constant).
        others = {name: _other(value) for name, value in self._slots.items()}
        other_sql, other_params = self._build(shape, **others).query.get_compiler(using).as_sql()
        if other_sql != sql or len(other_params) != len(params):
            raise ValueError(f"The SQL of {shape!r} depends on a slot's value")
        bound = []
        for param, other in zip(params, other_params, strict=True):
            name = next(
                (n for n, v in self._slots.items() if type(param) is type(v) and param == v), None
            )
            if (name is None and other != param) or (name and other != others[name]):
                raise ValueError(f"A parameter of {shape!r} is a slot's value, changed")
            bound.append(param if name is None else _Slot(name))
        return _Compiled(sql, bound, compiler, using)


def first_of(queryset: QuerySet) -> QuerySet:
    """The statement `queryset.first()` runs: its order (else the primary key's), one row."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


def _other(value: Any) -> Any:
    """Another stand-in of the same type, for the second build."""
    if isinstance(value, list):
        return [_other(v) for v in value]
    if isinstance(value, datetime | date):
        return value + timedelta(days=1)
    if isinstance(value, int) and not isinstance(value, bool):
        return value - 1
    if isinstance(value, str):
        return f"{value}+"
    raise TypeError(f"No stand-in of the type of {value!r}")


class _Compiled:
    """One compiled statement, and what turns its rows into model instances: what Django's
    ModelIterable reads from the compiler after running the query."""

    def __init__(self, sql: str, params: list, compiler, using: str) -> None:
        self.sql, self.params, self.using = sql, params, using
        self._compiler = compiler
        self._populate = None

    def converted(self, rows: list[tuple]) -> list[tuple]:
        return list(self._compiler.results_iter([rows], tuple_expected=True))

    def instances(self, rows: list[tuple]) -> list[models.Model]:
        compiler = self._compiler
        if self._populate is None:
            klass_info, select = compiler.klass_info, compiler.select
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            init_list = [f[0].target.attname for f in select[start:end]]
            related = get_related_populators(klass_info, select, self.using)
            self._populate = (klass_info["model"], start, end, init_list, related)
        model, start, end, init_list, related = self._populate
        found = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(self.using, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in compiler.annotation_col_map.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class _Slot:
    """Where a call's value goes in a compiled statement's parameters."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
