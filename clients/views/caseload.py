"""The "My caseload" page: the clients the signed-in person serves, due dates first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from casework.input import search_query
from casework.permissions import requires, signed_in
from clients.selectors.caseload import (
    SORT_LABELS,
    STATUS_CHOICES,
    CaseloadFilters,
    Scope,
    caseload_for,
    caseload_programs,
    due_marker,
    may_see_teams,
)

PAGE_SIZE = 25


@require_safe
@requires(signed_in)
def caseload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    teams_allowed = may_see_teams(request.user)
    params = request.GET.copy()
    params["q"] = search_query(request)  # a control character is a 400, not a failed query
    filters = CaseloadFilters.from_query(params, may_see_teams=teams_allowed)
    clients = caseload_for(viewer=request.user, filters=filters, today=today)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    for client in page:
        client.due_marker = due_marker(client.next_contact_due, today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "query": query.urlencode(),
        "teams_allowed": teams_allowed,
        "scope_teams": filters.scope == Scope.TEAMS,
        "today": today,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "clients/caseload/_caseload_rows.html", context)
    context.update(
        programs=list(caseload_programs(viewer=request.user)),
        status_choices=STATUS_CHOICES,
        sort_labels=SORT_LABELS,
    )
    return render(request, "clients/caseload/caseload.html", context)
