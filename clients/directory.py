"""The service directory as `clients` sees it: the organisations a care-team provider or a
release's recipient may be linked to (`directory` sits below `clients`, so this module asks
it directly; care-team providers and releases hold real foreign keys to its organisations).

What counts as a linkable entry (the client's agency, active, its phone, its page) is the
directory's rule, in `directory.selectors.links`; this module keeps the names the care-team
code calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from directory.selectors.links import DirectoryEntry, entries_by_id, entries_by_name

__all__ = ["DirectoryEntry", "entries", "entries_named", "search_url_name"]

# The care-team form's type-ahead fragment (directory/views/picker.py).
SEARCH_URL_NAME = "directory:picker"


def search_url_name() -> str:
    return SEARCH_URL_NAME


def entries(*, agency_id: int, ids: Iterable[int | None]) -> dict[int, DirectoryEntry]:
    """The agency's directory entries among `ids`, in at most one query (none without ids)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return entries_by_id(agency_id=agency_id, ids=wanted)


def entries_named(*, agency_id: int, names: Iterable[str]) -> dict[str, DirectoryEntry]:
    """The agency's active entries whose name is one of `names` (any case), by casefolded
    name, in at most one query: the demo links the providers the directory lists."""
    wanted = sorted({n for n in names if n})
    if not wanted:
        return {}
    return entries_by_name(agency_id=agency_id, names=wanted)
