"""The directory picker of the clients' care-team form: the type-ahead fragment (htmx) that
finds an organisation by its name or its services' names, and the lookup that the form's save
checks a chosen entry against.

`clients` may not import `referrals`, so `register()` (called from ReferralsConfig.ready())
hands `clients.directory` the lookup and this fragment's URL name. The picker offers what the
lookup accepts: the viewer's agency's active organisations.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clients import directory
from clients.directory import DirectoryEntry
from referrals.models import Organization, Phone
from referrals.selectors import directory as selectors

MIN_LENGTH = 2
SHOWN = 8
# Matching services read to find SHOWN organisations (several services share one).
SERVICES_READ = 40


def _with_phone(organizations):
    first_phone = Phone.objects.filter(organization_id=OuterRef("pk")).order_by("id")
    return organizations.annotate(first_phone=Subquery(first_phone.values("number")[:1]))


def _entry(org: Organization) -> DirectoryEntry:
    return DirectoryEntry(
        id=org.pk,
        name=org.name,
        phone=org.first_phone or "",
        url=org.get_absolute_url(),
        is_active=org.is_active,
    )


def directory_entries(agency_id: int, ids: list[int]) -> dict[int, DirectoryEntry]:
    """`clients.directory`'s lookup: the agency's organisations among `ids`, in one query."""
    rows = _with_phone(Organization.objects.filter(agency_id=agency_id, pk__in=ids))
    return {org.pk: _entry(org) for org in rows}


def directory_entries_named(agency_id: int, names: list[str]) -> dict[str, DirectoryEntry]:
    """The agency's active organisations named one of `names` (any case), in one query."""
    folded = {name.casefold() for name in names}
    rows = _with_phone(
        Organization.objects.filter(agency_id=agency_id, is_active=True)
        .annotate(folded=Lower("name"))
        .filter(folded__in=folded)
        .order_by("-pk")  # the oldest of two same-named entries wins (last in the dict)
    )
    return {org.name.casefold(): _entry(org) for org in rows}


def register() -> None:
    directory.register(
        lookup=directory_entries,
        named=directory_entries_named,
        search_url_name="referrals:directory_picker",
    )


@login_required
@require_safe
def directory_picker(request: HttpRequest) -> HttpResponse:
    """Up to SHOWN active organisations for `q`: those whose services match (best first, the
    directory search), then those whose own name contains it. A fixed number of queries."""
    text = " ".join(request.GET.get("q", "").split())[:100]
    results = []
    if len(text) >= MIN_LENGTH:
        services = selectors.directory_search(
            viewer=request.user, query=selectors.DirectoryQuery(text=text)
        )[:SERVICES_READ]
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
        organizations = _with_phone(
            selectors.organizations_for(viewer=request.user).filter(pk__in=order, is_active=True)
        )
        found = {org.pk: org for org in organizations}
        results = [(found[pk], matched.get(pk, [])[:3]) for pk in order if pk in found]
    context = {"text": text, "results": results, "min_length": MIN_LENGTH}
    return render(request, "referrals/picker/_results.html", context)
