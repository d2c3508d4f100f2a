"""The "My caseload" page: the clients the signed-in person serves, due dates first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from casework.input import search_query
from casework.paging import page_with_filters
from casework.permissions import requires, signed_in
from clients.models import Status
from clients.selectors.caseload import (
    SORT_LABELS,
    STATUS_CHOICES,
    CaseloadFilters,
    Scope,
    caseload_programs,
    caseload_rows,
    due_marker,
    may_see_teams,
)

PAGE_SIZE = 25
STATUS_LABELS = dict(Status.choices)
_ID = 2_147_483_647  # stands for a client's id in a reversed link, then becomes "{}"


def _link_pattern(name: str) -> str:
    """A client's link with "{}" for the id: reversed once a page rather than once a row."""
    return reverse(name, args=[_ID]).replace(str(_ID), "{}")


@require_safe
@requires(signed_in)
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    teams_allowed = may_see_teams(request.user)
    params = request.GET.copy()
    params["q"] = search_query(request)  # a control character is a 400, not a failed query
    filters = CaseloadFilters.from_query(params, may_see_teams=teams_allowed)
    clients = caseload_rows(viewer=request.user, filters=filters, today=today)
    page, query = page_with_filters(request, clients, PAGE_SIZE)
    for client in page:
        client.due_marker = due_marker(client.next_contact_due, today)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "teams_allowed": teams_allowed,
        "scope_teams": filters.scope == Scope.TEAMS,
        "today": today,
        "detail_url": _link_pattern("clients:detail"),
        "visit_url": _link_pattern("clients:visit_create"),
        "status_labels": STATUS_LABELS,
    }
    # The rows are a Jinja2 template (jinja_templates/): Django's engine spent most of the
    # page's CPU on them (issue 24).
    rows = render_to_string("clients/caseload/_caseload_rows.html", context, using="jinja2")
    context["rows"] = mark_safe(rows)  # noqa: S308 - rendered by the autoescaping Jinja2 engine
    if request.htmx and not request.htmx.history_restore_request:
        # Through a one-line Django template, so the response carries its context as every
        # other page's does; no context processors: the fragment has no layout.
        return HttpResponse(render_to_string("clients/caseload/_caseload_results.html", context))
    context.update(
        programs=list(caseload_programs(viewer=request.user)),
        status_choices=STATUS_CHOICES,
        sort_labels=SORT_LABELS,
    )
    return render(request, "clients/caseload/caseload.html", context)
