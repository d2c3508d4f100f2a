from __future__ import annotations

from django.http import HttpRequest

from casework import navigation
from casework.access import access_for


def navigation_items(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = access_for(user)
    return {"nav_items": navigation.links_for(access, request.path), "access": access}
