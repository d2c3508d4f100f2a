from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casework.access import access_for
from casework.models import Role
from casework.permissions import requires, signed_in
from pages import home


@require_safe
@requires(signed_in)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: each app's panel that applies to the viewer (pages.home)."""
    access = access_for(request.user)
    panels = home.panels_for(request, access)
    role_labels = [label for value, label in Role.choices if value in access.roles]
    return render(
        request, "casework/dashboard.html", {"panels": panels, "role_labels": role_labels}
    )
