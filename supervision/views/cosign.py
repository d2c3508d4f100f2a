"""The co-sign queue: every note waiting for this supervisor, paged, oldest first, and one
note at a time with "Co-sign and next", so a long queue is cleared without going back to
the list. Co-signing itself is `note_cosign`, the same service the dashboard uses."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from casework.audit import audit_client
from casework.permissions import requires, signed_in
from clients.models import Visit
from supervision.scope import team_get_for
from supervision.selectors.queues import (
    cosign_next_after,
    cosign_position,
    cosign_queue_for_signer,
)
from supervision.services.errors import SupervisionError
from supervision.services.notes import note_cosign
from supervision.views.dashboard import audit_list

PAGE_SIZE = 25


@require_safe
@requires(signed_in)
def cosign_queue_page(request: HttpRequest, team_id: int) -> HttpResponse:
    """All notes waiting, 25 a page. Queries: the team check, the count, the page."""
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    queue = cosign_queue_for_signer(viewer=request.user, view=view)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    # A list of clients was shown: the same event as the dashboard's lists.
    audit_list(request, view, {"page": page, "metric_key": "cosign", "staff": "all"})
    return render(request, "supervision/cosign_queue.html", {"team": view.team, "page": page})


@require_safe
@requires(signed_in)
def cosign_review(request: HttpRequest, team_id: int, visit_id: int) -> HttpResponse:
    """One waiting note in full, its place in the queue, and what to do with it."""
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    queue = cosign_queue_for_signer(viewer=request.user, view=view)
    visit = get_object_or_404(queue, pk=visit_id)
    audit_client("clients.visit.view", visit, visit.client, request=request)
    before, total = cosign_position(queue=queue, visit=visit)
    following = cosign_next_after(queue=queue, visit=visit)
    context = {
        "team": view.team,
        "visit": visit,
        "client": visit.client,
        "position": before + 1,
        "total": total,
        "following": following,
    }
    return render(request, "supervision/cosign_review.html", context)


@require_POST
@requires(signed_in)
def cosign_and_next(request: HttpRequest, team_id: int, visit_id: int) -> HttpResponse:
    """Co-sign this note and open the next one waiting; the list when none is left."""
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    queue = cosign_queue_for_signer(viewer=request.user, view=view)
    try:
        visit = note_cosign(visit_id=visit_id, team=view.team, cosigned_by=request.user)
    except Visit.DoesNotExist:
        raise Http404 from None
    except SupervisionError as error:
        messages.error(request, error.message)
        return redirect("supervision:cosign_queue", team_id=team_id)
    following = cosign_next_after(queue=queue, visit=visit)
    if following is None:
        messages.success(request, "Note co-signed. No other note is waiting for you.")
        return redirect("supervision:cosign_queue", team_id=team_id)
    messages.success(request, f"Note on {visit.client.display_name} co-signed.")
    return redirect("supervision:cosign_review", team_id=team_id, visit_id=following.pk)
