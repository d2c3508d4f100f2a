"""What a supervisor does from the dashboard: reassign clients, co-sign or return a note,
mark an emergency access reviewed. One small view per action; each calls one service."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework.errors import flash_outcome, form_write
from casework.input import local_target
from casework.models import EmergencyAccess
from casework.permissions import requires, signed_in
from casework.security import emergency
from clients.models import Visit
from clients.selectors.staff import assignable_staff
from supervision.forms import ReassignForm, ReturnForm
from supervision.scope import team_get_for
from supervision.selectors.queues import cosign_queue
from supervision.services.errors import SupervisionError
from supervision.services.notes import note_cosign, note_return
from supervision.services.reassign import clients_reassign
from supervision.views.dashboard import audit_list, list_context


def _back(request: HttpRequest, team_id: int) -> HttpResponse:
    target = local_target(request, request.POST.get("next", ""))
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect("supervision:dashboard", team_id=team_id)


def _handed(made: list) -> str:
    return (
        f"{len(made)} client{'s' if len(made) != 1 else ''} handed to "
        f"{made[0].staff.full_name}; both case managers were told."
    )


@require_POST
@requires(signed_in)
def reassign(request: HttpRequest, team_id: int) -> HttpResponse:
    """Hand the ticked clients of a list to another case manager, all or nothing. On a
    refusal the list is shown again with the message at its field."""
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    people = list(assignable_staff(teams=[view.team]))
    form = ReassignForm(request.POST, team=view.team, staff=people)

    def write(data: dict) -> list:
        return clients_reassign(
            team=view.team,
            client_ids=data["clients"],
            staff=form.people[data["staff"]],
            started_on=data["started_on"],
            reason=data["reason"],
            assigned_by=request.user,
        )

    if form_write(request, form, write, _handed, refused=SupervisionError) is not None:
        return _back(request, team_id)
    metric = request.POST.get("list_metric", "caseload")
    context = list_context(request, view, metric, form=form)
    audit_list(request, view, context)
    return render(request, "supervision/metric_list.html", context, status=200)


@require_POST
@requires(signed_in)
def cosign(request: HttpRequest, team_id: int, visit_id: int) -> HttpResponse:
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    write = partial(note_cosign, visit_id=visit_id, team=view.team, cosigned_by=request.user)
    try:
        flash_outcome(request, write, "Note co-signed.", refused=SupervisionError)
    except Visit.DoesNotExist:
        raise Http404 from None
    return _back(request, team_id)


@require_http_methods(["GET", "POST"])
@requires(signed_in)
def return_note(request: HttpRequest, team_id: int, visit_id: int) -> HttpResponse:
    """Ask for the comment, then send the note back to its author."""
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    visit = get_object_or_404(
        cosign_queue(viewer=request.user, view=view)
        .select_related(None)
        .select_related("client", "author"),
        pk=visit_id,
    )
    form = ReturnForm(request.POST or None)

    def write(data: dict) -> None:
        try:
            note_return(
                visit_id=visit.pk, team=view.team, returned_by=request.user, comment=data["comment"]
            )
        except Visit.DoesNotExist:
            raise Http404 from None

    done = f"Note returned to {visit.author.full_name}."
    if form_write(request, form, write, done, refused=SupervisionError) is not None:
        return redirect("supervision:dashboard", team_id=team_id)
    return render(
        request,
        "supervision/return_note.html",
        {"team": view.team, "visit": visit, "client": visit.client, "form": form},
    )


@require_POST
@requires(signed_in)
def emergency_review(request: HttpRequest, team_id: int, grant_id: int) -> HttpResponse:
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    if not EmergencyAccess.objects.filter(pk=grant_id, team=view.team).exists():
        raise Http404
    review = partial(
        emergency.emergency_access_review,
        grant_id=grant_id,
        reviewed_by=request.user,
        request=request,
    )
    done = "Emergency access marked reviewed."
    flash_outcome(request, review, done, refused=emergency.EmergencyAccessError)
    return _back(request, team_id)
