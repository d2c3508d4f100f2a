"""The request being served, for code that writes the audit trail without being handed it
(services called from views): each change event then carries the request id and the address,
as a view event does. Set by `RequestIdMiddleware`; empty outside a request (Celery, commands).
A context variable, so threads and async tasks each see their own."""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("casework_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


def serving(request: HttpRequest):
    """Mark `request` as the one being served; returns the token to `done` with."""
    return _current.set(request)


def done(token) -> None:
    _current.reset(token)
