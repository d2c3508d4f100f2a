"""Find a client, and the client record's own parts (header, timeline); the record page
is composed in pages."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from casework.audit import RECORD_OPEN_HEADER, audit_client, record_open_pass
from casework.input import search_query
from casework.permissions import requires, signed_in
from clients import selectors
from clients.models import Client, Status, Visit
from clients.predicates import may_change_client
from clients.selectors.caseload import due_marker
from clients.selectors.search import client_search_for, parse_query
from clients.selectors.timeline import BadCursor, TimelinePage, note_first_line, timeline_for


def _fragment(request: HttpRequest) -> bool:
    """An htmx request for part of the page (not a history restore, which needs it all)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_safe
@requires(signed_in)
def client_list(request: HttpRequest) -> HttpResponse:
    q = search_query(request)
    clients = client_search_for(viewer=request.user, q=q)
    page = Paginator(clients, 25).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "by_date": parse_query(q).date_of_birth}
    template = "clients/_client_rows.html" if _fragment(request) else "clients/client_list.html"
    return render(request, template, context)


def _may_read_notes(request: HttpRequest, client: Client) -> bool:
    """Note previews are for the team's clinical staff; a compliance reviewer opens each
    note (and that view is audited) instead of reading previews of them all."""
    return may_change_client(request.user, client)


# A visit row's labels, looked up once per process: `get_mode_display()` rebuilds the
# field's choices on every call, a tenth of a millisecond a row.
_MODE_LABELS = dict(Visit._meta.get_field("mode").flatchoices)
_PLACE_LABELS = dict(Visit._meta.get_field("place").flatchoices)


def _timeline_context(request: HttpRequest, client: Client, page: TimelinePage) -> dict:
    """The rows' values the template shows, worked out here once per row: the visit's link
    (one reverse for the page, not one per row), its labels, time and note preview."""
    show_notes = _may_read_notes(request, client)
    # The link of visit 0 with the 0 cut off, so a row's link is this prefix and its id.
    visit_link = reverse("clients:visit_detail", kwargs={"client_id": client.pk, "pk": 0})
    prefix, _, tail = visit_link.rpartition("/0/")
    for entry in page.entries:
        if entry.kind == "visit":
            visit = entry.obj
            visit.preview = note_first_line(visit) if show_notes else ""
            visit.link = f"{prefix}/{visit.pk}/{tail}"
            visit.mode_label = _MODE_LABELS.get(visit.mode, visit.mode)
            visit.place_label = _PLACE_LABELS.get(visit.place, visit.place)
            # What `|date:"c"` and `|date:"DATETIME_FORMAT"` give, from one conversion to
            # the agency's time.
            when = timezone.localtime(visit.contact_at)
            visit.when_iso = date_filter(when, "c")
            visit.when_shown = date_filter(when, "DATETIME_FORMAT")
    return {"client": client, "timeline": page}


def record_context(request: HttpRequest, client: Client, *, opened) -> dict:
    """The record page's own parts, its header and the timeline's first page; the page
    itself, with every app's panels, is composed in pages.views.client_record."""
    return {
        "client": client,
        # The panels' requests carry this: the open is recorded once, by the page.
        "record_open_headers": json.dumps({RECORD_OPEN_HEADER: record_open_pass(opened)}),
        "can_change": may_change_client(request.user, client),
        "is_discharged": client.status == Status.DISCHARGED,
        "due_marker": due_marker(client.next_contact_due, timezone.localdate()),
        **_timeline_context(request, client, timeline_for(viewer=request.user, client=client)),
    }


@require_safe
@requires(signed_in)
def client_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The next page of the timeline: rows for htmx "Load more", a page of its own without
    JavaScript."""
    client = selectors.client_get_for(viewer=request.user, pk=pk)
    try:
        page = timeline_for(
            viewer=request.user, client=client, cursor=request.GET.get("before", "")
        )
    except BadCursor:
        return HttpResponseBadRequest("Unknown timeline position.")
    audit_client("clients.client.timeline.view", client, client, request=request)
    context = _timeline_context(request, client, page)
    if _fragment(request):
        return render(request, "clients/record/_timeline_entries.html", context)
    return render(request, "clients/record/timeline.html", context)
