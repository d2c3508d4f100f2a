"""The whole agency's export (ONC 45 CFR 170.315(b)(10), electronic health information
export): every client's FHIR bundle, the directory as Open Referral HSDS, the staff list and
a README describing the format, in one zip.

Built by a Celery task (exports.tasks) that streams to a temporary file in constant memory:
clients are loaded 200 at a time (records_load's fixed queries per batch) and each bundle is
written into the zip as soon as it is built, never the whole set in memory. The finished
file goes to the default storage under a generated name; it is downloaded only through an
access-checked view and deleted when its link expires."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
import uuid
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_record
from casework.errors import ServiceError
from casework.models import Agency, AgencyStaff, Membership, Role, User
from clients.models import Client
from exports.fhir import bundle_for
from exports.models import AgencyExport, ExportStatus
from exports.predicates import export_agency_ids
from exports.records import records_load
from exports.selectors import agency_client_batches
from exports.services import bundle_json, copy_document

logger = logging.getLogger(__name__)

BATCH = 200
# A running export whose worker has not reported for this long was abandoned (killed
# worker); the redelivered task (acks_late) may claim it again.
ABANDONED_AFTER = timedelta(minutes=10)
STORAGE_DIR = "agency-exports"


class AgencyExportError(ServiceError):
    """An export refused or failed; the message is for the user."""


def directory_package(*, agency: Agency, exported_by: User | None) -> bytes:
    """The agency's directory as an HSDS JSON document, from the directory's own exporter.
    The one place that names it: repoint this import when the directory moves app."""
    from directory.hsds.exporter import directory_export

    return directory_export(agency=agency, fmt="json", exported_by=exported_by)


def _guard(cell: str) -> str:
    # CSV injection (shared/domain/security.md): a cell that could start a formula.
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell


def staff_csv(*, agency: Agency) -> bytes:
    """Everyone on the agency's staff: one row per team role, one for the agency-admin role
    (an admin may hold no team), and one with no role for someone on the staff who has
    neither (invited, or every role taken away)."""
    memberships = (
        Membership.objects.filter(team__agency=agency)
        .select_related("user", "team")
        .order_by("user_id", "team__name")
    )
    rows: list[tuple[User, str, str]] = [
        (m.user, m.team.name, m.get_role_display()) for m in memberships
    ]
    in_a_team = {user.pk for user, _team, _role in rows}
    places = AgencyStaff.objects.filter(agency=agency).select_related("user")
    for place in places:
        if place.is_admin:
            rows.append((place.user, "", str(Role.ADMIN.label)))
        elif place.user_id not in in_a_team:
            rows.append((place.user, "", ""))
    rows.sort(key=lambda row: (row[0].full_name, row[0].pk, row[1]))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "credentials", "job_title", "active", "team", "role"])
    for user, team, role in rows:
        writer.writerow(
            [_guard(v) for v in (user.full_name, user.email, user.credentials, user.job_title)]
            + ["yes" if user.is_active else "no", _guard(team), role]
        )
    return out.getvalue().encode()


_README = """Electronic health information export of {agency}
Prepared {when} by Casework (45 CFR 170.315(b)(10)).

clients/<record number>-<id>.json
    One file per client: that client's whole record as an HL7 FHIR R4 (4.0.1) Bundle of
    type "collection". Each resource's fullUrl is urn:uuid:<uuid>, stable from one export
    to the next; every reference resolves inside the same bundle. The OperationOutcome in
    each bundle names what was left out of that record and why (draft notes and care-plan
    drafts are not part of the record yet; contacts entered in error are voided).
documents/<id>.<pdf|png|jpg>
    The scanned documents kept with the records; each client's bundle names its own in a
    DocumentReference whose attachment url is the file's path in this package.
directory/hsds.json
    The service directory as an Open Referral HSDS 3.0 JSON document.
