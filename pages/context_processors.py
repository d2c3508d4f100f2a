from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from casework.access import access_for
from pages import navigation


def navigation_items(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = access_for(user)
    if settings.REQUIRE_2FA and hasattr(user, "is_verified") and not user.is_verified():
        # Until the second factor is given, only the two-factor pages answer: no menu.
        return {"nav_items": [], "access": access, "two_factor_pending": True}
    return {"nav_items": navigation.links_for(access, request.path), "access": access}
