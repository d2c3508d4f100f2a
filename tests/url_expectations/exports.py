"""exports: a client's copies and FHIR bundle (whoever reads the record), the agency export
(admins and compliance reviewers). The download row stores one fixed small zip in storage
(reused by every run)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from exports.models import AgencyExport

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_AGENCY = {"anonymous": 302, "admin_user": 200, "compliance": 200, "*": 403}
_FIXED_NAME = "agency-exports/url-permissions-test.zip"


def _client(c):
    return {"client_id": c["client_a"].pk}


def _running(c):
    export = AgencyExport.objects.create(
        agency=c["client_a"].agency, requested_by=c["admin_user"], status="running",
        clients_total=10, clients_done=4,
    )  # fmt: skip
    return {"pk": export.pk}


def _done(c):
    if not default_storage.exists(_FIXED_NAME):
        default_storage.save(_FIXED_NAME, ContentFile(b"PK\x05\x06" + b"\0" * 18))
    now = timezone.now()
    export = AgencyExport.objects.create(
        agency=c["client_a"].agency, requested_by=c["admin_user"], status="done",
        clients_total=1, clients_done=1, file_name=_FIXED_NAME, size_bytes=22,
        finished_at=now, expires_at=now + timedelta(hours=1),
    )  # fmt: skip
    return {"pk": export.pk}


EXPECTED: dict[str, tuple] = {
    "exports:client": (_client, _READ, 405),
    "exports:client_panel": (_client, _READ, 405),
    "exports:client_fhir": (_client, _READ, 405),
    "exports:client_copy": (_client, _READ, 405),
    "exports:client_copy_view": (_client, _READ, 405),
    "exports:agency": (None, _AGENCY, 405),
    # GET is refused (405) by everyone signed in; an empty POST starts an export for the
    # two roles that may, and is refused (403, nothing written) to the others.
    "exports:agency_start": (
        None,
        {"anonymous": 302, "*": 405},
        {"admin_user": 302, "compliance": 302, "*": 403},
    ),
    "exports:agency_progress": (_running, _AGENCY, 405),
    "exports:agency_download": (_done, _AGENCY, 405),
}
