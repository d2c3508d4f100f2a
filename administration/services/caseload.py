"""The caseload import: upload and check (a dry run that writes no client), then import in one
transaction, or discard. The files are checked again when the import runs, since staff, teams
and clients may have changed in between; possible duplicates need the admin's decision, line
by line, and one that appeared since the check stops the import until it is decided too."""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from administration.imports.caseload_check import CaseloadCheck, caseload_check, caseload_read
from administration.imports.caseload_write import Source, Written, caseload_write
from administration.imports.files import Table
from administration.models import OPEN_IMPORT_STATES, CaseloadImport, ImportState
from administration.services import AdministrationError
from casework.audit import audit_record
from casework.models import Agency, User
from casework.tasks import enqueue_on_commit

KINDS = ("clients", "people", "releases")
KEEP_OPEN_DAYS = 7  # an import neither run nor discarded loses its rows after this
SKIP, NEW = "skip", "new"
UPLOAD_DIR = "caseload-imports"
logger = logging.getLogger(__name__)


def _audit(
    batch: CaseloadImport, *, action: str, actor: User | None, detail: dict | None = None
) -> None:
    """Each step of an import (uploaded, checked, queued, imported, discarded) is audited
    against its batch, in the batch's agency."""
    audit_record(action=action, actor=actor, obj=batch, agency_id=batch.agency_id, detail=detail)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _report(check: CaseloadCheck) -> dict:
    """What the page shows, as JSON: problems, counts, and each possible duplicate with the
    file's own name and date of birth for it (the admin's data, not the record's)."""
    by_line = {c.line: c for c in check.clients}
    return {
        "problems": [[p.file, p.line, p.column, p.message] for p in check.problems],
        "clients": len(check.clients),
        "already": len(check.already),
        "updates": [
            {"line": u.line, "record_number": u.record_number, "fields": sorted(u.changes)}
            for u in check.updates
        ],
        "people": len(check.people),
        "releases": len(check.releases),
        "skipped_people": check.skipped_people,
        "skipped_releases": check.skipped_releases,
        "duplicates": [
            {
                "line": line,
                "record_number": by_line[line].record_number,
                "name": f"{by_line[line].details['given_name']} "
                f"{by_line[line].details['family_name']}",
                "born": by_line[line].details["date_of_birth"].isoformat(),
                "matches": ids,
            }
            for line, ids in sorted(check.duplicates.items())
        ],
    }


def _purge_stale(agency: Agency) -> None:
    """Empty the rows kept for imports left open for more than KEEP_OPEN_DAYS."""
    CaseloadImport.objects.filter(
        agency=agency,
        state__in=OPEN_IMPORT_STATES,
        uploaded_at__lt=timezone.now() - timedelta(days=KEEP_OPEN_DAYS),
    ).update(state=ImportState.DISCARDED, tables={})


def caseload_upload(
    *, agency: Agency, uploaded_by: User, files: dict[str, Upload]
) -> CaseloadImport:
    """Take the files and check them (writing no client); the report says what an import
    would do, or every problem by file, line and column. Small files are checked here; larger
    ones (over IMPORT_CHECK_INLINE_BYTES together) wait in the storage for a worker, the
    import's page showing the check running, as the import itself does."""
    if "clients" not in files:
        raise AdministrationError("Choose the clients file.", field="clients")
    for kind, upload in files.items():
        if len(upload.data) > settings.IMPORT_MAX_BYTES:
            raise AdministrationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES // 2**20} MB.", field=kind
            )
    fields = {}
    for kind, upload in files.items():
        fields[f"{kind}_name"] = upload.name[:255] or f"{kind}.csv"
        fields[f"{kind}_sha256"] = hashlib.sha256(upload.data).hexdigest()
    if sum(len(u.data) for u in files.values()) <= settings.IMPORT_CHECK_INLINE_BYTES:
        with transaction.atomic():
            _purge_stale(agency)
            batch = CaseloadImport(agency=agency, uploaded_by=uploaded_by, **fields)
            _check_into(batch, {k: (u.name, u.data) for k, u in files.items()})
        return batch
    return _check_later(agency, uploaded_by, files, fields)


