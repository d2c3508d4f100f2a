"""The agency export's upkeep and its staff list: beat deletes expired files whether or not
anyone opens the page, and the staff list names every person on the agency's staff, team-less
agency admins included."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from casework.models import AgencyStaff
from exports.agency import agency_export_build, staff_csv
from exports.models import AgencyExport, ExportStatus
from exports.tasks import agency_exports_purge_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_beat_purges_expired_exports_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["agency-exports-purge"]
    assert entry["task"] == agency_exports_purge_task.name
    assert entry["schedule"] == timedelta(minutes=15)


def test_the_purge_task_deletes_expired_files_without_the_page(admin_user, client_a):
    export = AgencyExport.objects.create(agency=client_a.agency, requested_by=admin_user)
    export = agency_export_build(export_id=export.pk)
    kept = AgencyExport.objects.create(agency=client_a.agency, requested_by=admin_user)
    kept = agency_export_build(export_id=kept.pk)
    AgencyExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert default_storage.exists(export.file_name)
    assert agency_exports_purge_task.delay().get() == 1
    assert not default_storage.exists(export.file_name)
    assert AgencyExport.objects.get(pk=export.pk).status == ExportStatus.EXPIRED
    assert default_storage.exists(kept.file_name)  # its link still runs
    assert AgencyExport.objects.get(pk=kept.pk).status == ExportStatus.DONE


def _rows(agency) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(staff_csv(agency=agency).decode())))


def test_the_staff_list_names_team_less_admins_and_people_without_a_role(agency, case_manager):
    boss = UserFactory(full_name="Ada Placeholder", email="ada@example.org")
    AgencyStaff.objects.create(agency=agency, user=boss, is_admin=True)
    newcomer = UserFactory(full_name="Ben Newcomer", email="ben@example.org")
    AgencyStaff.objects.create(agency=agency, user=newcomer)
    AgencyStaff.objects.create(agency=agency, user=case_manager)  # also in a team
    rows = _rows(agency)
    by_email = {}
    for row in rows:
        by_email.setdefault(row["email"], []).append((row["team"], row["role"]))
    assert by_email["ada@example.org"] == [("", "Agency admin")]
    assert by_email["ben@example.org"] == [("", "")]
    assert ("", "") not in by_email[case_manager.email]  # their team role is their row
    assert all(team for team, _role in by_email[case_manager.email])


def test_a_document_whose_file_is_gone_is_named_not_fatal(admin_user, case_manager, client_a):
    import json
    import zipfile

    from tests.exports.conftest import add_events_and_documents

    add_events_and_documents(client_a, author=case_manager)
    kept = client_a.documents.get(voided_at__isnull=True)
    default_storage.delete(kept.file.name)
    export = AgencyExport.objects.create(agency=client_a.agency, requested_by=admin_user)
    export = agency_export_build(export_id=export.pk)
    assert export.status == ExportStatus.DONE
    with default_storage.open(export.file_name, "rb") as built, zipfile.ZipFile(built) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert not [n for n in z.namelist() if n.startswith("documents/")]
    assert manifest["documents_without_a_file"] == [kept.pk]
