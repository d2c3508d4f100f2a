"""The caseload import pages: upload and check, the report (problems, or what would be
imported and the possible duplicates to decide), run, discard; and the templates. Agency
admins only. No page shows a client's record: possible duplicates name the existing client by
record number and team only, and that showing is audited as at intake."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from administration.forms.caseload import CaseloadUploadForm
from administration.imports.columns import CLIENTS, FILES, PEOPLE, RELEASES
from administration.imports.files import Problem, grouped
from administration.models import CaseloadImport, ImportState
from administration.predicates import may_administer_agency
from administration.services import AdministrationError
from administration.services.caseload import (
    KINDS,
    NEW,
    SKIP,
    Upload,
    caseload_check_requeue,
    caseload_import_discard,
    caseload_import_queue,
    caseload_upload,
)
from administration.views.agency import agency_for
from administration.views.downloads import template_download
from casework.audit import audit_record
from casework.errors import form_write
from casework.permissions import requires
from clients.models import Client

STALLED_MINUTES = 5
_DOCS = (("clients", "Clients", CLIENTS), ("people", "Related persons", PEOPLE))
_DOCS += (("releases", "Releases on file", RELEASES),)


@require_http_methods(["GET", "HEAD", "POST"])
@requires(may_administer_agency)
def import_start(request: HttpRequest) -> HttpResponse:
    agency = agency_for(request)
    form = CaseloadUploadForm(request.POST or None, request.FILES or None)

    def write(data: dict) -> CaseloadImport:
        files = {
            kind: Upload(name=upload.name or f"{kind}.csv", data=upload.read())
            for kind in KINDS
            if (upload := data.get(kind))
        }
        return caseload_upload(agency=agency, uploaded_by=request.user, files=files)

    batch = form_write(request, form, write, None, refused=AdministrationError)
    if batch is not None:
        return redirect("administration:import_detail", pk=batch.pk)
    recent = CaseloadImport.objects.filter(agency=agency).select_related("uploaded_by")[:10]
    context = {"form": form, "docs": _DOCS, "recent": recent}
    return render(request, "administration/import_start.html", context)


@require_safe
@requires(may_administer_agency)
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    agency_for(request)
    if kind not in FILES or kind == "staff":
        raise Http404("No such template.")
    return template_download(kind, fmt)


@require_safe
@requires(may_administer_agency)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Queries: session, user, access, reminder count, agency, the import, (the existing
    clients a possible duplicate may be, and the audit of showing them)."""
    agency = agency_for(request)
    batch = get_object_or_404(CaseloadImport, pk=pk, agency=agency)
    duplicates = batch.report.get("duplicates", []) if batch.is_open else []
    if duplicates:
        _with_matches(request, batch, duplicates)
    problems = [Problem(*row) for row in batch.report.get("problems", [])]
    context = {
        "batch": batch,
        "report": batch.report,
        "problems": problems,
        "problem_groups": grouped(problems),
        "duplicates": duplicates,
        "updates": batch.report.get("updates", []),
        "unchanged": batch.report.get("already", 0) - len(batch.report.get("updates", [])),
        # Queued this long, the worker has most likely not got it: offer to hand it on again.
        "stalled": (batch.state == ImportState.QUEUED and _waited(batch.queued_at))
        or (batch.state == ImportState.CHECKING and _waited(batch.uploaded_at)),
    }
    return render(request, "administration/import_detail.html", context)


def _waited(since) -> bool:
    return since is not None and timezone.now() - since > timedelta(minutes=STALLED_MINUTES)


def _with_matches(request: HttpRequest, batch: CaseloadImport, duplicates: list[dict]) -> None:
    """Each duplicate's existing clients by record number and team: the least that lets the
    admin decide (they hold the file's names and dates of birth; the record's stay closed)."""
    ids = {pk for d in duplicates for pk in d["matches"]}
    # Not scoped by the access policy on purpose: the admin sees no record, only that a
    # client with this record number exists in this team. Audited below.
    existing = {
        row["pk"]: row
        for row in Client.objects.filter(agency=batch.agency_id, pk__in=ids).values(
            "pk", "record_number", "team__name"
        )
    }
    for duplicate in duplicates:
        duplicate["existing"] = [existing[pk] for pk in duplicate["matches"] if pk in existing]
    audit_record(
        action="clients.client.duplicates_shown",
        request=request,
        agency_id=batch.agency_id,
        detail={"client_ids": sorted(ids), "import": batch.pk},
    )


@requires(may_administer_agency, methods=["POST"])
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    agency = agency_for(request)
    batch = get_object_or_404(CaseloadImport, pk=pk, agency=agency)
    decisions = {
        int(key.removeprefix("line_")): value
        for key, value in request.POST.items()
        if key.startswith("line_") and key[5:].isdigit() and value in (SKIP, NEW)
    }
    try:
        if batch.state == ImportState.CHECKING:
            caseload_check_requeue(agency=agency, import_id=batch.pk)
        else:
            caseload_import_queue(
                agency=agency, import_id=batch.pk, decisions=decisions, queued_by=request.user
            )
    except AdministrationError as error:
        messages.error(request, error.message)
    return redirect("administration:import_detail", pk=batch.pk)


@requires(may_administer_agency, methods=["POST"])
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    agency = agency_for(request)
    batch = get_object_or_404(CaseloadImport, pk=pk, agency=agency)
    caseload_import_discard(agency=agency, import_id=batch.pk, discarded_by=request.user)
    messages.info(request, "The import was discarded and the rows read from its files deleted.")
    return redirect("administration:import")
