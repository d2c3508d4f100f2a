"""Set-based inserts that name every column of a model's table.

Django sets defaults in Python, not in the database, so a raw INSERT must give every NOT NULL
column a value. These helpers take the columns the caller cares about and fill the rest from
the model's field defaults, so a column added by a later migration with a default needs no
change here, and one without a default fails loudly, naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb


def _adapt(value: Any) -> Any:
    return Jsonb(value) if isinstance(value, dict) else value


def _default_values(model: type[models.Model], given: Iterable[str]) -> dict[str, Any]:
    """Column -> value for every concrete column not in `given` (the primary key excluded)."""
    now = timezone.now()
    values: dict[str, Any] = {}
    missing = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values[field.column] = now
        elif field.has_default() or field.null or field.empty_strings_allowed:
            default = field.get_default()
            if default is None and not field.null:
                missing.append(field.column)
            values[field.column] = default
        else:
            missing.append(field.column)
    if missing:
        raise RuntimeError(f"{model._meta.db_table}: give values for {', '.join(missing)}")
    return values


def insert_select(
    model: type[models.Model],
    exprs: dict[str, str],
    from_sql: str,
    params: Sequence[Any] = (),
) -> int:
    """INSERT INTO model's table SELECT exprs..., defaults... FROM from_sql; returns rows."""
    defaults = _default_values(model, exprs)
    columns = [*exprs, *defaults]
    select = [*exprs.values(), *(["%s"] * len(defaults))]
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - our names
        f"SELECT {', '.join(select)} FROM {from_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(_adapt(v) for v in defaults.values()), *params])
        return cursor.rowcount


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows (tuples in `columns` order) into model's table, other columns defaulted."""
    defaults = _default_values(model, columns)
    tail = [_adapt(v) for v in defaults.values()]
    all_columns = ", ".join([*columns, *defaults])
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {model._meta.db_table} ({all_columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *tail))
                count += 1
    return count
