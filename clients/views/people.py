"""The people in a client's life: list, record panel, add, edit, mark inactive. Thin: find
through the selectors (404 outside the teams, 403 for read-only roles), call one service."""

from __future__ import annotations

from functools import partial

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.errors import flash_outcome
from casework.permissions import requires, signed_in
from clients.forms.people import RelatedPersonForm
from clients.models import Client, RelatedPerson
from clients.predicates import may_change_client
from clients.selectors import client_get_for_change
from clients.selectors.people import active_people_for, people_for, person_get_for
from clients.services import people as services
from clients.services.errors import ClientRecordError
from clients.views.parts import audit_seen, client_read, panel_context, part_forms, record_panel

PANEL_SIZE = 5
PAGE_SIZE = 25
_FORM_METHODS = ["GET", "HEAD", "POST"]


def _rows(people) -> list[tuple]:
    """Each person with what may be shared with them (the consent seam, one query)."""
    people = list(people)
    services.disclosure_statuses_prefetch(people)
    return [(person, services.disclosure_status_for(person)) for person in people]


@requires(signed_in)
@require_safe
def people_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    page = Paginator(people_for(viewer=request.user, client=client), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "client": client,
        "page": page,
        "rows": _rows(page),
        "can_change": may_change_client(request.user, client),
    }
    return render(request, "clients/people/people_list.html", context)


PEOPLE_PANEL = "clients/people/_panel.html"


def people_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the first few people and what may be
    shared with each, two queries."""
    active = active_people_for(viewer=request.user, client=client)
    context = panel_context(request, client, active, name="rows", size=PANEL_SIZE)
    context["rows"] = _rows(context["rows"])
    return context


# The record page's card: the active people, emergency contacts first.
people_panel = record_panel(PEOPLE_PANEL, people_panel_context)


_person_form = part_forms("people", "people", row="person")


def _form(
    request: HttpRequest, form: RelatedPersonForm, write, done, client: Client, person=None
) -> HttpResponse:
    """The person's form page: back to the client's people once the change is made."""
    context = {"client": client, "form": form, "person": person}
    if person is not None:
        context["sharing"] = services.disclosure_status_for(person)
    return _person_form(request, "person_form.html", context, write, done)


def _added(person: RelatedPerson) -> str:
    return f"{person.full_name} was added."


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = RelatedPersonForm(request.POST or None)

    def write(data: dict) -> RelatedPerson:
        return services.related_person_add(
            client_id=client.pk, details=form.details(), added_by=request.user
        )

    return _form(request, form, write, _added, client)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = RelatedPersonForm(
        request.POST or None, instance=person, initial={"version": person.version}
    )

    def write(data: dict) -> None:
        services.related_person_update(
            client_id=client.pk,
            person_id=person.pk,
            details=form.details(),
            version=data["version"] or 0,
            changed_by=request.user,
        )

    def done(_: object) -> str:
        return f"{form.cleaned_data['full_name']} was saved."  # read after the POST

    return _form(request, form, write, done, client, person)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_deactivate(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST marks the person inactive."""
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    if request.method == "POST":
        deactivate = partial(
            services.related_person_deactivate,
            client_id=client.pk,
            person_id=person.pk,
            deactivated_by=request.user,
        )
        done = f"{person.full_name} is now marked inactive."
        flash_outcome(request, deactivate, done, refused=ClientRecordError)
        return redirect("clients:people", client_id=client.pk)
    audit_seen(request, client, person)
    context = {"client": client, "person": person}
    return render(request, "clients/people/person_deactivate.html", context)


@requires(signed_in)
@require_POST
def person_reactivate(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    reactivate = partial(
        services.related_person_reactivate,
        client_id=client.pk,
        person_id=person.pk,
        reactivated_by=request.user,
    )
    flash_outcome(
        request, reactivate, f"{person.full_name} is active again.", refused=ClientRecordError
    )
    return redirect("clients:people", client_id=client.pk)
