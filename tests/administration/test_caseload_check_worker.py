"""Large caseload files are checked by a worker, not in the web request: the upload answers
at once, the page shows the check running, the worker's report is the same a small file gets
at once, the stored files go once read, and a failed check is said on the page."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from administration.models import CaseloadImport, ImportState
from administration.services.caseload import caseload_check_stored
from casework.models import AuditEvent
from clients.models import Client
from tests.administration.conftest import client_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_inline_limit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_CHECK_INLINE_BYTES = 200  # any real file is "large" here


def _upload(client, data: bytes):
    return client.post(
        reverse("administration:import"),
        {"clients": SimpleUploadedFile("caseload.csv", data, "text/csv")},
    )


def test_a_large_file_is_checked_by_the_worker_while_the_page_says_so(
    client, agency_admin, case_manager, clients_file, django_capture_on_commit_callbacks
):
    data = clients_file([client_row(n) for n in range(1, 6)])
    client.force_login(agency_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, data)
    batch = CaseloadImport.objects.get()
    assert response.status_code == 302
    assert batch.state == ImportState.CHECKING and batch.tables == {} and batch.report == {}
    [stored] = batch.uploads.values()
    assert default_storage.exists(stored)
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    body = page.content.decode()
    assert "Checking the files" in body and 'http-equiv="refresh"' in body
    assert len(callbacks) == 1
    callbacks[0]()  # the worker (Celery runs eagerly under test)
    batch.refresh_from_db()
    assert batch.state == ImportState.CHECKED and batch.report["clients"] == 5
    assert batch.uploads == {} and not default_storage.exists(stored)
    assert not Client.objects.exists()
    assert AuditEvent.objects.filter(action="administration.caseload_import.checked").count() == 1
    assert caseload_check_stored(import_id=batch.pk) is None  # checked once only


def test_a_file_the_worker_cannot_read_is_refused_on_the_page(
    client, agency_admin, clients_file, django_capture_on_commit_callbacks
):
    client.force_login(agency_admin)
    with django_capture_on_commit_callbacks(execute=False):
        _upload(client, clients_file([client_row(1), client_row(2)]))
    batch = CaseloadImport.objects.get()
    default_storage.delete(batch.uploads["clients"])  # lost from the storage
    assert caseload_check_stored(import_id=batch.pk) is None
    batch.refresh_from_db()
    assert batch.state == ImportState.REFUSED and "upload them again" in batch.run_error
    page = client.get(reverse("administration:import_detail", kwargs={"pk": batch.pk}))
    assert "upload them again" in page.content.decode()


def test_a_check_no_worker_took_is_handed_on_again(
    client, agency_admin, case_manager, clients_file, clock, django_capture_on_commit_callbacks
):
    client.force_login(agency_admin)
    with django_capture_on_commit_callbacks(execute=False):
        _upload(client, clients_file([client_row(1), client_row(2)]))
    batch = CaseloadImport.objects.get()
    url = reverse("administration:import_detail", kwargs={"pk": batch.pk})
    assert "Hand it to a worker again" not in client.get(url).content.decode()
    clock.advance(minutes=6)
    assert "Hand it to a worker again" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("administration:import_run", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.state == ImportState.CHECKED and batch.report["clients"] == 2
