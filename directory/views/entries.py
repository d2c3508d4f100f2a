"""The buttons an organisation's page and a service's page share: deactivate (after a
confirmation), reactivate, and mark verified. One view per button, told by its route which
`kind` of entry it acts on, so the two pages cannot drift apart. Found through the selectors
with `change=True`: 404 for another agency's entry, 403 for staff who are not its admins."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from casework.errors import flash_outcome
from casework.permissions import requires, signed_in
from directory.models import Organization, Service, ServiceStatus
from directory.selectors import directory as selectors
from directory.services import directory as services
from directory.services.errors import DirectoryError

# What a deactivated entry of each kind takes out of search results.
_LEAVES = {"organization": "Its services leave", "service": "It leaves"}


def _entry_for_change(request: HttpRequest, kind: str, pk: int) -> Organization | Service:
    find = selectors.service_get_for if kind == "service" else selectors.organization_get_for
    return find(viewer=request.user, pk=pk, change=True)


def _set_active(request: HttpRequest, entry: Organization | Service, *, active: bool) -> None:
    """(De)activate an organisation or a service from the buttons of its page: the next page
    says it is done, or why not."""
    if isinstance(entry, Service):
        status = ServiceStatus.ACTIVE if active else ServiceStatus.INACTIVE
        write = partial(
            services.service_set_status, service_id=entry.pk, status=status, changed_by=request.user
        )
    else:
        write = partial(
            services.organization_set_active,
            organization_id=entry.pk,
            active=active,
            changed_by=request.user,
        )
    done = f"{entry.name} is active again." if active else f"{entry.name} is now inactive."
    flash_outcome(request, write, done, refused=DirectoryError)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def entry_deactivate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """GET asks for confirmation; POST marks the entry inactive (never deleted)."""
    entry = _entry_for_change(request, kind, pk)
    if request.method == "POST":
        _set_active(request, entry, active=False)
        return redirect(entry.get_absolute_url())
    context = {
        "title": f"Deactivate {entry.name}?",
        "text": f"{_LEAVES[kind]} search results. Nothing is deleted; you can reactivate it.",
        "button": "Deactivate",
        "cancel_url": entry.get_absolute_url(),
    }
    return render(request, "directory/confirm.html", context)


@requires(signed_in)
@require_POST
def entry_activate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    entry = _entry_for_change(request, kind, pk)
    _set_active(request, entry, active=True)
    return redirect(entry.get_absolute_url())


@requires(signed_in)
@require_POST
def entry_verify(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    entry = _entry_for_change(request, kind, pk)
    if isinstance(entry, Service):
        services.service_verify(service_id=entry.pk, verified_by=request.user)
    else:
        services.organization_verify(organization_id=entry.pk, verified_by=request.user)
    messages.success(request, f"{entry.name} is marked verified today.")
    # A fixed choice, never a URL from the form (no open redirect).
    if request.POST.get("next") == "unverified":
        return redirect("directory:unverified")
    return redirect(entry.get_absolute_url())
