"""Export pages and downloads: who may, what is audited, the client's copy holds the whole
designated record set and says what it leaves out, the agency export streams every client
into a private file whose link expires."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from casework.models import AuditEvent
from exports.agency import agency_export_build, agency_export_request, agency_exports_purge
from exports.models import AgencyExport, ExportStatus
from tests.exports.conftest import add_everything
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _url(name, client):
    return reverse(f"exports:{name}", kwargs={"client_id": client.pk})


def test_a_case_manager_downloads_a_bundle_the_models_validate(client, case_manager, full_record):
    client.force_login(case_manager)
    response = client.get(_url("client_fhir", full_record))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    Bundle.model_validate(json.loads(response.content))
    event = AuditEvent.objects.get(action="exports.fhir.exported")
    assert event.client_id == full_record.pk and event.actor == case_manager
    assert event.detail["left_out"]["draft contact notes"] == 1


def test_another_teams_client_is_404_and_the_refusal_audited(client, outsider, client_a):
    client.force_login(outsider)
    assert client.get(_url("client_fhir", client_a)).status_code == 404
    assert client.get(_url("client_copy", client_a)).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="exports.").exists()
    assert (
        AuditEvent.objects.filter(action="casework.access.denied", client_id=client_a.pk).count()
        == 2
    )


def test_the_download_runs_the_same_queries_whatever_the_records_size(
    client, case_manager, supervisor, full_record, team_a, django_assert_max_num_queries
):
    bigger = ClientFactory(team=team_a)
    add_everything(bigger, author=case_manager, supervisor=supervisor, n_visits=15)
    client.force_login(case_manager)
    # Session and user (2), memberships for the access policy (1), the scoped client (1),
    # records_load's 25, the audit event (1), savepoints and the session's refresh (≤ 4).
    for record in (full_record, bigger):
        with django_assert_max_num_queries(34):
            assert client.get(_url("client_fhir", record)).status_code == 200


def test_the_clients_copy_is_a_readable_page_and_the_bundle_in_one_zip(
    client, case_manager, full_record
):
    client.force_login(case_manager)
    response = client.get(_url("client_copy", full_record))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        [scan] = [n for n in package.namelist() if n.startswith("documents/")]
        assert sorted(package.namelist()) == ["README.txt", scan, "record.html", "record.json"]
        assert package.read(scan).startswith(b"%PDF")
        html = package.read("record.html").decode()
        bundle = json.loads(package.read("record.json"))
        Bundle.model_validate(bundle)
    urls = [
        e["resource"]["content"][0]["attachment"].get("url")
        for e in bundle["entry"] if e["resource"]["resourceType"] == "DocumentReference"
    ]  # fmt: skip
    assert scan in urls and f'href="{scan}"' in html
    for part in (
        "About you",
        "Your care plan",
        "I want my own place",
        "Notes of your contacts",
        "Client called back.",  # the addendum
        "Assessments and questionnaires",
        "Your releases of information",
        "Accounting of disclosures",
        "Superior Court of Bay County",
        "psychotherapy notes",
        "164.524",
        "Key events",
        "Psychiatric hospitalisation",
        "Court order 25-PR-0113",
        "PHQ-9",
        "(depression)",
        "GAD-7",
    ):
        assert part in html, part
    assert "Draft words" not in html and "Someone else" not in html and "Wrong jail" not in html
    assert ">PHQ9<" not in html  # the instrument's name, not its code
    assert "FHIR R4 has no resource" not in html  # the accounting is in the copy, not left out
    assert "<script" not in html and "<style>" in html  # stands alone, opens anywhere
    assert AuditEvent.objects.filter(action="exports.copy.produced").count() == 1


def test_the_copy_on_screen_carries_the_part2_notice_when_sud_was_disclosed(
    client, case_manager, full_record
):
    from clients.selectors.consent_gate import Recipient
    from clients.services.disclosures import disclosure_record_on_basis

    disclosure_record_on_basis(
        client_id=full_record.pk, recipient=Recipient.organization("County Hospital ER"),
        recipient_address="", categories=["substance_use"], description="Medications",
        purpose="Overdose treatment", method="phone", legal_basis="medical_emergency",
        disclosed_by=case_manager,
    )  # fmt: skip
    client.force_login(case_manager)
    response = client.get(_url("client_copy_view", full_record))
    assert "clients/consent/_part2_notice.html" in {t.name for t in response.templates}
    assert "is NOT sufficient" in response.content.decode()


def test_the_command_writes_a_valid_bundle(tmp_path, case_manager, full_record):
    out = tmp_path / "bundle.json"
    call_command(
        "export_fhir", full_record.record_number, agency=full_record.agency.slug,
        email=case_manager.email, output=str(out), validate=True,
    )  # fmt: skip
    bundle = json.loads(out.read_text())
    assert bundle["type"] == "collection"
    assert AuditEvent.objects.filter(action="exports.fhir.exported").count() == 1


# --- The agency export ---------------------------------------------------------------------


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_only_admins_and_compliance_reach_the_agency_export(client, case_manager, supervisor):
    for user in (case_manager, supervisor):
        client.force_login(user)
        assert client.get(reverse("exports:agency")).status_code == 403
        assert client.post(reverse("exports:agency_start")).status_code == 403
    assert not AgencyExport.objects.exists()


def test_an_admin_exports_the_whole_agency(
    client,
    admin_user,
    case_manager,
    supervisor,
    full_record,
    client_b,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:agency_start"))
    assert response.status_code == 302
    export = AgencyExport.objects.get()
    assert export.status == ExportStatus.DONE and export.clients_done == 2
    assert export.expires_at - export.finished_at == timedelta(hours=24)
    assert not export.file_name.startswith(("static", "/"))
    page = client.get(reverse("exports:agency"))
    assert "Download" in page.content.decode() and "Teamay" not in page.content.decode()
    download = client.get(reverse("exports:agency_download", kwargs={"pk": export.pk}))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    members = _members(b"".join(download.streaming_content))
    bundles = [n for n in members if n.startswith("clients/")]
    assert len(bundles) == 2
    [scan] = [n for n in members if n.startswith("documents/")]
    assert members[scan].startswith(b"%PDF")
    for name in bundles:
        Bundle.model_validate(json.loads(members[name]))
    assert json.loads(members["directory/hsds.json"]) is not None
    assert b"Casey Manager" in members["staff.csv"]
    assert json.loads(members["manifest.json"])["clients"] == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "exports.agency.requested",
        "exports.agency.built",
        "exports.agency.downloaded",
    } <= actions


def test_a_second_export_waits_for_the_first(admin_user, client_a):
    agency_export_request(agency_id=client_a.agency_id, requested_by=admin_user)
    from exports.agency import AgencyExportError

    with pytest.raises(AgencyExportError):
        agency_export_request(agency_id=client_a.agency_id, requested_by=admin_user)


def test_a_redelivered_task_does_not_build_twice(admin_user, client_a):
    export = AgencyExport.objects.create(agency=client_a.agency, requested_by=admin_user)
    assert agency_export_build(export_id=export.pk) is not None
    assert agency_export_build(export_id=export.pk) is None  # already done: claimed once


def test_an_expired_link_answers_410_and_the_file_is_deleted(client, admin_user, client_a):
    export = AgencyExport.objects.create(agency=client_a.agency, requested_by=admin_user)
    export = agency_export_build(export_id=export.pk)
    AgencyExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(admin_user)
    response = client.get(reverse("exports:agency_download", kwargs={"pk": export.pk}))
    assert response.status_code == 410
    assert not default_storage.exists(export.file_name)
    assert AgencyExport.objects.get(pk=export.pk).status == ExportStatus.EXPIRED
    assert agency_exports_purge() == 0


def test_the_progress_row_polls_while_the_export_is_built(client, compliance, admin_user, client_a):
    export = AgencyExport.objects.create(
        agency=client_a.agency, requested_by=admin_user, status="running",
        clients_total=10, clients_done=4,
    )  # fmt: skip
    client.force_login(compliance)
    body = client.get(reverse("exports:agency_progress", kwargs={"pk": export.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'value="40"' in body


def test_the_exports_page_says_what_each_export_holds(client, case_manager, client_a):
    client.force_login(case_manager)
    page = client.get(_url("client", client_a)).content.decode()
    never = page.split("Never in a copy or an export")[1]
    assert "accounting of disclosures" not in never.lower()  # it is in the client's copy
    assert "key events, scanned documents" in page
    assert "FHIR R4 has no resource" in page  # said of the bundle alone
