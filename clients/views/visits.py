"""Quick entry, autosave, signing and addenda of contact notes; the unsigned and overdue
lists. Thin: find through the selectors (404 outside the teams, 403 for the wrong person),
parse, call one service, answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.access import access_for
from casework.audit import audit_client, audit_view
from casework.autosave import autosave_response
from casework.errors import fields_to, form_write
from casework.models import Role
from casework.permissions import requires, signed_in
from clients import visit_goals
from clients.forms.visits import AddendumForm, VisitForm, new_visit_initial, visit_initial
from clients.models import Client, Service, Visit
from clients.predicates import may_add_addendum
from clients.selectors import client_get_for_change
from clients.selectors.visit_defaults import visit_defaults_for
from clients.selectors.visits import (
    RECENT_DAYS,
    overdue_notes_for,
    recent_notes_for,
    unsigned_notes_for,
    visit_get_for,
    visit_get_for_author,
)
from clients.services import visits as services
from clients.services.errors import ClientRecordError


def _write(request: HttpRequest, form: VisitForm, save, done) -> Visit | None:
    """A note's save or signing from its form (form_write): `save()` takes the form's own
    input (to_input), not its cleaned data; the visit saved, or None to show the form again."""
    return form_write(request, form, lambda _: save(), done, refused=ClientRecordError)


def _draft_save(request: HttpRequest, visit: Visit, form: VisitForm) -> Visit:
    return services.visit_draft_save(
        visit=visit, editor=request.user, data=form.to_input(), version=form.version_value
    )


def _signed(visit: Visit) -> str:
    late = " It is marked LATE ENTRY." if visit.is_late_entry else ""
    return f"Note signed.{late}"


def _visit_form(client: Client, data=None, initial=None) -> VisitForm:
    days = services.program_for(client).contact_standard_days
    goals = visit_goals.choices_for(client)
    return VisitForm(data, initial=initial, standard_days=days, goal_choices=goals)


def _edit_page(request, visit: Visit, form: VisitForm, *, status: int = 200) -> HttpResponse:
    context = {"client": visit.client, "visit": visit, "form": form}
    return render(request, "clients/visits/visit_form.html", context, status=status)


def _new_page(request, client: Client, form: VisitForm, source: str = "") -> HttpResponse:
    context = {"client": client, "visit": None, "form": form, "defaults_source": source}
    return render(request, "clients/visits/visit_form.html", context)


def _appointment_id(request: HttpRequest) -> int | None:
    value = request.GET.get("appointment", "")
    return int(value) if value.isdigit() else None


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def visit_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    if request.method == "POST":
        form = _visit_form(client, request.POST)
        visit = _write(
            request,
            form,
            lambda: services.visit_create(client=client, author=request.user, data=form.to_input()),
            "Draft saved. It saves itself while you type.",
        )
        if visit is not None:
            return redirect("clients:visit_edit", client_id=client.pk, pk=visit.pk)
        return _new_page(request, client, form)
    defaults = visit_defaults_for(
        author=request.user, client=client, appointment_id=_appointment_id(request)
    )
    next_due = services.default_next_contact_due(
        contact_on=timezone.localdate(defaults.contact_at), program=services.program_for(client)
    )
    form = _visit_form(client, initial=new_visit_initial(defaults=defaults, next_due=next_due))
    audit_view(request, client, client_id=client.pk)  # the form shows the client's record
    return _new_page(request, client, form, defaults.source)


@requires(signed_in)
@require_POST
def visit_create_sign(request: HttpRequest, client_id: int) -> HttpResponse:
    """The first form's "Sign": save and sign in one step, or save nothing and show why."""
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = _visit_form(client, request.POST)
    visit = _write(
        request,
        form,
        lambda: services.visit_create_signed(
            client=client, author=request.user, data=form.to_input()
        ),
        _signed,
    )
    if visit is not None:
        return redirect("clients:visit_detail", client_id=client.pk, pk=visit.pk)
    return _new_page(request, client, form)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def visit_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    visit = visit_get_for_author(viewer=request.user, client_id=client_id, pk=pk)
    if visit.is_signed:
        messages.info(request, "This note is signed. Corrections are addenda.")
        return redirect("clients:visit_detail", client_id=client_id, pk=pk)
    if request.method != "POST":
        initial = visit_initial(visit, goals=visit_goals.marked_for(visit))
        return _edit_page(request, visit, _visit_form(visit.client, initial=initial))
    form = _visit_form(visit.client, request.POST)
    if _write(request, form, lambda: _draft_save(request, visit, form), "Draft saved."):
        return redirect("clients:visit_edit", client_id=client_id, pk=pk)
    return _edit_page(request, visit, form)


