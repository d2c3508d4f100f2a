"""Care team and appointments on the client record: the page, the record panel, outside
providers (add, edit, end) and appointments (book, change, outcome, follow-up). Thin: find
through the selectors (404 outside the teams, 403 for read-only roles), call one service."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.errors import fields_to, flash_outcome
from casework.permissions import requires, signed_in
from clients import directory
from clients.forms.appointments import (
    AppointmentForm,
    CareProviderForm,
    EndProviderForm,
    OutcomeForm,
    RebookForm,
)
from clients.models import Appointment, AppointmentKind, CareProvider, Client
from clients.predicates import may_change_client
from clients.selectors import client_get_for_change
from clients.selectors.appointments import (
    appointment_get_for,
    current_providers_for,
    first_upcoming_for,
    past_for_client,
    provider_get_for,
    providers_for,
    upcoming_for_client,
)
from clients.selectors.staff import current_staff_for
from clients.services import appointments as booking
from clients.services import careteam as services
from clients.services.errors import ClientRecordError
from clients.views.parts import client_read, form_page, part_forms, record_form, record_panel

PANEL_UPCOMING = 4
PAST_SHOWN = 20
_FORM_METHODS = ["GET", "HEAD", "POST"]


def _provider_rows(client: Client, providers) -> list[tuple]:
    """(provider, sharing status, directory entry or None): two queries at most."""
    providers = list(providers)
    sharing = services.sharing_for_providers(providers)
    entries = directory.entries(
        agency_id=client.agency_id, ids=[p.directory_organization_id for p in providers]
    )
    return [(p, sharing[p.pk], entries.get(p.directory_organization_id)) for p in providers]


def _care_team_context(request: HttpRequest, client: Client) -> dict:
    now = timezone.now()
    return {
        "client": client,
        "staff": current_staff_for(viewer=request.user, client=client),
        "can_change": may_change_client(request.user, client),
        "now": now,
    }


@requires(signed_in)
@require_safe
def care_team(request: HttpRequest, client_id: int) -> HttpResponse:
    """The whole picture: staff, outside providers (ended ones kept), appointments."""
    client = client_read(request, client_id)
    context = _care_team_context(request, client)
    context.update(
        providers=_provider_rows(client, providers_for(viewer=request.user, client=client)),
        upcoming=list(upcoming_for_client(viewer=request.user, client=client, now=context["now"])),
        past=list(past_for_client(viewer=request.user, client=client)[:PAST_SHOWN]),
    )
    return render(request, "clients/careteam/care_team.html", context)


CARE_TEAM_PANEL = "clients/careteam/_panel.html"


def care_team_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: staff, the current providers and the
    next few appointments, a fixed number of queries."""
    context = _care_team_context(request, client)
    shown = first_upcoming_for(viewer=request.user, client=client, n=PANEL_UPCOMING + 1)
    context.update(
        providers=_provider_rows(client, current_providers_for(viewer=request.user, client=client)),
        upcoming=shown[:PANEL_UPCOMING],
        more=len(shown) > PANEL_UPCOMING,
    )
    return context


care_team_panel = record_panel(CARE_TEAM_PANEL, care_team_panel_context)


# --- Outside providers ---------------------------------------------------------------------


def _provider_form(request, client, form, write, done, provider=None) -> HttpResponse:
    """A care-team member's form page: back to the care team once the change is made."""
    linked = form["directory_organization_id"].value()
    try:
        linked = int(linked) if linked else None
    except (TypeError, ValueError):
        linked = None
    entry = directory.entries(agency_id=client.agency_id, ids=[linked]).get(linked)
    context = {
        "client": client,
        "form": form,
        "provider": provider,
        "picker_url_name": directory.search_url_name(),
        "linked": entry,
    }
    return _form(request, "provider_form.html", context, write, done)


# A care-team member's form page: back to the care team once the change is made.
_form = part_forms("careteam", "care_team", row="provider")


