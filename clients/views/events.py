"""Key events: list, record panel, record, edit, add a stay's discharge, void. Thin: find
through the selectors (404 outside the teams, 403 for read-only roles), call one service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from casework.errors import fields_to
from casework.permissions import requires, signed_in
from clients.forms.documents import VoidForm
from clients.forms.events import DischargeDateForm, KeyEventForm
from clients.models import Client, KeyEvent
from clients.predicates import may_change_client
from clients.selectors import client_get_for, client_get_for_change
from clients.selectors.events import key_event_get_for, key_events_for
from clients.selectors.timeline import first_page_rows
from clients.services import events as services
from clients.views.parts import form_page, list_context, panel_context, part_forms, record_panel

PANEL_SIZE = 6
_FORM_METHODS = ["GET", "HEAD", "POST"]


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return form_page(request, f"clients/events/{template}", context, seen=context.get("event"))


@requires(signed_in)
@require_safe
def events_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for(viewer=request.user, pk=client_id)
    return _page(request, "events_list.html", list_context(request, client, key_events_for))


EVENTS_PANEL = "clients/events/_panel.html"


def events_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: the latest few events, one query, or
    none when the page's timeline read them (the same rows in the same order)."""
    read = first_page_rows(viewer=request.user, client=client, kind="event")
    if read is not None:
        rows, complete = read
        if complete or len(rows) > PANEL_SIZE:
            return {
                "client": client,
                "events": rows[:PANEL_SIZE],
                "more": len(rows) > PANEL_SIZE,
                "can_change": may_change_client(request.user, client),
            }
    events = key_events_for(viewer=request.user, client=client)
    return panel_context(request, client, events, name="events", size=PANEL_SIZE)


events_panel = record_panel(EVENTS_PANEL, events_panel_context)


# An event's form page: back to the client's events once the change is made.
_form = part_forms("events", "events", row="event")


def _recorded(event: KeyEvent) -> str:
    return f"{event.get_kind_display()} recorded."


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def event_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    form = KeyEventForm(request.POST or None)

    def write(data: dict) -> KeyEvent:
        return services.key_event_record(
            client_id=client.pk, data=form.event_input(), recorded_by=request.user
        )

    context = {"client": client, "form": form}
    return _form(request, "event_form.html", context, write, _recorded)


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def event_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, event = key_event_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    initial = {
        "kind": event.kind,
        "started_on": event.started_on,
        "ended_on": event.ended_on,
        "place": event.place,
        "description": event.description,
        "version": event.version,
    }
    form = KeyEventForm(request.POST or None, initial=initial)

    def write(data: dict) -> KeyEvent:
        return services.key_event_update(
            client_id=client.pk,
            event_id=event.pk,
            data=form.event_input(),
            version=data["version"] or 0,
            changed_by=request.user,
        )

    context = {"client": client, "form": form, "event": event}
    return _form(request, "event_form.html", context, write, "The event was saved.")


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def event_discharge(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Add the discharge or release date to a stay that was open."""
    client, event = key_event_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = DischargeDateForm(request.POST or None, initial={"version": event.version})
    write = fields_to(
        services.key_event_discharge,
        client_id=client.pk,
        event_id=event.pk,
        recorded_by=request.user,
    )

    context = {"client": client, "form": form, "event": event}
    return _form(
        request, "event_discharge.html", context, write, "The discharge date was recorded."
    )


@requires(signed_in)
@require_http_methods(_FORM_METHODS)
def event_void(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, event = key_event_get_for(viewer=request.user, client_id=client_id, pk=pk, change=True)
    form = VoidForm(request.POST or None)
    write = fields_to(
        services.key_event_void, client_id=client.pk, event_id=event.pk, voided_by=request.user
    )

    done = "The event was voided; it stays in the voided list."
    context = {"client": client, "form": form, "event": event}
    return _form(request, "event_void.html", context, write, done)
