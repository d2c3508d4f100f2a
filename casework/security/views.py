"""The compliance reviewer's audit report and its export; who opened a client's record.
Thin: check the role, parse the filters, read through the selectors, answer."""

from __future__ import annotations

import csv
import datetime

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casework.access import access_for, refuse_client
from casework.audit import audit_client, audit_record
from casework.audit_words import audit_words
from casework.clientref import client_model
from casework.errors import fields_to, form_write
from casework.models import EmergencyAccess
from casework.paging import page_with_filters
from casework.permissions import requires, signed_in
from casework.predicates import (
    may_change_records,
    may_review_audit,
    may_see_who_opened,
    may_supervise,
)
from casework.security import emergency, selectors, services, two_factor
from casework.security.forms import AuditFilterForm, CodeForm, EmergencyAccessForm

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(
        request.GET or None,
        staff=selectors.audit_staff_for(viewer=request.user),
        clients=client_model().objects.visible_to(request.user),
    )


def _events(request: HttpRequest, form: AuditFilterForm):
    filters = form.to_filter() if form.is_bound and form.is_valid() else None
    if form.is_bound and filters is None:
        return None, None
    filters = filters or selectors.AuditFilter()
    events = selectors.audit_events_for(viewer=request.user, filters=filters)
    return selectors.with_client_labels(events, viewer=request.user), filters


