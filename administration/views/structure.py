"""The agency page (programs, service areas, teams) and the forms that make and edit them.
Agency admins only (403 for everyone else); another agency's row answers 404."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from administration import selectors
from administration.forms.structure import ProgramForm, ServiceAreaForm, TeamForm
from administration.predicates import may_administer_agency
from administration.services import AdministrationError
from administration.services.structure import structure_create, structure_update
from administration.views.agency import agency_for
from casework.errors import form_write
from casework.models import Program, ServiceArea, Team
from casework.permissions import requires

_FORM_METHODS = ["GET", "HEAD", "POST"]
_FORMS: dict[type[models.Model], type[ModelForm]] = {
    Program: ProgramForm,
    ServiceArea: ServiceAreaForm,
    Team: TeamForm,
}


@require_safe
@requires(may_administer_agency)
def home(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, access, reminder count, agency, programs, areas, teams with
    their counts, staff count."""
    agency = agency_for(request)
    context = {
        "agency": agency,
        "structure": selectors.agency_structure(agency=agency),
        "staff_count": selectors.staff_count(agency=agency),
        "time_zone": settings.TIME_ZONE,
    }
    return render(request, "administration/home.html", context)


def _form_page(request: HttpRequest, model: type[models.Model], pk: int | None) -> HttpResponse:
    agency = agency_for(request)
    instance = get_object_or_404(model, pk=pk, agency=agency) if pk is not None else None
    form = _FORMS[model](request.POST or None, instance=instance, agency=agency)
    noun = model._meta.verbose_name

    def save(data: dict) -> models.Model:
        if instance is None:
            return structure_create(
                model=model, agency=agency, fields=form.values(), created_by=request.user
            )
        return structure_update(
            model=model,
            agency=agency,
            pk=instance.pk,
            version=data["version"],
            fields=form.values(),
            changed_by=request.user,
        )

    def done(obj: models.Model) -> str:
        return f"The {noun} {obj.name} was saved."

    if form_write(request, form, save, done, refused=AdministrationError) is not None:
        return redirect("administration:home")
    title = f"Edit the {noun} {instance.name}" if instance else f"New {noun}"
    return render(request, "administration/structure_form.html", {"form": form, "title": title})


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def program_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, Program, None)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, Program, pk)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def area_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, ServiceArea, None)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, ServiceArea, pk)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def team_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, Team, None)


@require_http_methods(_FORM_METHODS)
@requires(may_administer_agency)
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, Team, pk)
