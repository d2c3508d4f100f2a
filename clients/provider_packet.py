"""What may be sent to an outside care-team member, section by section ("Send to provider").

Each section names the consent categories it discloses, so the page holds only what the
release covers: the gate (`clients.selectors.consent_gate`) is asked for the union of the chosen
sections' categories. `clients` registers its own sections (clients/selectors/provider_packet.py);
another app adds its own from its AppConfig.ready() (for example the care plan), like the
record panels, so `clients` imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from clients.models import CATEGORY_SHORT, Client


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    categories: tuple[str, ...]
    # The partial that prints it, and its context: context(client) -> dict, a few queries.
    template: str
    context: Callable[[Client], dict[str, Any]]
    order: int = 50

    @property
    def category_labels(self) -> str:
        return ", ".join(str(CATEGORY_SHORT.get(c, c)) for c in self.categories)


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def chosen(keys: Iterable[str]) -> list[Section]:
    """The registered sections among `keys`, in page order; unknown keys are dropped."""
    wanted = set(keys)
    return [s for s in sections() if s.key in wanted]


def categories_of(chosen_sections: Iterable[Section]) -> list[str]:
    return list(dict.fromkeys(c for s in chosen_sections for c in s.categories))
