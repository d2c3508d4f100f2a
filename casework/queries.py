"""Query building blocks the apps' selectors share."""

from __future__ import annotations

from typing import Any

from django.db.models import Field, QuerySet, Subquery


def per_outer_row(
    rows: QuerySet, group: str, *, output_field: Field | None = None, **aggregate: Any
) -> Subquery:
    """One aggregate of `rows` for each row of the outer query, to annotate with: `rows`
    filter on an OuterRef to the `group` column, and `aggregate` is the one value
    (`n=Count("pk")`). The model's default ordering is cleared first: left in, it joins the
    GROUP BY and splits the groups."""
    (name,) = aggregate
    grouped = rows.order_by().values(group).annotate(**aggregate).values(name)
    return Subquery(grouped, output_field=output_field)
