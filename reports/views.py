"""Report pages and their downloads. Thin: resolve the scope through `reports.scope` (403
without a reporting role, 404 outside one's reach), read the form, build, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casework.permissions import requires
from reports import exports, services
from reports.forms import ReportForm
from reports.predicates import may_read_reports
from reports.registry import REPORTS, ReportKind
from reports.scope import ReportScope, scope_get

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _kind(slug: str) -> ReportKind:
    try:
        return REPORTS[slug]
    except KeyError:
        raise Http404("No such report.") from None


def _parse(request: HttpRequest) -> tuple[ReportScope, ReportForm]:
    scope, choices = scope_get(request.user, request.GET.get("scope"))
    return scope, ReportForm(request.GET, choices=choices, scope=scope)


@require_safe
@requires(may_read_reports)
def report_index(request: HttpRequest) -> HttpResponse:
    """Queries: session, user, memberships, navigation, the scope's teams (and agencies)."""
    _scope, form = _parse(request)
    return render(
        request,
        "reports/index.html",
        {"reports": REPORTS.values(), "form": form, "query": _query(form)},
    )


@require_safe
@requires(may_read_reports)
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    scope, form = _parse(request)
    report = None
    if form.is_valid():
        report = kind.build(viewer=request.user, scope=scope, period=form.period)
    return render(
        request,
        "reports/report.html",
        {
            "kind": kind,
            "reports": REPORTS.values(),
            "form": form,
            "report": report,
            "query": _query(form),
        },
    )


def _query(form: ReportForm) -> str:
    """The parameters as a query string for links to other reports and the downloads."""
    data = form.data
    return urlencode({k: data[k] for k in ("scope", "start", "end") if data.get(k)})


@require_safe
@requires(may_read_reports)
def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The report as CSV or XLSX; every download is in the audit trail with its parameters
    (ids and dates, never a client's name)."""
    kind = _kind(slug)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    scope, form = _parse(request)
    if not form.is_valid():
        return HttpResponse(
            "The report's dates are not valid.", status=400, content_type="text/plain"
        )
    if not services.report_export_allowed(user=request.user):
        return HttpResponse(
            "Too many downloads in the last hour. Try again later.",
            status=429,
            content_type="text/plain",
        )
    report = kind.build(viewer=request.user, scope=scope, period=form.period)
    services.report_export_record(request=request, report=report, fmt=fmt)
    filename = f"{slug}-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(report), content_type=CONTENT_TYPES[fmt])
    else:
        response = HttpResponse(exports.xlsx_bytes(report), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
