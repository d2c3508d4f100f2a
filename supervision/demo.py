"""Demo rows for supervision (registered in apps.py): filled in below."""

from __future__ import annotations


def seed_supervision(agency) -> None:
    return None
