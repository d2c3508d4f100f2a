"""HSDS import and export: validate everything first, all or nothing, idempotent by id, and an
export imported into an empty directory reproduces it exactly."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.models import AuditEvent
from directory.demo import directory_package, seed_directory
from directory.hsds.exporter import directory_export, directory_rows, write_json, write_zip
from directory.hsds.importer import directory_import
from directory.hsds.reading import MAX_PACKAGE_BYTES
from directory.models import Organization, Phone, Schedule, Service, TaxonomyTerm
from directory.services.directory import DEFAULT_CATEGORIES
from tests.factories import AgencyFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_agency(agency):
    seed_directory(agency)
    return agency


def _csv_files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _small_package() -> dict[str, str]:
    org, service = str(uuid.uuid4()), str(uuid.uuid4())
    return {
        "organizations.csv": f"id,name,description\n{org},Harbor Housing,Housing help\n",
        "services.csv": (
            "id,organization_id,name,status,description\n"
            f"{service},{org},Housing Navigation,active,Finds apartments\n"
        ),
    }


def _counts(agency) -> tuple[int, int]:
    return (
        Organization.objects.filter(agency=agency).count(),
        Service.objects.filter(agency=agency).count(),
    )


def test_the_demo_directory_is_about_two_hundred_services(demo_agency):
    services = Service.objects.filter(agency=demo_agency)
    assert 180 <= services.count() <= 220
    assert TaxonomyTerm.objects.filter(agency=demo_agency).count() == 17
    for code, _name in DEFAULT_CATEGORIES:  # every category has active services
        assert services.filter(categories__term__code=code, status="active").count() >= 3, code
    assert Organization.objects.filter(agency=demo_agency).count() >= 60
    assert not services.filter(schedules__isnull=True).exists()
    assert not services.filter(languages__isnull=True).exists()
    assert not services.filter(service_areas__isnull=True).exists()
    assert not services.filter(locations__isnull=True).exists()


def test_seeding_the_demo_directory_twice_adds_nothing(demo_agency):
    counts = _counts(demo_agency)
    versions = dict(Service.objects.filter(agency=demo_agency).values_list("pk", "version"))

    seed_directory(demo_agency)

    assert _counts(demo_agency) == counts
    assert dict(Service.objects.filter(agency=demo_agency).values_list("pk", "version")) == versions


def test_an_export_imported_into_an_empty_directory_reproduces_it_exactly(demo_agency):
    exported = directory_export(agency=demo_agency, fmt="csv", exported_by=None)
    empty = AgencyFactory(slug="empty")

    report = directory_import(agency=empty, data=exported, imported_by=None)

    assert report.ok, report.problems
    assert report.total_created > 500 and report.total_changed == 0
    again = directory_export(agency=empty, fmt="csv", exported_by=None)
    assert _csv_files(again) == _csv_files(exported)
    assert again == exported  # byte for byte: fixed order and zip timestamps


def test_the_json_form_round_trips_too(demo_agency):
    exported = directory_export(agency=demo_agency, fmt="json", exported_by=None)
    empty = AgencyFactory(slug="empty")

    assert directory_import(agency=empty, data=exported, imported_by=None).ok
    assert directory_export(agency=empty, fmt="json", exported_by=None) == exported
    assert directory_rows(agency=empty) == directory_rows(agency=demo_agency) | {}


def test_reimporting_the_same_package_changes_nothing(demo_agency):
    exported = directory_export(agency=demo_agency, fmt="csv", exported_by=None)
    versions = dict(Service.objects.values_list("pk", "version"))

    report = directory_import(agency=demo_agency, data=exported, imported_by=None)

    assert report.ok
    assert report.total_created == 0 and report.total_changed == 0
    assert dict(Service.objects.values_list("pk", "version")) == versions


def test_a_changed_row_is_updated_and_its_version_moves_on(demo_agency):
    rows = directory_rows(agency=demo_agency)
    rows["services"][0]["name"] = "Renamed service"
    hsds_id = rows["services"][0]["id"]
    before = Service.objects.get(agency=demo_agency, hsds_id=hsds_id)

    report = directory_import(agency=demo_agency, data=write_zip(rows), imported_by=None)

    assert report.ok and report.changed["services"] == 1 and report.total_created == 0
    after = Service.objects.get(pk=before.pk)
    assert after.name == "Renamed service" and after.version == before.version + 1
    assert AuditEvent.objects.filter(action="directory.package.imported").exists()


def test_the_same_package_in_two_agencies_never_collides(demo_agency):
    other = AgencyFactory(slug="other")
    seed_directory(other)
    data = write_json(directory_package(demo_agency))
    assert directory_import(agency=other, data=data, imported_by=None).ok
    assert _counts(other)[1] >= _counts(demo_agency)[1]


def test_a_missing_required_field_is_reported_with_file_line_and_field(agency):
    files = _small_package()
    files["services.csv"] += f"{uuid.uuid4()},{uuid.uuid4()},,active,\n"

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert not report.ok
    assert any(
        p.file == "services.csv" and p.line == 3 and p.field == "name" for p in report.problems
    )
    assert _counts(agency) == (0, 0)  # nothing imported, not even the valid rows


def test_a_service_whose_organisation_is_nowhere_is_not_kept_and_the_report_says_why(agency):
    files = _small_package()
    missing = uuid.uuid4()
    files["services.csv"] += f"{uuid.uuid4()},{missing},Food Pantry,active,\n"

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert report.ok and report.created["services"] == 1
    said = [(w.file, w.line, w.field, w.message) for w in report.warnings]
    assert ("services.csv", 3, "organization_id") in [s[:3] for s in said]
    assert any(str(missing) in m for *_, m in said)
    assert any(line == 3 and "not kept" in m for _f, line, _fld, m in said)
    assert _counts(agency) == (1, 1)


def test_one_id_with_two_different_rows_is_refused(agency):
    files = _small_package()
    org_id = files["organizations.csv"].splitlines()[1].split(",")[0]
    files["organizations.csv"] += f"{org_id},Another,Another organisation\n"

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert {(p.file, p.line) for p in report.problems} == {("organizations.csv", 3)}
    assert {p.field for p in report.problems} == {"name", "description"}
    assert _counts(agency) == (0, 0)


def test_the_same_row_twice_is_one_row(agency):
    files = _small_package()
    files["organizations.csv"] += files["organizations.csv"].splitlines()[1] + "\n"
    report = directory_import(agency=agency, data=_zip(files), imported_by=None)
    assert report.ok and report.created["organizations"] == 1


def test_bad_values_are_each_reported_blocking_or_left_out(agency):
    files = _small_package()
    files["services.csv"] = (
        "id,organization_id,name,status,minimum_age,email\n"
        f"not-a-uuid,{uuid.uuid4()},A,open,-3,not-an-email\n"
    )

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    # Schema breaks block; values HSDS allows but Casework cannot use are left out.
    assert {p.field for p in report.problems} == {"id", "status"}
    assert {"minimum_age", "email"} <= {w.field for w in report.warnings}
    assert all(p.line == 2 for p in report.problems)


def test_malformed_csv_is_refused_with_its_line(agency):
    files = _small_package()
    files["services.csv"] += 'x,"unterminated\n'
    files["services.csv"] += "a,b\n"

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert not report.ok
    assert all(p.file == "services.csv" and p.line for p in report.problems)
    assert _counts(agency) == (0, 0)


def test_a_row_with_too_many_cells_is_refused(agency):
    files = _small_package()
    files["services.csv"] += "a,b,c,d,e,f,g\n"
    report = directory_import(agency=agency, data=_zip(files), imported_by=None)
    assert [(p.file, p.line) for p in report.problems] == [("services.csv", 3)]


def test_a_file_in_the_wrong_encoding_is_refused(agency):
    files = _small_package()
    payload = _zip(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("organizations.csv", files["organizations.csv"])
        archive.writestr(
            "services.csv", files["services.csv"].replace("Finds", "Café").encode("latin-1")
        )
    report = directory_import(agency=agency, data=buffer.getvalue(), imported_by=None)

    [problem] = report.problems
    assert problem.file == "services.csv" and problem.line == 2 and "UTF-8" in problem.message
    assert directory_import(agency=agency, data=payload, imported_by=None).ok


def test_a_missing_column_is_reported_on_the_header_line(agency):
    files = _small_package()
    files["services.csv"] = files["services.csv"].replace("status", "state")
    report = directory_import(agency=agency, data=_zip(files), imported_by=None)
    assert [(p.file, p.line, p.field) for p in report.problems] == [("services.csv", 1, "status")]


def test_not_a_package_is_refused(agency):
    assert not directory_import(agency=agency, data=b"hello", imported_by=None).ok
    assert not directory_import(agency=agency, data=b"PK\x03\x04broken", imported_by=None).ok
    assert not directory_import(agency=agency, data=b"{not json", imported_by=None).ok
    big = b"{" + b" " * MAX_PACKAGE_BYTES + b"}"
    [problem] = directory_import(agency=agency, data=big, imported_by=None).problems
    assert "MB" in problem.message


def test_a_phone_may_have_no_parent_or_several(agency):
    files = _small_package()
    org_id = files["organizations.csv"].splitlines()[1].split(",")[0]
    service_id = files["services.csv"].splitlines()[1].split(",")[0]
    alone, shared = uuid.uuid4(), uuid.uuid4()
    files["phones.csv"] = (
        "id,number,organization_id,service_id\n"
        f"{alone},555-0100,,\n"
        f"{shared},555-0101,{org_id},{service_id}\n"
    )
    report = directory_import(agency=agency, data=_zip(files), imported_by=None)
    assert report.ok and not report.warnings
    phone = Phone.objects.get(agency=agency, hsds_id=shared)
    assert (phone.organization.name, phone.service.name) == ("Harbor Housing", "Housing Navigation")
    assert Phone.objects.get(agency=agency, hsds_id=alone).organization is None


def test_files_and_rows_not_kept_are_named_with_the_reason(agency):
    files = _small_package() | {
        "notes.csv": "id\n",
        "metadata.csv": f"id,resource_id,resource_type\n{uuid.uuid4()},{uuid.uuid4()},service\n",
    }
    report = directory_import(agency=agency, data=_zip(files), imported_by=None)
    assert report.ok
    said = {(w.file, w.line, w.message) for w in report.warnings}
    assert ("notes.csv", None, "Not read: not an HSDS table.") in said
    assert (
        "metadata.csv", 2, "A metadata row is not kept: the change history is Casework's own "
        "audit trail."
    ) in said  # fmt: skip


def test_a_dry_run_shows_problems_warnings_and_counts_and_writes_nothing(agency):
    files = _small_package()
    files["services.csv"] += f"{uuid.uuid4()},{uuid.uuid4()},Orphan,active,\n"
    report = directory_import(agency=agency, data=_zip(files), imported_by=None, dry_run=True)
    assert report.ok and report.dry_run and report.warnings
    assert report.created == {"organizations": 1, "services": 1}
    assert _counts(agency) == (0, 0)
    assert not AuditEvent.objects.filter(action="directory.package.imported").exists()

    files["services.csv"] += f"{uuid.uuid4()},,,active,\n"
    report = directory_import(agency=agency, data=_zip(files), imported_by=None, dry_run=True)
    assert report.problems and report.warnings and _counts(agency) == (0, 0)


def test_interchange_csv_carries_cells_as_they_are_with_no_formula_guard(agency):
    files = _small_package()
    files["organizations.csv"] = files["organizations.csv"].replace(
        "Housing help", '"=HYPERLINK(""http://evil"")"'
    )
    files["locations.csv"] = (
        "id,location_type,organization_id,latitude,longitude\n"
        f"{uuid.uuid4()},physical,{files['organizations.csv'].splitlines()[1].split(',')[0]},"
        "37.7749,-122.4193\n"
    )
    files["phones.csv"] = f"id,number\n{uuid.uuid4()},+1 415 555 0100\n"
    assert directory_import(agency=agency, data=_zip(files), imported_by=None).ok
    exported = _csv_files(directory_export(agency=agency, fmt="csv", exported_by=None))

    organization = next(csv.DictReader(io.StringIO(exported["organizations.csv"])))
    location = next(csv.DictReader(io.StringIO(exported["locations.csv"])))
    phone = next(csv.DictReader(io.StringIO(exported["phones.csv"])))
    assert organization["description"] == '=HYPERLINK("http://evil")'
    assert (location["latitude"], location["longitude"]) == ("37.7749", "-122.4193")
    assert phone["number"] == "+1 415 555 0100"


def test_the_assurer_becomes_the_verifier_when_they_are_staff(agency):
    team = TeamFactory(agency=agency)
    admin = MembershipFactory(team=team, role="admin", user__email="verifier@example.test").user
    rows = {
        "organizations": [
            {"id": str(uuid.uuid4()), "name": "A", "description": "B", "email": "",
             "website": "", "active": True, "assured_date": "2026-01-02",
             "assurer_email": "Verifier@example.test"}
        ]
    }  # fmt: skip
    assert directory_import(agency=agency, data=json.dumps(rows).encode(), imported_by=None).ok
    organization = Organization.objects.get(agency=agency)
    assert organization.verified_by == admin and str(organization.verified_on) == "2026-01-02"


def _five_megabytes() -> dict[str, str]:
    """About 2,000 services with long descriptions: over 5 MB of CSV."""
    org = str(uuid.uuid4())
    services = ["id,organization_id,name,status,description"]
    for n in range(2000):
        services.append(f"{uuid.uuid4()},{org},Service {n},active,{'Long description. ' * 150}")
    files = {
        "organizations.csv": f"id,name,description\n{org},Big,Many services\n",
        "services.csv": "\n".join(services) + "\n",
    }
    assert sum(len(t) for t in files.values()) > 5 * 1024 * 1024
    return files


def test_a_five_megabyte_package_imports_in_one_go(agency):
    report = directory_import(agency=agency, data=_zip(_five_megabytes()), imported_by=None)
    assert report.ok and report.created["services"] == 2000


def test_a_five_megabyte_package_with_one_bad_row_is_refused_whole(agency):
    files = _five_megabytes()
    lines = files["services.csv"].splitlines()
    lines[1800] = lines[1800].replace(",active,", ",open,")  # line 1801 of the file
    files["services.csv"] = "\n".join(lines) + "\n"

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert [(p.file, p.line, p.field) for p in report.problems] == [
        ("services.csv", 1801, "status")
    ]
    assert _counts(agency) == (0, 0)


def test_the_commands_export_and_import(demo_agency, tmp_path):
    target = AgencyFactory(slug="copy")
    path = tmp_path / "directory.zip"
    call_command("export_directory", str(path), agency=demo_agency.slug)
    call_command("import_directory", str(path), agency="copy")
    assert _counts(target) == _counts(demo_agency)

    out = io.StringIO()
    call_command("import_directory", str(path), agency="copy", stdout=out)
    assert "0 row(s) added, 0 changed" in out.getvalue()

    as_json = tmp_path / "directory.json"
    call_command("export_directory", str(as_json), agency=demo_agency.slug, format="json")
    assert "organizations" in json.loads(as_json.read_text())
    fresh = AgencyFactory(slug="fresh")
    call_command("import_directory", str(as_json), agency="fresh", stdout=io.StringIO())
    assert directory_rows(agency=fresh) == directory_rows(agency=demo_agency)

    bad = tmp_path / "bad.zip"
    bad.write_bytes(_zip({"services.csv": "id,organization_id,name,status\nx,y,,\n"}))
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_directory", str(bad), agency="copy", stderr=io.StringIO())


def test_a_link_to_a_row_outside_the_package_is_left_out_and_the_row_kept(agency):
    files = _small_package()
    service_id = files["services.csv"].splitlines()[1].split(",")[0]
    at_location = str(uuid.uuid4())
    files["schedules.csv"] = (
        "id,service_id,service_at_location_id,freq,byday,opens_at,closes_at\n"
        f"{uuid.uuid4()},{service_id},{at_location},WEEKLY,MO,09:00:00,17:00:00\n"
    )

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert report.ok, report.problems
    [warning] = report.warnings
    assert (warning.file, warning.line, warning.field) == (
        "schedules.csv", 2, "service_at_location_id"
    )  # fmt: skip
    assert at_location in warning.message and "left out" in warning.message
    schedule = Schedule.objects.get(agency=agency)
    assert schedule.service.name == "Housing Navigation" and schedule.service_at_location is None
