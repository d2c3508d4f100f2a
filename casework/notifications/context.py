"""The navigation badge: how many reminders want the signed-in person's attention."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from casework.notifications import selectors
from casework.notifications.badge import badge_count


def notification_count(request: HttpRequest) -> dict:
    """Lazy: only when a page renders the badge, at most once a request; one COUNT query
    unless the count is cached (casework.notifications.badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not hasattr(request, "_notification_count"):
            today = timezone.localdate()
            request._notification_count = badge_count(
                viewer=user,
                today=today,
                count=lambda: selectors.live_count_for(viewer=user, today=today),
            )
        return request._notification_count

    return {"notification_count": SimpleLazyObject(count)}
