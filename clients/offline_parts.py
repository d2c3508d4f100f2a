"""The seam through which other apps add to the short summary a case manager takes offline
(issue #26), without `clients` importing them. The care-plans app registers the crisis plan
in its AppConfig.ready():

    offline_parts.register(key="crisis_plan", parts=...)

`parts(client_ids)` returns {client id: JSON-ready value} for the given clients in one query
(clients without one are left out). The caller has already scoped the ids by the access
policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_parts: dict[str, Callable[[list[int]], dict[int, object]]] = {}


def register(*, key: str, parts: Callable[[list[int]], dict[int, object]]) -> None:
    _parts[key] = parts


def parts_for(client_ids: Iterable[int]) -> dict[str, dict[int, object]]:
    ids = list(client_ids)
    return {key: parts(ids) if ids else {} for key, parts in _parts.items()}
