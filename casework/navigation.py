"""Role-aware navigation: each app registers its entries with a visibility rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

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


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def links_for(access: Access, path: str) -> list[NavLink]:
    """The visible entries with their URLs; only the longest URL that prefixes `path` is
    active, so "/clients/caseload/" lights "My caseload" and not also "Find a client"."""
    items = [(item, reverse(item.url_name)) for item in items_for(access)]
    matches = [url for _, url in items if path.startswith(url) and url != "/"]
    current = max(matches, key=len, default=None)
    return [NavLink(item.label, url, url == current) for item, url in items]
