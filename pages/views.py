from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casework.access import access_for
from casework.audit import audit_view
from casework.models import Role
from casework.permissions import requires, signed_in
from clients.selectors.clients import client_record_get_for
from clients.selectors.visits import visit_get_for
from clients.views.records import record_context
from pages import home, record, visit


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


@require_safe
@requires(signed_in)
def client_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The client record: its header and timeline (clients), each app's header badges and
    panels (pages.record). One view event for the open, panels included."""
    client = client_record_get_for(viewer=request.user, pk=pk)
    opened = audit_view(request, client, client_id=client.pk)
    context = {
        **record_context(request, client, opened=opened),
        "header_badges": record.badges_for(client),
        "panels": record.panels_for(request, client),
    }
    return render(request, "clients/client_detail.html", context)


@require_safe
@requires(signed_in)
def visit_panels(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """The contact note page's panels from every app (pages.visit), which the page loads in
    one request after its first response. 404 outside the viewer's teams."""
    found = visit_get_for(viewer=request.user, client_id=client_id, pk=pk)
    context = {"client": found.client, "visit": found, "panels": visit.panels_for(request, found)}
    return render(request, "pages/_visit_panels.html", context)
