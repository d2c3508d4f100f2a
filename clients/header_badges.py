"""The seam through which other apps (assessments' safety flags, later others) add badges to
the client record header without `clients` importing them.

An app registers, in its AppConfig.ready():

    header_badges.register(template="careplans/_header_flags.html", context=flags_context)

`context(client)` returns the template's context (or None to show nothing); it may run a
query, so keep it to one. The header renders each registered template in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HeaderBadge:
    template: str
    context: Callable[[Any], dict | None]
    order: int = 50


_badges: list[HeaderBadge] = []


def register(*, template: str, context: Callable[[Any], dict | None], order: int = 50) -> None:
    if all(b.template != template for b in _badges):
        _badges.append(HeaderBadge(template=template, context=context, order=order))
        _badges.sort(key=lambda b: b.order)


def badges() -> list[HeaderBadge]:
    return list(_badges)
