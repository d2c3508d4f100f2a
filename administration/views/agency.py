"""Which agency the admin's pages work on. Someone who administers several agencies picks one
with the switcher every agency page shows; the choice is kept in their session and the page
names the agency, so nothing is done to an agency they did not pick."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from administration.forms.agency import AgencyDetailsForm
from administration.predicates import (
    administered_agencies,
    may_administer_agency,
    may_work_on_agency,
)
from administration.services import AdministrationError
from administration.services.agency import agency_details_update
from casework.errors import form_write
from casework.models import Agency
from casework.permissions import requires

SESSION_KEY = "administration_agency_id"


def agency_for(request: HttpRequest) -> Agency:
    """The agency the request works on (403 for a non-admin). The list of agencies rides on
    the request for the switcher (`administration/_nav.html`), from the same one query."""
    agencies = administered_agencies(request.user)
    chosen = request.session.get(SESSION_KEY)
    agency = next((a for a in agencies if a.pk == chosen), agencies[0])
    request.admin_agencies = agencies
    request.admin_agency = agency
    return agency


def _wanted_agency(request: HttpRequest) -> int | None:
    """The id of the agency asked for (None when the form sends no number)."""
    try:
        return int(request.POST.get("agency", ""))
    except ValueError:
        return None


@requires(may_administer_agency, methods=["POST"])
@requires(may_work_on_agency, on=_wanted_agency)
def agency_switch(request: HttpRequest, wanted: int) -> HttpResponse:
    """Work on another of the viewer's agencies; an agency they do not administer is 403."""
    request.session[SESSION_KEY] = wanted
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return redirect(back or "administration:home")


@require_http_methods(["GET", "HEAD", "POST"])
@requires(may_administer_agency)
def agency_details(request: HttpRequest) -> HttpResponse:
    """The agency's address and phone (printed on a client's papers) and its date policies."""
    agency = agency_for(request)
    form = AgencyDetailsForm(request.POST or None, instance=agency)

    def write(_: dict) -> None:
        agency_details_update(agency=agency, fields=form.values(), changed_by=request.user)

    done = "The agency's details were saved."
    if form_write(request, form, write, done, refused=AdministrationError) is not None:
        return redirect("administration:home")
    return render(request, "administration/agency_details.html", {"form": form, "agency": agency})