@requires(signed_in)
@require_POST
def visit_autosave(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """htmx: save the draft as typed and answer with the status line and the new version."""
    visit = visit_get_for_author(viewer=request.user, client_id=client_id, pk=pk)
    form = _visit_form(visit.client, request.POST)
    return autosave_response(
        request,
        record=visit,
        closed="This note is signed; nothing more is saved." if visit.is_signed else "",
        forms=(form,),
        save=lambda: _draft_save(request, visit, form),
        labelled=True,
    )


@requires(signed_in)
@require_POST
def visit_sign(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Sign the note exactly as the form shows it (the form's own fields are posted here)."""
    visit = visit_get_for_author(viewer=request.user, client_id=client_id, pk=pk)
    if visit.is_signed:
        messages.info(request, "This note was already signed.")
        return redirect("clients:visit_detail", client_id=client_id, pk=pk)
    form = _visit_form(visit.client, request.POST)

    def sign() -> Visit:
        return services.visit_sign(
            visit=visit, signed_by=request.user, data=form.to_input(), version=form.version_value
        )

    if _write(request, form, sign, _signed):
        return redirect("clients:visit_detail", client_id=client_id, pk=pk)
    messages.error(request, "The note was not signed: see below.")
    return _edit_page(request, visit, form)


def _detail_page(request, visit: Visit, form: AddendumForm | None) -> HttpResponse:
    can_add = visit.is_signed and may_add_addendum(request.user, visit)
    context = {
        "client": visit.client,
        "visit": visit,
        "addendum_form": (form or AddendumForm()) if can_add else None,
        "can_edit": not visit.is_signed and visit.author_id == request.user.pk,
        "services": [Service(s).label for s in visit.services if s in Service.values],
    }
    return render(request, "clients/visits/visit_detail.html", context)


@requires(signed_in)
@require_safe
def visit_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    visit = visit_get_for(viewer=request.user, client_id=client_id, pk=pk)
    audit_client("clients.visit.view", visit, visit.client, request=request)
    return _detail_page(request, visit, None)


def _visit_for_addendum(request: HttpRequest, client_id: int, pk: int) -> Visit:
    """Writers only (403 for compliance, 404 outside the teams); the predicate decides who
    else."""
    client_get_for_change(viewer=request.user, pk=client_id)
    return visit_get_for(viewer=request.user, client_id=client_id, pk=pk)


@requires(signed_in)
@require_POST
@requires(may_add_addendum, on=_visit_for_addendum)
def visit_addendum(request: HttpRequest, visit: Visit, client_id: int, pk: int) -> HttpResponse:
    form = AddendumForm(request.POST)
    write = fields_to(services.visit_addendum_add, visit=visit, author=request.user)
    if form_write(request, form, write, "Added under the note.", refused=ClientRecordError):
        return redirect("clients:visit_detail", client_id=client_id, pk=pk)
    return _detail_page(request, visit, form)


@requires(signed_in)
@require_safe
def unsigned_notes(request: HttpRequest) -> HttpResponse:
    page = Paginator(unsigned_notes_for(viewer=request.user), 25).get_page(request.GET.get("page"))
    context = {"page": page, "now": timezone.now()}
    return render(request, "clients/visits/unsigned_notes.html", context)


@requires(signed_in)
@require_safe
def recent_notes(request: HttpRequest) -> HttpResponse:
    page = Paginator(recent_notes_for(viewer=request.user), 25).get_page(request.GET.get("page"))
    context = {"page": page, "now": timezone.now(), "days": RECENT_DAYS}
    return render(request, "clients/visits/recent_notes.html", context)


@requires(signed_in)
@require_safe
def overdue_notes(request: HttpRequest) -> HttpResponse:
    page = Paginator(overdue_notes_for(viewer=request.user), 25).get_page(request.GET.get("page"))
    acc = access_for(request.user)
    oversees = bool(acc.supervised_team_ids) or Role.COMPLIANCE in acc.roles
    context = {"page": page, "now": timezone.now(), "user_oversees": oversees}
    return render(request, "clients/visits/overdue_notes.html", context)