def _check_later(
    agency: Agency, uploaded_by: User, files: dict[str, Upload], fields: dict[str, str]
) -> CaseloadImport:
    from administration.tasks import check_caseload_import

    stored = {
        kind: default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", ContentFile(upload.data))
        for kind, upload in files.items()
    }
    try:
        with transaction.atomic():
            _purge_stale(agency)
            batch = CaseloadImport.objects.create(
                agency=agency,
                uploaded_by=uploaded_by,
                state=ImportState.CHECKING,
                uploads=stored,
                **fields,
            )
            _audit(
                batch,
                action="administration.caseload_import.uploaded",
                actor=uploaded_by,
                detail={"files": {k: fields[f"{k}_sha256"] for k in files}},
            )
            enqueue_on_commit(check_caseload_import, batch.pk)
    except Exception:
        _delete_uploads(stored)
        raise
    return batch


def caseload_check_requeue(*, agency: Agency, import_id: int) -> None:
    """Hand a check that no worker took (a worker down, Redis down) to a worker again; the
    worker checks each upload once whatever the number of deliveries."""
    from administration.tasks import check_caseload_import

    batch = CaseloadImport.objects.get(pk=import_id, agency=agency)
    if batch.state != ImportState.CHECKING:
        raise AdministrationError("These files are not waiting to be checked.")
    with transaction.atomic():
        enqueue_on_commit(check_caseload_import, batch.pk)


def _delete_uploads(stored: dict[str, str]) -> None:
    for name in stored.values():
        if default_storage.exists(name):
            default_storage.delete(name)


def _check_into(batch: CaseloadImport, files: dict[str, tuple[str, bytes]]) -> None:
    """Read and check the files into `batch` and save it: its report, its rows kept for the
    import, and its state. The caller holds the transaction."""
    tables, problems = caseload_read(files)
    check = (
        CaseloadCheck(problems=problems)
        if problems
        else caseload_check(agency=batch.agency, tables=tables)
    )
    batch.state = ImportState.CHECKED if check.ok else ImportState.REFUSED
    batch.report = _report(check)
    batch.tables = {} if problems else {k: t.as_json() for k, t in tables.items()}
    batch.uploads = {}
    batch.save()
    _audit(
        batch,
        action="administration.caseload_import.checked",
        actor=batch.uploaded_by,
        detail={
            "files": {k: getattr(batch, f"{k}_sha256") for k in files},
            "problems": len(check.problems),
            "clients": len(check.clients),
            "already": len(check.already),
            "updates": len(check.updates),
            "duplicates": len(check.duplicates),
        },
    )


def caseload_check_stored(*, import_id: int) -> CaseloadImport | None:
    """The worker's check of files left in the storage by `caseload_upload`. Runs once (the
    row is locked, and only an import still being checked is checked); the files are deleted
    once read. A failure is recorded on the import, which the admin then uploads again."""
    stored: dict[str, str] = {}
    try:
        with transaction.atomic():
            batch = (
                CaseloadImport.objects.select_for_update()
                .select_related("agency", "uploaded_by")
                .filter(pk=import_id, state=ImportState.CHECKING)
                .first()
            )
            if batch is None:
                return None
            stored = dict(batch.uploads)
            files = {}
            for kind, name in stored.items():
                with default_storage.open(name, "rb") as handle:
                    files[kind] = (getattr(batch, f"{kind}_name"), handle.read())
            _check_into(batch, files)
    except Exception:
        logger.exception("Checking caseload import %s failed", import_id)
        CaseloadImport.objects.filter(pk=import_id, state=ImportState.CHECKING).update(
            state=ImportState.REFUSED,
            uploads={},
            run_error="The files could not be checked. Nothing was imported: upload them again.",
        )
        _delete_uploads(stored)
        return None
    _delete_uploads(stored)
    return batch