staff.csv
    Staff: name, e-mail, credentials, job title, active, team, role (one row per team role;
    an agency admin's role has an empty team; someone with no role yet, an empty role).
manifest.json
    Counts, the time taken, and the ids of any scanned document whose file was missing
    from the storage (named in its client's bundle, not in documents/).

The format is documented in docs/export-format.md of the Casework repository.
"""


def agency_export_request(*, agency_id: int, requested_by: User) -> AgencyExport:
    """Queue an export of the whole agency. Admins and compliance reviewers of the agency
    only; one at a time per agency. The task is sent when the transaction commits."""
    from casework.tasks import enqueue_on_commit
    from exports.tasks import agency_export_build_task

    if agency_id not in export_agency_ids(requested_by):
        raise AgencyExportError(_("Only the agency's admins and compliance reviewers may."))
    agency_exports_purge(agency_id=agency_id)
    try:
        with transaction.atomic():
            export = AgencyExport.objects.create(
                agency_id=agency_id,
                requested_by=requested_by,
                clients_total=Client.objects.filter(agency_id=agency_id).count(),
            )
            audit_record(
                action="exports.agency.requested",
                actor=requested_by,
                obj=export,
                agency_id=agency_id,
            )
            enqueue_on_commit(agency_export_build_task, export.pk)
    except IntegrityError as error:
        raise AgencyExportError(
            _("An export of the agency is already being built; wait for it to finish.")
        ) from error
    return export


def _claim(export_id: int) -> AgencyExport | None:
    """Take the export for this worker: a queued one, or a running one abandoned by a killed
    worker. A conditional update, so two deliveries never build it twice."""
    now = timezone.now()
    claimed = AgencyExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, touched_at=now, clients_done=0
    ) or AgencyExport.objects.filter(
        pk=export_id, status=ExportStatus.RUNNING, touched_at__lt=now - ABANDONED_AFTER
    ).update(started_at=now, touched_at=now, clients_done=0)
    return (
        AgencyExport.objects.select_related("agency", "requested_by").get(pk=export_id)
        if claimed
        else None
    )


def _write_clients(package: zipfile.ZipFile, export: AgencyExport, missing: list[int]) -> int:
    """Every client's bundle and scanned documents; a document whose file the storage no
    longer has is named in `missing` (and the manifest), not allowed to fail the export."""
    done = 0
    for batch in agency_client_batches(agency=export.agency, size=BATCH):
        for record in records_load(batch):
            client = record.client
            name = f"clients/{client.record_number}-{client.pk}.json".replace(" ", "_")
            exported = bundle_for(record, agency=export.agency)
            with package.open(name, "w") as member:
                member.write(bundle_json(exported.bundle))
            for document in record.kept_documents:
                try:
                    copy_document(package, document)
                except OSError:
                    logger.warning("Export %s: document %s has no file", export.pk, document.pk)
                    missing.append(document.pk)
            done += 1
        AgencyExport.objects.filter(pk=export.pk).update(
            clients_done=done, touched_at=timezone.now()
        )
    return done


def agency_export_build(*, export_id: int) -> AgencyExport | None:
    """Build the export claimed by this worker into a private file; record the progress as
    it goes, the size and the expiry at the end. Failures are recorded, not raised twice."""
    export = _claim(export_id)
    if export is None:
        return None
    started = timezone.now()
    handle, path = tempfile.mkstemp(suffix=".zip", prefix="casework-export-")
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as package,
        ):
            missing: list[int] = []
            done = _write_clients(package, export, missing)
            package.writestr(
                "directory/hsds.json",
                directory_package(agency=export.agency, exported_by=export.requested_by),
            )
            package.writestr("staff.csv", staff_csv(agency=export.agency))
            package.writestr(
                "README.txt",
                _README.format(
                    agency=export.agency.name,
                    when=f"{timezone.localtime(started):%Y-%m-%d %H:%M %Z}",
                ),
            )
            seconds = (timezone.now() - started).total_seconds()
            package.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "clients": done,
                        "fhir_version": "4.0.1",
                        "seconds": round(seconds, 1),
                        "documents_without_a_file": missing,
                    }
                ),
            )
        size = os.path.getsize(path)
        with open(path, "rb") as built:
            name = default_storage.save(f"{STORAGE_DIR}/{uuid.uuid4().hex}.zip", File(built))
    except Exception:
        logger.exception("Agency export %s failed", export_id)
        AgencyExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error="The build failed; see the logs.",
        )
        return None
    finally:
        if os.path.exists(path):
            os.unlink(path)
    finished = timezone.now()
    AgencyExport.objects.filter(pk=export_id).update(
        status=ExportStatus.DONE,
        file_name=name,
        size_bytes=size,
        clients_done=done,
        finished_at=finished,
        touched_at=finished,
        expires_at=finished + timedelta(hours=settings.AGENCY_EXPORT_HOURS),
    )
    audit_record(
        action="exports.agency.built",
        actor=export.requested_by,
        obj=export,
        agency_id=export.agency_id,
        detail={
            "clients": done,
            "bytes": size,
            "seconds": round((finished - started).total_seconds(), 1),
        },
    )
    return AgencyExport.objects.get(pk=export_id)


def agency_exports_purge(*, agency_id: int | None = None) -> int:
    """Delete the files of expired exports (their rows stay, marked expired)."""
    now = timezone.now()
    expired = AgencyExport.objects.filter(status=ExportStatus.DONE, expires_at__lte=now)
    if agency_id is not None:
        expired = expired.filter(agency_id=agency_id)
    count = 0
    for export in expired:
        if export.file_name and default_storage.exists(export.file_name):
            default_storage.delete(export.file_name)
        count += AgencyExport.objects.filter(pk=export.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file_name=""
        )
    return count
