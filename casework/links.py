"""Links to routes without arguments (the navigation, the layout's own links), reversed once
per process instead of on every page (issue 24: about 25 us each, twenty a page). Kept per
URLconf and script prefix, what `reverse` itself depends on."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_FOUND: dict[tuple[str, str | None, str, str], str] = {}


def fixed_url(name: str) -> str:
    """`reverse(name)` for a route that takes no argument."""
    key = (name, get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
    url = _FOUND.get(key)
    if url is None:
        url = _FOUND[key] = reverse(name)
    return url
