"""Route tables in the shape most of Casework's URLs take: one page, and actions below it.

An object's page sits at a prefix (`agency/staff/<int:user_id>/`) and each thing done to it
one segment below (`roles/`, `resend/`), every route named after its view. Written out, a
table repeats the prefix and the view's name on every line; `routes()` says each once, so a
table reads as the list of what can be done and a new action cannot get its name wrong.
Routes whose name is not their view's (`clients:consents` for `consent_list`) stay `path()`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, path


def routes(prefix: str, page: Callable | None = None, /, **actions: Callable) -> list[URLPattern]:
    """`page` (when given) at `prefix`, each action's view at `prefix<action>/` (an underscore
    in the keyword is a hyphen in the path: `followed_up` is `followed-up/`), in that order;
    every route is named after its view."""
    pages = [(prefix, page)] if page is not None else []
    pages += [(f"{prefix}{action.replace('_', '-')}/", view) for action, view in actions.items()]
    return [path(route, view, name=view.__name__) for route, view in pages]
