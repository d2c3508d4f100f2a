"""What the client header shows for assessments: the open safety flags (one query)."""

from __future__ import annotations

from careplans.selectors.assessments import open_flags_for


def flags_context(client) -> dict | None:
    flags = open_flags_for(client=client)
    return {"safety_flags": flags} if flags else None