@require_safe
@requires(may_review_audit)
def audit_report(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, memberships, reminder count, staff choices, (client by record
    number), count, one page of events with actor and client labels."""
    form = _filter_form(request)
    events, filters = _events(request, form)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")) if events else None
    for event in page or ():
        # Words for people; a client's name only where the viewer may read the client.
        event.words = event.in_words or audit_words(event.action, event.client_label or "")
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "casework/security/audit_report.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": filters.sort if filters else "-time",
        },
    )


@require_safe
@requires(may_review_audit)
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered report as CSV, streamed; rate-limited per person and itself audited."""
    form = _filter_form(request)
    events, filters = _events(request, form)
    if events is None:
        return HttpResponse("The filters are not valid.", status=400, content_type="text/plain")
    if not services.audit_export_allowed(user=request.user):
        return HttpResponse(
            "Too many exports in the last hour. Try again later.",
            status=429,
            content_type="text/plain",
        )
    audit_record(
        action=services.EXPORT_ACTION,
        request=request,
        client_id=filters.client_id,
        detail={
            "staff": filters.actor.pk if filters.actor else None,
            "action": filters.action,
            "from": filters.date_from.isoformat() if filters.date_from else None,
            "to": filters.date_to.isoformat() if filters.date_to else None,
        },
    )

    class _Echo:
        def write(self, value):
            return value

    writer = csv.writer(_Echo())
    labels = _LabelRows(events.select_related("link").iterator(chunk_size=2000))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in services.audit_csv_rows(labels, labels.records)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _LabelRows:
    """Passes events through while remembering each client's record number for the CSV."""

    def __init__(self, events):
        self._events = events
        self.records: dict[int, str] = {}

    def __iter__(self):
        for event in self._events:
            if event.client_id and event.client_record:
                self.records[event.client_id] = event.client_record
            yield event


def _client_for(request: HttpRequest, client_id: int):
    # 404 outside the viewer's teams, exactly like the record itself (and audited like it).
    client = client_model().objects.visible_to(request.user).filter(pk=client_id).first()
    if client is None:
        refuse_client(client_id)
    return client


CLIENT_AUDIT_PANEL = "casework/security/_client_audit_panel.html"


def client_audit_panel_in_page(request: HttpRequest, client) -> dict | None:
    """The card in the record page's first response for those who may not see who opened
    the record (a line, no query); None for those who may: the sum of the last 30 days'
    opens grows with the record's readers, so htmx loads it after the page."""
    if may_see_who_opened(request.user, client):
        return None
    return {"client": client, "allowed": False, "views": []}


@require_safe
@requires(signed_in)
def client_audit_panel(request: HttpRequest, client_id: int) -> HttpResponse:
    """The record page's card: the latest people to open this record."""
    client = _client_for(request, client_id)
    allowed = may_see_who_opened(request.user, client)
    since = timezone.now() - datetime.timedelta(days=30)
    views = selectors.client_viewers_summary(client=client, since=since)[:8] if allowed else []
    return render(
        request, CLIENT_AUDIT_PANEL, {"client": client, "allowed": allowed, "views": views}
    )


@require_safe
@requires(signed_in)
@requires(may_see_who_opened, on=_client_for)
def client_audit(request: HttpRequest, client, client_id: int) -> HttpResponse:
    """Everyone who opened this client's record in a period (the last 30 days by default)."""
    today = timezone.localdate()
    date_from = today - datetime.timedelta(days=30)
    date_to = today
    form = AuditFilterForm(
        request.GET or None,
        staff=selectors.audit_staff_for(viewer=request.user).none(),
        clients=client_model().objects.none(),
        initial={"date_from": date_from, "date_to": date_to},
    )
    if form.is_bound and form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    filters = selectors.AuditFilter(client_id=client.pk, date_from=date_from, date_to=date_to)
    start = selectors._day_start(date_from)
    end = selectors._day_start(date_to + datetime.timedelta(days=1))
    events = selectors.client_viewers_for(client=client, since=start).filter(occurred_at__lt=end)
    people = selectors.client_viewers_summary(client=client, since=start, until=end)
    audit_client(selectors.ACCESS_LOG_VIEW, client, client, request=request)
    page, query = page_with_filters(request, events, PAGE_SIZE)
    return render(
        request,
        "casework/security/client_audit.html",
        {
            "client": client,
            "page": page,
            "people": people,
            "filters": filters,
            "form": form,
            "query": query.urlencode(),
            "is_compliance": client.agency_id in access_for(request.user).compliance_agency_ids,
        },
    )


# --- Emergency access -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires(may_change_records)
def emergency_start(request: HttpRequest) -> HttpResponse:
    """Ask for a record number and a reason; on success open the record (read-only)."""
    form = EmergencyAccessForm(request.POST or None)
    write = fields_to(emergency.emergency_access_grant, user=request.user, request=request)
    made = form_write(request, form, write, None, refused=emergency.EmergencyAccessError)
    if made is not None:
        _grant, client = made
        # From now on the banner on every page says so (base.html).
        return redirect("clients:detail", pk=client.pk)
    grants = emergency.grants_of(user=request.user)[:10]
    return render(
        request,
        "casework/security/emergency_start.html",
        {"form": form, "grants": grants, "hours": settings.EMERGENCY_ACCESS_HOURS},
    )


@require_safe
@requires(may_supervise)
def emergency_review_queue(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, memberships, reminder count, count, one page of grants."""
    grants = emergency.review_queue_for(viewer=request.user)
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(g, g.client) for g in page]
    return render(request, "casework/security/emergency_review.html", {"page": page, "rows": rows})


@require_POST
@requires(may_supervise)
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        emergency.emergency_access_review(grant_id=pk, reviewed_by=request.user, request=request)
    except EmergencyAccess.DoesNotExist:
        raise Http404 from None
    except emergency.EmergencyAccessError as error:
        if not EmergencyAccess.objects.filter(
            pk=pk, team_id__in=access_for(request.user).supervised_team_ids
        ).exists():
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked reviewed."))
    return redirect("security:emergency_review_queue")


# --- Two-factor sign-in -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@requires(signed_in)
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, then a first code to confirm."""
    device = two_factor.totp_pending_for(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.totp_confirm(
            request=request, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            return render(request, "casework/security/two_factor_codes.html", {"codes": codes})
        form.add_error("code", _("That code is not right. Check the app's clock and try again."))
    return render(
        request,
        "casework/security/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(two_factor.totp_qr_svg(device)),  # noqa: S308 - segno's SVG
            "secret": two_factor.totp_secret_text(device),
            "enrolled": two_factor.has_device(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(signed_in)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code."""
    if request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not two_factor.has_device(request.user):
        return redirect("security:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_verify(request=request, token=form.cleaned_data["code"]):
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(
                next_url, {request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("That code is not right, or was already used."))
    return render(request, "casework/security/two_factor_verify.html", {"form": form})
