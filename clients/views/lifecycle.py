"""Status changes, discharge, re-opening, program enrolment, and the status panel on the
client record. Each form page is one view: GET shows it, POST calls one service."""

from __future__ import annotations

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from casework.audit import audit_panel_view, audit_view
from casework.errors import fields_to, form_write
from casework.permissions import requires, signed_in
from clients import selectors
from clients.forms.lifecycle import DischargeForm, EnrolmentForm, ReopenForm, StatusChangeForm
from clients.forms.matching import chosen_id
from clients.models import Client, Enrolment, Episode, StatusChange
from clients.predicates import may_change_client
from clients.selectors.matching import RankedChoice, client_suggestions
from clients.selectors.staff import service_summary
from clients.services import lifecycle
from clients.services.errors import ClientRecordError
from clients.views.parts import record_form

_FORM_METHODS = ["GET", "HEAD", "POST"]


def _page(
    request: HttpRequest, template: str, client: Client, form: Form, **extra: object
) -> HttpResponse:
    if request.method != "POST":
        audit_view(request, client, client_id=client.pk)
    context = {"client": client, "form": form, **extra}
    return render(request, f"clients/lifecycle/{template}", context)


def _form(request: HttpRequest, template: str, client: Client, form: Form, write, done):
    """A change of the record's status, program or episode: back to the record once made."""
    to = reverse("clients:detail", args=[client.pk])
    context = {"client": client, "form": form}
    return record_form(request, f"clients/lifecycle/{template}", context, write, done, to)


def _status_changed(change: StatusChange) -> str:
    return f"Status changed to {change.get_to_status_display()}."


def _reopened(episode: Episode) -> str:
    return f"Re-opened: episode {episode.number} has begun."


def _enrolled(enrolment: Enrolment) -> str:
    return f"Enrolled in {enrolment.program}."


@require_http_methods(_FORM_METHODS)
@requires(signed_in)
def status_change(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = StatusChangeForm(request.POST or None, client=client)
    write = fields_to(lifecycle.status_change, client_id=client.pk, changed_by=request.user)
    return _form(request, "status_form.html", client, form, write, _status_changed)


@require_http_methods(_FORM_METHODS)
@requires(signed_in)
def discharge(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = DischargeForm(request.POST or None)
    write = fields_to(lifecycle.client_discharge, client_id=client.pk, discharged_by=request.user)
    done = f"{client.display_name} was discharged."
    return _form(request, "discharge_form.html", client, form, write, done)


@require_http_methods(_FORM_METHODS)
@requires(signed_in)
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = ReopenForm(request.POST or None, client=client)
    write = fields_to(lifecycle.client_reopen, client_id=client.pk, reopened_by=request.user)
    made = form_write(request, form, write, _reopened, refused=ClientRecordError)
    if made is not None:
        return redirect("clients:detail", pk=client.pk)
    # The last primary, if still on the team and with room, comes first.
    suggestions = (
        []
        if client.is_open
        else client_suggestions(viewer=request.user, client=client, favour_last_primary=True)
    )
    ranking = RankedChoice(suggestions, chosen_id(form, "primary"))
    return _page(request, "reopen_form.html", client, form, ranking=ranking)


@require_http_methods(_FORM_METHODS)
@requires(signed_in)
def enrolment_change(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(viewer=request.user, pk=pk)
    form = EnrolmentForm(request.POST or None, client=client)
    write = fields_to(lifecycle.enrolment_change, client_id=client.pk, changed_by=request.user)
    return _form(request, "enrolment_form.html", client, form, write, _enrolled)


@require_safe
@requires(signed_in)
def status_panel(request: HttpRequest, client_id: int) -> HttpResponse:
    """The record page's "Status, program and staff" panel, on its own."""
    client = selectors.client_get_for(viewer=request.user, pk=client_id)
    audit_panel_view(request, client, client_id=client.pk)
    return render(request, STATUS_PANEL, status_panel_context(request, client))


STATUS_PANEL = "clients/lifecycle/_status_panel.html"


def status_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: a fixed handful of queries."""
    return {
        "client": client,
        "summary": service_summary(viewer=request.user, client=client),
        "can_change": may_change_client(request.user, client),
    }
