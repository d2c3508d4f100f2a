"""Role-aware navigation: each app registers its entries with a visibility rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casework.access import Access


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Access], bool]
    order: int = 50


_items: dict[str, NavItem] = {}


def register(*, label: str, url_name: str, visible: Callable[[Access], bool], order: int = 50):
    _items[url_name] = NavItem(label, url_name, visible, order)


def items_for(access: Access) -> list[NavItem]:
    return sorted((i for i in _items.values() if i.visible(access)), key=lambda i: i.order)
