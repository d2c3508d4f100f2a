"""What every part of the client record (documents, key events, people...) shows the same
way: its full list, with the voided rows behind a toggle, its card on the record page, and
its form pages, whose showing is audited as a reading of the record."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.audit import audit_client, audit_view
from clients.models import Client
from clients.predicates import may_change_client

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
