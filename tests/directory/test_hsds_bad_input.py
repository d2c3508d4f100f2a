"""Bad packages are refused with a clear message and change nothing: a truncated zip, text
that is not UTF-8, a 50 MB upload, JSON nested too deep, zip members that climb out of the
zip, a zip bomb."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import AuditEvent
from directory.hsds.importer import directory_import
from directory.models import Organization
from tests.directory import hsds_fixtures as fx

pytestmark = pytest.mark.django_db


def _refused(agency, data: bytes, filename: str = "") -> str:
    report = directory_import(agency=agency, data=data, imported_by=None, filename=filename)
    assert not report.ok
    assert not Organization.objects.filter(agency=agency).exists()
    assert not AuditEvent.objects.filter(action="directory.package.imported").exists()
    return " ".join(p.message for p in report.problems)


def test_a_truncated_zip_is_refused(agency):
    whole = fx.csv_package()
    assert "damaged or cut short" in _refused(agency, whole[: len(whole) // 2])


def test_text_that_is_not_utf8_is_refused_with_its_line(agency):
    latin = f"id,name,description\n{fx.ORG},Café,Help\n".encode("latin-1")
    report = directory_import(agency=agency, data=fx.zip_of({"organizations.csv": latin}),
                              imported_by=None)  # fmt: skip
    [problem] = report.problems
    assert (problem.file, problem.line) == ("organizations.csv", 2)
    assert "UTF-8" in problem.message
    assert "Not UTF-8" in _refused(agency, '{"id": "é"}'.encode("latin-1"), "x.json")


def test_a_fifty_megabyte_package_is_refused_before_it_is_read(agency, client, admin_user):
    assert "Larger than 10 MB" in _refused(agency, b"{" + b" " * (50 * 1024 * 1024) + b"}")
    client.force_login(admin_user)
    upload = SimpleUploadedFile("big.json", b"{" + b" " * (11 * 1024 * 1024) + b"}")
    page = client.post(reverse("directory:import"), {"package": upload}).content.decode()
    assert "larger than 10 MB" in page
    assert not Organization.objects.exists()


def test_json_nested_too_deep_is_refused(agency):
    deep = "[" * 100_000 + "]" * 100_000
    assert "levels deep" in _refused(agency, deep.encode())
    # Within Python's limit but deeper than any HSDS nesting: nothing of it is read as HSDS.
    assert "No HSDS record found" in _refused(agency, ('{"a":' * 500 + "1" + "}" * 500).encode())


def test_zip_members_that_climb_out_are_refused(agency):
    data = fx.zip_of({"../organizations.csv": "id,name,description\n"})
    assert "points outside it" in _refused(agency, data)
    data = fx.zip_of({"/etc/organizations.csv": "id,name,description\n"})
    assert "points outside it" in _refused(agency, data)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(agency):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", "id,name,description\n" + "0" * 30_000_000)
    assert len(buffer.getvalue()) < 1_000_000
    assert "zip bomb" in _refused(agency, buffer.getvalue())


def test_not_a_package_at_all_is_refused(agency):
    assert "Not a zip of CSV files" in _refused(agency, b"hello")
    assert "Not valid JSON" in _refused(agency, b"{not json")
