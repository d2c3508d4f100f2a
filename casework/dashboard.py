"""The home page is assembled from panels that each app registers in its AppConfig.ready().

This keeps dependencies pointing one way: `casework` shows clients' and referrals' panels
without importing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from casework.access import Access


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFactory = Callable[[HttpRequest, Access], "Panel | None"]
_panels: list[tuple[int, PanelFactory]] = []


def register(factory: PanelFactory, *, order: int = 50) -> None:
    if all(f is not factory for _, f in _panels):
        _panels.append((order, factory))
        _panels.sort(key=lambda item: item[0])


def panels_for(request: HttpRequest, access: Access) -> list[Panel]:
    """Each factory decides from the access whether its panel applies to this person."""
    return [p for _, factory in _panels if (p := factory(request, access)) is not None]
