"""The routes of a part of the client record (people, key events, documents), laid out the
same way for each, so a new part does not copy another's list of paths."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, path


def record_part(
    segment: str, page: Callable, panel: Callable, new: Callable, **on_one: Callable
) -> list[URLPattern]:
    """`page` (the part's list) at <client_id>/<segment>/, named `segment`; the form that adds
    one at new/; each action on one row at <pk>/<action>/ (`action=view`); the record page's
    card at <client_id>/panels/<segment>/. Every route but the list is named after its view."""
    base = f"<int:client_id>/{segment}/"
    return [
        path(base, page, name=segment),
        path(f"{base}new/", new, name=new.__name__),
        *(
            path(f"{base}<int:pk>/{action}/", view, name=view.__name__)
            for action, view in on_one.items()
        ),
        path(f"<int:client_id>/panels/{segment}/", panel, name=panel.__name__),
    ]
