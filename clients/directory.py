"""The service directory as `clients` sees it: a lookup that the referrals app registers in its
AppConfig.ready(), like the record panels and the dashboard.

Why a registered hook rather than `django.apps.apps.get_model("referrals", "Organization")`:
what counts as a linkable entry (the client's agency, active, its phone, its page) is the
directory's rule and stays in `referrals`; `clients` would otherwise query another app's
tables by their field names, an import in all but name. Without a registered directory
nothing can be linked, and the care-team form simply has no picker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DirectoryEntry:
    """A directory organisation, as much as the care team shows of it."""

    id: int
    name: str
    phone: str
    url: str
    is_active: bool


# lookup(agency_id, ids) -> {id: DirectoryEntry} for the ids that are that agency's entries.
Lookup = Callable[[int, list[int]], dict[int, DirectoryEntry]]
# named(agency_id, names) -> {casefolded name: DirectoryEntry}, active entries only.
Named = Callable[[int, list[str]], dict[str, DirectoryEntry]]


@dataclass(frozen=True)
class _Directory:
    lookup: Lookup
    named: Named
    search_url_name: str


_registered: list[_Directory] = []


def register(*, lookup: Lookup, named: Named, search_url_name: str) -> None:
    """Called once by the directory's app; `search_url_name` serves the picker's fragment."""
    _registered[:] = [_Directory(lookup, named, search_url_name)]


def search_url_name() -> str | None:
    return _registered[0].search_url_name if _registered else None


def entries(*, agency_id: int, ids: Iterable[int | None]) -> dict[int, DirectoryEntry]:
    """The agency's directory entries among `ids`, in at most one query (none without ids)."""
    wanted = sorted({i for i in ids if i})
    if not wanted or not _registered:
        return {}
    return _registered[0].lookup(agency_id, wanted)


def entries_named(*, agency_id: int, names: Iterable[str]) -> dict[str, DirectoryEntry]:
    """The agency's active entries whose name is one of `names` (any case), by casefolded
    name, in at most one query: the demo links the providers the directory lists."""
    wanted = sorted({n for n in names if n})
    if not wanted or not _registered:
        return {}
    return _registered[0].named(agency_id, wanted)
