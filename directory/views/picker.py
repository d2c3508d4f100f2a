"""The directory picker of the clients' care-team form: the type-ahead fragment (htmx) that
finds an organisation by its name or its services' names. It offers what a care-team link
accepts (`directory.selectors.links`): the viewer's agency's active organisations.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casework.input import search_query
from casework.permissions import requires, signed_in
from directory.selectors import directory as selectors
from directory.selectors.links import with_first_phone

MIN_LENGTH = 2
SHOWN = 8
# Matching services read to find SHOWN organisations (several services share one).
SERVICES_READ = 40


@requires(signed_in)
@require_safe
def directory_picker(request: HttpRequest) -> HttpResponse:
    """Up to SHOWN active organisations for `q`: those whose services match (best first, the
    directory search), then those whose own name contains it. A fixed number of queries."""
    text = search_query(request)
    results = []
    if len(text) >= MIN_LENGTH:
        services = selectors.directory_search(
            viewer=request.user, query=selectors.DirectoryQuery(text=text)
        ).matches[:SERVICES_READ]
        matched: dict[int, list[str]] = {}
        for service in services:
            matched.setdefault(service.organization_id, []).append(service.name)
        by_name = (
            selectors.organizations_for(viewer=request.user)
            .filter(is_active=True, name__icontains=text)
            .exclude(pk__in=list(matched)[:SHOWN])
            .order_by("name", "pk")
            .values_list("pk", flat=True)[:SHOWN]
        )
        order = [*list(matched)[:SHOWN], *by_name][:SHOWN]
        organizations = with_first_phone(
            selectors.organizations_for(viewer=request.user).filter(pk__in=order, is_active=True)
        )
        found = {org.pk: org for org in organizations}
        results = [(found[pk], matched.get(pk, [])[:3]) for pk in order if pk in found]
    context = {"text": text, "results": results, "min_length": MIN_LENGTH}
    return render(request, "directory/picker/_results.html", context)
