"""The routes of a part of the client record (people, key events, documents, the care team),
laid out the same way for each, so a new part does not copy another's list of paths."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, path

from casework.routes import routes


def record_part(
    segment: str, page: Callable, panel: Callable, new: Callable, **on_one: Callable
) -> list[URLPattern]:
    """`page` (the part's list) at <client_id>/<segment>/, named `segment` (a hyphen read as
    an underscore: `care-team` is `care_team`); the form that adds one at new/; each action on
    one row at <pk>/<action>/ (`action=view`); the record page's card at
    <client_id>/panels/<segment>/. Every route but the list is named after its view."""
    base = f"<int:client_id>/{segment}/"
    return [
        path(base, page, name=segment.replace("-", "_")),
        *routes(base, new=new),
        *routes(f"{base}<int:pk>/", **on_one),
        *routes(f"<int:client_id>/panels/{segment}/", panel),
    ]