def _added(provider: CareProvider) -> str:
    return f"{provider.label} was added to the care team."


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def provider_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = CareProviderForm(request.POST or None)

    def write(data: dict) -> CareProvider:
        return services.care_provider_add(
            client_id=client.pk, details=form.details(), added_by=request.user
        )

    return _provider_form(request, client, form, write, _added)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def provider_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, provider = provider_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = CareProviderForm(
        request.POST or None, instance=provider, initial={"version": provider.version}
    )

    def write(data: dict) -> CareProvider:
        return services.care_provider_update(
            client_id=client.pk,
            provider_id=provider.pk,
            details=form.details(),
            version=data["version"] or 0,
            changed_by=request.user,
        )

    done = "The care-team member was saved."
    return _provider_form(request, client, form, write, done, provider)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def provider_end(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """GET asks for the last day; POST ends the relationship (kept on the record)."""
    client, provider = provider_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = EndProviderForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    write = fields_to(
        services.care_provider_end,
        client_id=client.pk,
        provider_id=provider.pk,
        ended_by=request.user,
    )

    done = f"{provider.label} no longer serves the client."
    context = {"client": client, "provider": provider, "form": form}
    return _form(request, "provider_end.html", context, write, done)


# --- Appointments --------------------------------------------------------------------------


def _kind(request: HttpRequest) -> str:
    wanted = request.POST.get("kind") or request.GET.get("kind")
    return wanted if wanted in AppointmentKind.values else AppointmentKind.APPOINTMENT


def _back(request: HttpRequest, client: Client) -> str:
    """Back to "My week" when the form was opened from there, else to the care team."""
    if request.POST.get("next") == "week":
        return reverse("clients:my_week")
    return reverse("clients:care_team", args=[client.pk])


def _appointment_form(
    request, template: str, context: dict, write, done, appointment=None
) -> HttpResponse:
    """An appointment's form page: `_back` once the change is made."""
    to = _back(request, context["client"])
    template = f"clients/careteam/{template}"
    return record_form(request, template, context, write, done, to, seen=appointment)


def _booked(appointment: Appointment) -> str:
    when = timezone.localtime(appointment.starts_at)
    return (
        f"{appointment.get_kind_display()} booked for {date_format(when, 'D')} "
        f"{date_format(when, 'SHORT_DATETIME_FORMAT')}."
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def appointment_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    kind = _kind(request)
    form = AppointmentForm(request.POST or None, client=client, kind=kind)

    def write(data: dict) -> Appointment:
        return booking.appointment_schedule(
            client_id=client.pk, details=form.details(), scheduled_by=request.user
        )

    context = {"client": client, "form": form, "appointment": None, "kind": form.kind}
    return _appointment_form(request, "appointment_form.html", context, write, _booked)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def appointment_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, appointment = appointment_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = AppointmentForm(
        request.POST or None,
        instance=appointment,
        client=client,
        kind=appointment.kind,
        initial={"version": appointment.version},
    )

    def write(data: dict) -> Appointment:
        return booking.appointment_update(
            appointment_id=appointment.pk,
            details=form.details(),
            version=data["version"] or 0,
            changed_by=request.user,
        )

    context = {"client": client, "form": form, "appointment": appointment, "kind": form.kind}
    done = "The appointment was saved."
    return _appointment_form(request, "appointment_form.html", context, write, done, appointment)


def _outcome_recorded(result) -> str:
    done = result.appointment
    text = f"Marked “{done.get_outcome_display().lower()}”."
    if done.needs_follow_up:
        text += " Follow it up: rebook, or log a contact with the client."
    return text


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def appointment_outcome(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """What happened: attended, missed, rescheduled (with the new time) or cancelled."""
    client, appointment = appointment_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = OutcomeForm(request.POST or None, initial={"version": appointment.version})

    def write(data: dict):
        return booking.appointment_record_outcome(
            appointment_id=appointment.pk,
            outcome=data["outcome"],
            version=data["version"],
            recorded_by=request.user,
            new_starts_at=data["new_starts_at"],
        )

    context = {"client": client, "appointment": appointment, "form": form}
    template = "appointment_outcome.html"
    return _appointment_form(request, template, context, write, _outcome_recorded, appointment)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def appointment_rebook(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Follow up a missed appointment with a new booking."""
    client, appointment = appointment_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    form = RebookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking.appointment_rebook_missed(
                appointment_id=appointment.pk,
                starts_at=form.cleaned_data["starts_at"],
                rebooked_by=request.user,
            )
        except ClientRecordError as error:
            form.add_error("starts_at" if error.field else None, error.message)
        else:
            messages.success(request, "Rebooked; the missed appointment is followed up.")
            return redirect(_back(request, client))
    context = {"client": client, "appointment": appointment, "form": form}
    return form_page(request, "clients/careteam/appointment_rebook.html", context, seen=appointment)


@requires(signed_in)
@require_POST
def appointment_followed_up(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """A missed appointment followed up another way (a call, a letter)."""
    client, appointment = appointment_get_for(
        viewer=request.user, client_id=client_id, pk=pk, change=True
    )
    mark = partial(
        booking.appointment_mark_followed_up, appointment_id=appointment.pk, marked_by=request.user
    )
    flash_outcome(request, mark, "Marked as followed up.", refused=ClientRecordError)
    return redirect(_back(request, client))
