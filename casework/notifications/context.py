"""The navigation badge: how many reminders want the signed-in person's attention."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from casework.notifications import selectors


def notification_count(request: HttpRequest) -> dict:
    """Lazy: ONE count query, only when a page renders the badge, at most once a request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_notification_count"):
            request._notification_count = selectors.live_count_for(viewer=user)
        return request._notification_count

    return {"notification_count": SimpleLazyObject(count)}