def caseload_import_queue(
    *, agency: Agency, import_id: int, decisions: dict[int, str], queued_by: User
) -> None:
    """Keep the admin's decisions and hand the import to a worker (a large file takes longer
    than a web request may). Every possible duplicate needs a decision: skip the line, or
    import it as a new client. Asked again while queued, it only hands it on again (a worker
    that never got it, Redis down): the worker runs each import once."""
    from administration.tasks import run_caseload_import

    with transaction.atomic():
        batch = CaseloadImport.objects.select_for_update().get(pk=import_id, agency=agency)
        if batch.state == ImportState.CHECKED:
            lines = [d["line"] for d in batch.report.get("duplicates", [])]
            undecided = [line for line in lines if decisions.get(line) not in (SKIP, NEW)]
            if undecided:
                raise AdministrationError(
                    "Decide on every possible duplicate: skip the line, or import it as a new "
                    f"client (line{'s' if len(undecided) > 1 else ''} "
                    f"{', '.join(map(str, undecided))})."
                )
            batch.decisions = {str(line): decisions[line] for line in lines}
            batch.state, batch.run_by, batch.run_error = ImportState.QUEUED, queued_by, ""
            batch.queued_at = timezone.now()
            batch.save(update_fields=["decisions", "state", "run_by", "run_error", "queued_at"])
            _audit(
                batch,
                action="administration.caseload_import.queued",
                actor=queued_by,
                detail={"decisions": batch.decisions},
            )
        elif batch.state != ImportState.QUEUED:
            raise AdministrationError("This import is not waiting to run.")
        enqueue_on_commit(run_caseload_import, batch.pk)


def caseload_import_run(*, agency: Agency, import_id: int) -> Written | None:
    """The worker's part: check the kept files again and write everything in one
    transaction, or nothing. When something changed since the check (staff, teams, clients:
    a problem, a new possible duplicate) the new report is kept for the admin and nothing is
    written; so it is when a record number is taken meanwhile. None then."""
    try:
        with transaction.atomic():
            batch = CaseloadImport.objects.select_for_update().get(pk=import_id, agency=agency)
            if batch.state != ImportState.QUEUED:
                return None  # run already, or discarded
            tables = {k: Table.from_json(t) for k, t in batch.tables.items()}
            check = caseload_check(agency=agency, tables=tables)
            report = _report(check)
            shown = {d["line"]: set(d["matches"]) for d in batch.report.get("duplicates", [])}
            found = {d["line"]: set(d["matches"]) for d in report["duplicates"]}
            # The updates shown are the ones made: a client changed since the check stops it.
            same_updates = report["updates"] == batch.report.get("updates", [])
            if check.ok and found == shown and same_updates:
                return _write(batch, agency, check, found)
            batch.report = report
            batch.state = ImportState.CHECKED if check.ok else ImportState.REFUSED
            batch.run_error = (
                "The files were checked again and something has changed since the check "
                "(staff, teams or clients): see the report. Nothing was imported."
            )
            batch.save(update_fields=["report", "state", "run_error"])
            return None
    except IntegrityError:
        # A record number taken by an intake between the check and the write: all of the
        # import's writes rolled back; the admin checks the files again.
        CaseloadImport.objects.filter(pk=import_id, state=ImportState.QUEUED).update(
            state=ImportState.REFUSED,
            run_error="A record number in the file was taken while the import ran. Nothing "
            "was imported: upload the files again to check them.",
        )
        return None


def _write(
    batch: CaseloadImport, agency: Agency, check: CaseloadCheck, duplicates: dict[int, set[int]]
) -> Written:
    skip = {line for line in duplicates if batch.decisions.get(str(line)) == SKIP}
    source = Source(
        import_id=batch.pk,
        files={
            kind: (getattr(batch, f"{kind}_name"), getattr(batch, f"{kind}_sha256"))
            for kind in batch.tables
        },
    )
    written = caseload_write(
        agency=agency, check=check, skip_lines=skip, source=source, imported_by=batch.run_by
    )
    batch.state = ImportState.IMPORTED
    batch.finished_at, batch.finished_by = timezone.now(), batch.run_by
    batch.outcome = {
        "clients": written.clients,
        "people": written.people,
        "releases": written.releases,
        "already": len(check.already),
        "updated": written.updated,
        "skipped_duplicates": sorted(skip),
    }
    batch.tables = {}
    batch.save()
    _audit(
        batch,
        action="administration.caseload_import.imported",
        actor=batch.run_by,
        detail=batch.outcome,
    )
    return written


def caseload_import_discard(*, agency: Agency, import_id: int, discarded_by: User) -> None:
    with transaction.atomic():
        batch = CaseloadImport.objects.select_for_update().get(pk=import_id, agency=agency)
        if not batch.is_open and batch.state != ImportState.QUEUED:
            return
        batch.state = ImportState.DISCARDED
        batch.finished_at, batch.finished_by = timezone.now(), discarded_by
        batch.tables = {}
        batch.save()
        _audit(batch, action="administration.caseload_import.discarded", actor=discarded_by)
