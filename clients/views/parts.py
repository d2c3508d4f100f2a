"""What every part of the client record (documents, key events, people...) shows the same
way: its full list, with the voided rows behind a toggle, its card on the record page (and
the view that serves the card on its own), and its form pages, whose showing is audited as a
reading of the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from casework.audit import audit_client, audit_panel_view, audit_view
from casework.errors import form_write
from casework.permissions import requires, signed_in
from clients.models import Client
from clients.predicates import may_change_client
from clients.selectors import client_get_for
from clients.services.errors import ClientRecordError

PAGE_SIZE = 25


def first_rows(rows: QuerySet | list, size: int) -> tuple[list, bool]:
    """The first `size` rows for a card, and whether there are more: one query (none for
    rows already read)."""
    shown = list(rows[: size + 1])
    return shown[:size], len(shown) > size


def list_context(request: HttpRequest, client: Client, rows_for: Callable[..., QuerySet]) -> dict:
    """A part's list page: `rows_for(viewer=, client=, voided=)` paged, the current rows or,
    with ?voided=1, the voided ones."""
    voided = request.GET.get("voided") == "1"
    rows = rows_for(viewer=request.user, client=client, voided=voided)
    return {
        "client": client,
        "voided": voided,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_change": may_change_client(request.user, client),
    }


def panel_context(
    request: HttpRequest, client: Client, rows: QuerySet | list, *, name: str, size: int
) -> dict:
    """A part's card on the record page: its first `size` rows as `name`, and `more`."""
    shown, more = first_rows(rows, size)
    return {
        "client": client,
        name: shown,
        "more": more,
        "can_change": may_change_client(request.user, client),
    }


def record_panel(
    template: str, context: Callable[[HttpRequest, Client], dict]
) -> Callable[..., HttpResponse]:
    """The view that serves a card of the record page on its own (htmx fills the page's
    placeholder from it; a link without JavaScript; a refresh), for every app's card that
    pages/record.py lists: the client in the viewer's scope (404 outside it), the
    panel's view event, and `template` rendered with `context(request, client)`, the same
    context the record page renders the card with in its first response. The view takes the
    context function's name without `_context`."""

    @requires(signed_in)
    @require_safe
    def panel(request: HttpRequest, client_id: int) -> HttpResponse:
        client = client_get_for(viewer=request.user, pk=client_id)
        audit_panel_view(request, client, client_id=client.pk)
        return render(request, template, context(request, client))

    panel.__name__ = panel.__qualname__ = context.__name__.removesuffix("_context")
    panel.__module__ = context.__module__
    return panel


def client_read(request: HttpRequest, client_id: int) -> Client:
    """The client of a page of their record (404 outside the viewer's teams); showing the
    page is a reading of the record, audited."""
    client = client_get_for(viewer=request.user, pk=client_id)
    audit_view(request, client, client_id=client.pk)
    return client


def audit_seen(request: HttpRequest, client: Client, obj: Model | None = None) -> None:
    """A reading of the record: of `obj` (audited as `<model>.view`), or of the client's."""
    if obj is None:
        audit_view(request, client, client_id=client.pk)
    else:
        audit_client(f"{obj._meta.label_lower}.view", obj, client, request=request)


def form_page(
    request: HttpRequest, template: str, context: dict, *, seen: Model | None = None
) -> HttpResponse:
    """A part's form page. Showing it (not a POST back) reads the record: `audit_seen` of
    `seen`, or of the context's client."""
    if request.method != "POST":
        audit_seen(request, context["client"], seen)
    return render(request, template, context)


def record_form(
    request: HttpRequest,
    template: str,
    context: dict,
    write: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    to: str | Callable[[Any], str],
    *,
    seen: Model | None = None,
) -> HttpResponse:
    """A part's form page that makes one change: GET shows `context` (with its `form` and
    `client`) in `template`; a valid POST calls `write(cleaned_data)` (form_write), and the
    browser goes to `to` (a URL, or made from what `write` returned) with `done` as its
    message; a refusal shows on the form again."""
    made = form_write(request, context["form"], write, done, refused=ClientRecordError)
    if made is not None:
        return redirect(to(made) if callable(to) else to)
    return form_page(request, template, context, seen=seen)


def part_forms(
    folder: str, list_name: str, *, row: str | None = None
) -> Callable[..., HttpResponse]:
    """How the form pages of one part (key events, documents, the care team) end, so each
    part does not write it again: `record_form` with the template from clients/<folder>/,
    and back to the part's list (`clients:<list_name>`) once the change is made. Showing a
    page reads `context[row]` when it has one (`row=None`: the client's record)."""

    def part_form(request: HttpRequest, template: str, context: dict, write, done) -> HttpResponse:
        to = reverse(f"clients:{list_name}", args=[context["client"].pk])
        seen = context.get(row) if row else None
        template = f"clients/{folder}/{template}"
        return record_form(request, template, context, write, done, to, seen=seen)

    return part_form
