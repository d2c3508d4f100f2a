"""Export pages. A client's: the record panel, the page that says what each export holds and
leaves out, the FHIR download, the client's copy (zip) and the same copy on screen; anyone who
may read the record (404 outside it, audited). The agency's: the page with its progress
(polled by htmx), the request, the download; admins and compliance reviewers only (403)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from casework.audit import audit_record
from casework.errors import flash_outcome
from casework.models import Agency
from casework.permissions import SAFE, requires, signed_in
from clients.models import Client
from clients.views.parts import client_read, record_panel
from exports.agency import AgencyExportError, agency_export_request, agency_exports_purge
from exports.fhir import ALWAYS_LEFT_OUT, BUNDLE_ONLY
from exports.predicates import export_agency_ids, may_export_agency
from exports.selectors import agency_export_get_for, agency_exports_for
from exports.services import (
    bundle_json,
    client_copy_build,
    client_copy_view,
    client_fhir_export,
    copy_context,
)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


CLIENT_PANEL = "exports/_client_panel.html"


def client_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: links only, no query."""
    return {"client": client}


client_panel = record_panel(CLIENT_PANEL, client_panel_context)


@requires(signed_in)
@require_safe
def client_exports(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    never = [item for item in ALWAYS_LEFT_OUT if item.what not in BUNDLE_ONLY]
    context = {"client": client, "always_left_out": never}
    return render(request, "exports/client_exports.html", context)


@requires(signed_in)
@require_safe
def client_fhir(request: HttpRequest, client_id: int) -> HttpResponse:
    export = client_fhir_export(viewer=request.user, client_id=client_id, request=request)
    response = HttpResponse(
        bundle_json(export.exported.bundle), content_type="application/fhir+json"
    )
    return _attachment(response, f"{export.file_stem}.fhir.json")


@requires(signed_in)
@require_safe
def client_copy(request: HttpRequest, client_id: int) -> HttpResponse:
    export, data = client_copy_build(viewer=request.user, client_id=client_id, request=request)
    return _attachment(
        HttpResponse(data, content_type="application/zip"), f"{export.file_stem}.zip"
    )


@requires(signed_in)
@require_safe
def client_copy_page(request: HttpRequest, client_id: int) -> HttpResponse:
    export = client_copy_view(viewer=request.user, client_id=client_id, request=request)
    return render(request, "exports/client_copy_view.html", copy_context(export, standalone=False))


# --- The whole agency ----------------------------------------------------------------------


@requires(may_export_agency, methods=SAFE)
def agency_exports(request: HttpRequest) -> HttpResponse:
    agency_exports_purge()
    exports = list(agency_exports_for(viewer=request.user)[:10])
    context = {
        "exports": exports,
        "agencies": Agency.objects.filter(pk__in=export_agency_ids(request.user)).order_by(
            "name", "pk"
        ),
        "running": any(e.in_progress for e in exports),
        "now": timezone.now(),
    }
    return render(request, "exports/agency_exports.html", context)


@requires(may_export_agency, methods=["POST"])
def agency_export_start(request: HttpRequest) -> HttpResponse:
    allowed = export_agency_ids(request.user)
    # Someone who may export several agencies names the one: never a default they did not pick.
    chosen = request.POST.get("agency", "")
    agency_id = next(iter(allowed)) if len(allowed) == 1 and not chosen else None
    if chosen.isdigit() and int(chosen) in allowed:
        agency_id = int(chosen)
    if agency_id is None:
        messages.error(request, "Choose the agency to export.")
        return redirect("exports:agency")
    export = partial(agency_export_request, agency_id=agency_id, requested_by=request.user)
    done = "The export has started; this page shows its progress."
    flash_outcome(request, export, done, refused=AgencyExportError)
    return redirect("exports:agency")


@requires(may_export_agency, methods=SAFE)
def agency_export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    export = agency_export_get_for(viewer=request.user, pk=pk)
    context = {"export": export, "now": timezone.now()}
    return render(request, "exports/_agency_export_row.html", context)


@requires(may_export_agency, methods=SAFE)
def agency_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, through this access check only, while its link lasts; 410 after."""
    export = agency_export_get_for(viewer=request.user, pk=pk)
    if not export.is_downloadable():
        agency_exports_purge(agency_id=export.agency_id)
        return render(request, "exports/agency_export_gone.html", {"export": export}, status=410)
    audit_record(
        action="exports.agency.downloaded",
        obj=export,
        agency_id=export.agency_id,
        request=request,
        detail={"bytes": export.size_bytes},
    )
    response = FileResponse(
        default_storage.open(export.file_name, "rb"), content_type="application/zip"
    )
    name = f"{export.agency.slug}-export-{timezone.localtime(export.finished_at):%Y%m%d-%H%M}.zip"
    return _attachment(response, name)
