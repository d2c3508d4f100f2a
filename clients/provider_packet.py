"""What may be sent to an outside care-team member, section by section ("Send to provider").

Each section names the consent categories it discloses, so the page holds only what the
release covers: the gate (`clients.selectors.consent_gate`) is asked for the union of the chosen
sections' categories. The page's sections come from several apps (the client's own in
clients/selectors/provider_packet.py, the care plan's in careplans/provider_sections.py); the
list of them, in page order, is composed above every app in pages/provider_packet.py.
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

    @property
    def category_labels(self) -> str:
        return ", ".join(str(CATEGORY_SHORT.get(c, c)) for c in self.categories)


def chosen(sections: Iterable[Section], keys: Iterable[str]) -> list[Section]:
    """The sections among `keys`, in page order; unknown keys are dropped."""
    wanted = set(keys)
    return [s for s in sections if s.key in wanted]


def categories_of(chosen_sections: Iterable[Section]) -> list[str]:
    return list(dict.fromkeys(c for s in chosen_sections for c in s.categories))
