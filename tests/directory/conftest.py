"""Directory fixtures: the POST of a page of formsets (formset_data)."""

from __future__ import annotations


def formset_data(prefix: str, rows: list[dict], *, initial: int) -> dict:
    """A formset as a page submits it: its management form and each row's fields."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{k}": "" if v is None else v for k, v in row.items()}
    return data
