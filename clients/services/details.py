"""The first checks of a service that takes a form's details as a dict (a client, a related
person, a release, an appointment, a care-team member), written once so that each service
refuses and tidies its details alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def only_fields(details: Mapping[str, Any], fields: Iterable[str], what: str) -> None:
    """A name that is not one of `fields` is the caller's mistake (a form out of step with the
    service), not the user's: ValueError naming the unknown ones."""
    unknown = set(details) - set(fields)
    if unknown:
        raise ValueError(f"Not {what} details: {sorted(unknown)}")


def folded(details: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """A copy of `details` with each of the `names` texts trimmed and its runs of white space
    folded to one space; a missing or empty one becomes ""."""
    return {**details, **{name: " ".join((details.get(name) or "").split()) for name in names}}
