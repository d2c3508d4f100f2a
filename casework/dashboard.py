"""What a home dashboard panel is. Each app writes its panels (`clients.panels`,
`supervision.panels`, `casework.panels`); the page that shows them in order is composed
above every app, in `pages.home`."""

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


# Decides from the access whether its panel applies to this person (None: it does not).
PanelFactory = Callable[[HttpRequest, Access], "Panel | None"]
