"""The people in a client's life: list, record panel, add, edit, mark inactive. Thin: find
through the selectors (404 outside the teams, 403 for read-only roles), call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.audit import audit_panel_view, audit_view
from casework.errors import show_on_form
from casework.permissions import requires, signed_in
from clients.forms.people import RelatedPersonForm
from clients.models import Client
from clients.predicates import may_change_client
from clients.selectors import client_get_for, client_get_for_change
from clients.selectors.people import active_people_for, people_for, person_get_for
from clients.services import people as services
from clients.services.errors import ClientRecordError
from clients.views.parts import audit_seen, form_page, panel_context

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
    client = client_get_for(viewer=request.user, pk=client_id)
    audit_view(request, client, client_id=client.pk)
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


@requires(signed_in)
@require_safe
def people_panel(request: HttpRequest, client_id: int) -> HttpResponse:
    """The record page's card: the active people, emergency contacts first."""
    client = client_get_for(viewer=request.user, pk=client_id)
    audit_panel_view(request, client, client_id=client.pk)
    return render(request, PEOPLE_PANEL, people_panel_context(request, client))


PEOPLE_PANEL = "clients/people/_panel.html"


def people_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the first few people and what may be
    shared with each, two queries."""
    active = active_people_for(viewer=request.user, client=client)
    context = panel_context(request, client, active, name="rows", size=PANEL_SIZE)
    context["rows"] = _rows(context["rows"])
    return context


def _form_page(
    request: HttpRequest, client: Client, form: RelatedPersonForm, person=None
) -> HttpResponse:
    context = {"client": client, "form": form, "person": person}
    if person is not None:
        context["sharing"] = services.disclosure_status_for(person)
    return form_page(request, "clients/people/person_form.html", context, seen=person)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = RelatedPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.related_person_add(
                client_id=client.pk, details=form.details(), added_by=request.user
            )
        except ClientRecordError as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{person.full_name} was added.")
            return redirect("clients:people", client_id=client.pk)
    return _form_page(request, client, form)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = RelatedPersonForm(
        request.POST or None, instance=person, initial={"version": person.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.related_person_update(
                client_id=client.pk,
                person_id=person.pk,
                details=form.details(),
                version=form.cleaned_data["version"] or 0,
                changed_by=request.user,
            )
        except ClientRecordError as error:
            show_on_form(form, error)  # the form stays bound: the user's text is kept
        else:
            messages.success(request, f"{form.cleaned_data['full_name']} was saved.")
            return redirect("clients:people", client_id=client.pk)
    return _form_page(request, client, form, person)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def person_deactivate(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST marks the person inactive."""
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    if request.method == "POST":
        try:
            services.related_person_deactivate(
                client_id=client.pk, person_id=person.pk, deactivated_by=request.user
            )
        except ClientRecordError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{person.full_name} is now marked inactive.")
        return redirect("clients:people", client_id=client.pk)
    audit_seen(request, client, person)
    context = {"client": client, "person": person}
    return render(request, "clients/people/person_deactivate.html", context)


@requires(signed_in)
@require_POST
def person_reactivate(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, person = person_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    try:
        services.related_person_reactivate(
            client_id=client.pk, person_id=person.pk, reactivated_by=request.user
        )
    except ClientRecordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person.full_name} is active again.")
    return redirect("clients:people", client_id=client.pk)
