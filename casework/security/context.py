"""The emergency-access banner, from the session: no query on any page."""

from __future__ import annotations

from django.http import HttpRequest

from casework.security.emergency import active_grants_in_session


def emergency_banner(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"emergency_grants": active_grants_in_session(request)}
