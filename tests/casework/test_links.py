"""fixed_url: reverse() of a route without arguments, kept per process."""

from __future__ import annotations

from django.urls import reverse, set_script_prefix

from casework.links import fixed_url
from pages.navigation import ITEMS


def test_it_gives_what_reverse_gives():
    for name in ["dashboard", "logout", *(item.url_name for item in ITEMS)]:
        assert fixed_url(name) == reverse(name)


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/casework/")
        assert fixed_url("dashboard") == reverse("dashboard")
        assert fixed_url("dashboard").startswith("/casework/")
    finally:
        set_script_prefix("/")
    assert fixed_url("dashboard") == reverse("dashboard")
