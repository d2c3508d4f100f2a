"""A visit handed on after a transfer (issue #26): its new case manager reads it and marks it
read. Thin: find through the selectors (404 outside the teams), call the service."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from casework import access
from casework.access import access_for
from casework.audit import audit_client
from casework.permissions import requires, signed_in
from clients.models import Mode, NoteFormat, Place, Service, VisitHandoff
from clients.models.visit import NOTE_SECTIONS
from clients.selectors import client_get_for, client_get_for_change
from clients.services import handoffs as services


def _handoff(request: HttpRequest, client_id: int, pk: int) -> VisitHandoff:
    """The handoff under its client, or 404 (audited) outside the viewer's teams or under
    another client."""
    client = client_get_for(viewer=request.user, pk=client_id)
    rows = VisitHandoff.objects.select_related("sent_by", "read_by")
    handoff = access.child_or_404(rows, pk=pk, client=client)
    handoff.client = client
    return handoff


@requires(signed_in)
@require_safe
def handoff_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    handoff = _handoff(request, client_id, pk)
    audit_client("clients.visit_handoff.view", handoff, handoff.client, request=request)
    visit = handoff.visit
    note_format = visit.get("note_format", NoteFormat.NARRATIVE)
    sections = [
        (label, visit.get("note", {}).get(key, ""))
        for key, label, _prompt in NOTE_SECTIONS.get(note_format, ())
    ]
    context = {
        "client": handoff.client,
        "handoff": handoff,
        "visit": visit,
        "mode": Mode(visit["mode"]).label if visit.get("mode") in Mode.values else "",
        "place": Place(visit["place"]).label if visit.get("place") in Place.values else "",
        "services": [Service(s).label for s in visit.get("services", []) if s in Service.values],
        "sections": sections,
        "note_format": NoteFormat(note_format).label,
        "signed_on_device_at": (
            datetime.fromisoformat(visit["signed_on_device_at"])
            if visit.get("signed_on_device_at")
            else None
        ),
        "can_mark": access_for(request.user).can_change_team(handoff.client.team_id),
    }
    return render(request, "clients/offline/handoff_detail.html", context)


@requires(signed_in)
@require_POST
def handoff_read(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client_get_for_change(viewer=request.user, pk=client_id)  # writers only
    handoff = _handoff(request, client_id, pk)
    services.visit_handoff_read(handoff=handoff, reader=request.user)
    messages.success(request, "Marked as read.")
    return redirect("clients:handoff_detail", client_id=client_id, pk=pk)
