"""Lists of rows an admin edits together under their parent (a service's contacts, fees and
documents; an organisation's contacts): make the parent's rows say what the page said. Rows
keep their HSDS ids while they exist, so a later import still finds them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from directory.services.errors import DirectoryRowError


def row_text(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: (row.get(name) or "").strip() for name in names}


def rows_sync(
    model: type[models.Model],
    *,
    parent: models.Model,
    via: str,
    rows_name: str,
    rows: list[dict[str, Any]],
    fields: tuple[str, ...],
) -> list[models.Model]:
    """Make the rows of `model` whose `via` is `parent` say what `rows` says, touching only
    what differs; returns the saved objects in the order of `rows`."""
    existing = {obj.pk: obj for obj in model.objects.filter(**{via: parent})}
    saved: list[models.Model] = []
    for index, row in enumerate(rows):
        obj = existing.get(row["pk"]) if row["pk"] is not None else None
        if row["pk"] is not None and obj is None:
            # Removed by someone else, or a row of another parent: never written.
            raise DirectoryRowError(
                _("This row no longer exists; reload the page."), rows=rows_name, index=index
            )
        values = {name: row[name] for name in fields}
        if obj is None:
            obj = model.objects.create(agency_id=parent.agency_id, **{via: parent}, **values)
        elif differ := [name for name, value in values.items() if getattr(obj, name) != value]:
            for name in differ:
                setattr(obj, name, values[name])
            obj.save(update_fields=differ)
        saved.append(obj)
    kept = {obj.pk for obj in saved}
    model.objects.filter(**{via: parent}).exclude(pk__in=kept).delete()
    return saved
