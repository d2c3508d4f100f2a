"""On a note's own page: whether it awaits or has its co-signature, the supervisor's
returns with their comments, and the author's answer to an open return."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from casework.permissions import requires, signed_in
from clients.models import Visit
from clients.selectors.visits import visit_get_for
from supervision.forms import ResolveForm
from supervision.models import NoteReturn
from supervision.predicates import may_cosign
from supervision.selectors.queues import needs_cosign
from supervision.services.errors import SupervisionError
from supervision.services.notes import note_return_resolve

VISIT_REVIEW = "supervision/_visit_review.html"


def visit_review_context(request: HttpRequest, visit: Visit) -> dict:
    """The visit page's co-signature panel (pages.visit): two queries, whether the note needs
    a co-signature and its returns."""
    returns = list(
        NoteReturn.objects.filter(visit=visit)
        .select_related("returned_by")
        .order_by("returned_at", "pk")
    )
    needed = Visit.objects.filter(pk=visit.pk).filter(needs_cosign()).exists()
    open_return = next((r for r in returns if r.is_open), None)
    return {
        "visit": visit,
        "returns": returns,
        "needs_cosign": needed,
        "open_return": open_return,
        "may_answer": open_return is not None and visit.author_id == request.user.pk,
        "may_cosign": may_cosign(request.user, visit, needed=needed, open_return=open_return),
        "form": ResolveForm(),
    }


@require_safe
@requires(signed_in)
def visit_review(request: HttpRequest, client_id: int, visit_id: int) -> HttpResponse:
    """The co-signature panel alone; the visit page shows it through pages.visit."""
    visit = visit_get_for(viewer=request.user, client_id=client_id, pk=visit_id)
    return render(request, VISIT_REVIEW, visit_review_context(request, visit))


@require_POST
@requires(signed_in)
def return_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """The author has addressed the comment (usually by an addendum): back to the queue."""
    form = ResolveForm(request.POST)
    reply = form.cleaned_data["reply"] if form.is_valid() else ""
    try:
        returned = note_return_resolve(return_id=pk, author=request.user, reply=reply)
    except NoteReturn.DoesNotExist:
        raise Http404 from None
    except SupervisionError as error:
        messages.error(request, error.message)
        returned = NoteReturn.objects.select_related("visit").get(pk=pk)
    else:
        messages.success(request, "Sent back to your supervisor for co-signature.")
    return redirect(
        "clients:visit_detail", client_id=returned.visit.client_id, pk=returned.visit_id
    )
