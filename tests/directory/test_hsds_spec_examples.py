"""The spec's own examples (tests/directory/hsds_spec/examples, vendored unchanged) import as
published: organization_full.json and the CSV example, each with every warning named by its
row and field, and what they hold is kept."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date, time
from decimal import Decimal

import pytest
from django.db import transaction

from directory.hsds.importer import directory_import
from directory.models import (
    Address,
    Category,
    Contact,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    Url,
)
from tests.directory.hsds_fixtures import SPEC

pytestmark = pytest.mark.django_db
EXAMPLES = SPEC / "examples"


def _warned(report) -> set[tuple]:
    return {(w.line, w.field, w.message) for w in report.warnings}


def test_organization_full_json_imports_as_published_with_its_warnings(agency):
    data = (EXAMPLES / "organization_full.json").read_bytes()

    report = directory_import(
        agency=agency, data=data, imported_by=None, filename="organization_full.json"
    )

    assert report.ok, report.problems
    assert report.shape == "A single HSDS organization (JSON)"
    assert {(w.line, w.field) for w in report.warnings} == {
        ("$", "parent_organization_id"),
        ("$.locations[0]", "latitude"),
        ("$.locations[0].schedules[0]", "count"),
        ("$.locations[0].schedules[0]", "freq"),
        ("$.services[0].attributes[0]", "link_entity"),
        ("$.services[0].attributes[0].taxonomy_term", "parent_id"),
        ("$.services[0].metadata[0]", ""),
    }
    assert (
        "$.locations[0]", "latitude", "100 is outside -90 to 90; left out."
    ) in _warned(report)  # fmt: skip

    organization = Organization.objects.get(agency=agency)
    assert (organization.alternate_name, organization.tax_status) == ("Example Org", "tax_status")
    assert (organization.year_incorporated, organization.legal_status) == (2011, "Limited Company")
    assert organization.parent_organization is None
    assert OrganizationIdentifier.objects.get(agency=agency).identifier_scheme == "GB-COH"
    # One phone in ten places is one phone with five parents.
    phone = Phone.objects.get(agency=agency)
    assert phone.number == '"+44 1234 234567"' and phone.extension == 100
    assert all(
        (phone.organization, phone.service, phone.location, phone.contact,
         phone.service_at_location)
    )  # fmt: skip
    assert Language.objects.get(agency=agency).phone == phone
    contact = Contact.objects.get(agency=agency)
    assert (contact.organization, contact.service, contact.location) == (
        organization, phone.service, phone.location
    )  # fmt: skip
    address = Address.objects.get(agency=agency)
    assert (address.attention, address.region, address.address_type) == (
        "A. Persona", "MyRegion", "postal"
    )  # fmt: skip
    location = Location.objects.get(agency=agency)
    assert (location.latitude, location.longitude) == (None, 101)
    assert location.external_identifier_type == "UPRN"
    schedule = Schedule.objects.get(agency=agency)
    assert (schedule.freq, schedule.interval, schedule.byday, schedule.byweekno) == (
        "WEEKLY", 1, "TH,FR", "41,42"
    )  # fmt: skip
    assert (schedule.count, schedule.until, schedule.valid_to) == (3, date(2005, 1, 1),
                                                                  date(2005, 1, 1))  # fmt: skip
    assert (schedule.wkst, schedule.timezone, schedule.opens_at) == ("TU", 3, time(10))
    assert "lunch break" in schedule.notes and schedule.schedule_link == "http://example.com"
    service = Service.objects.get(agency=agency)
    assert service.program.name == "Community Mental Health Support"
    assert (service.wait_time, service.fees, service.licenses) == (
        "wait_time", "fees_description", "licences"
    )  # fmt: skip
    assert service.cost_options.get().currency == "GBP"
    assert service.cost_options.get().amount == Decimal(35)
    assert service.service_areas.get().name.startswith("The service is available")
    assert Category.objects.get(agency=agency).term.language == "eng"
    # HSDS 3.1: one url row serves the organisation and the service.
    url = Url.objects.get(agency=agency)
    assert (url.organization, url.service, url.label) == (organization, service, "Website")
    funding = Funding.objects.get(agency=agency)
    assert (funding.organization, funding.service) == (organization, service)


def _csv_example(*, datapackage: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((EXAMPLES / "csv").iterdir()):
            archive.write(path, f"csv/{path.name}")
        if datapackage:
            archive.write(SPEC / "datapackage.json", "csv/datapackage.json")
    return buffer.getvalue()


def test_the_csv_example_imports_as_published_with_every_warning(agency):
    report = directory_import(agency=agency, data=_csv_example(), imported_by=None)

    assert report.ok, report.problems
    assert report.shape == "A zip of CSV files"
    warned = {(w.file, w.field) for w in report.warnings}
    # Its rows point at ids the example does not contain: each link is named, the row kept.
    assert {
        ("organizations.csv", "parent_organization_id"),
        ("schedules.csv", "service_id"),
        ("schedules.csv", "location_id"),
        ("schedules.csv", "service_at_location_id"),
        ("contacts.csv", "organization_id"),
        ("funding.csv", "organization_id"),
        ("locations.csv", "latitude"),
        ("service_areas.csv", "service_at_location_id"),
        ("metadata.csv", ""),
        ("meta_table_descriptions.csv", ""),
    } <= warned
    not_kept = {w.file for w in report.warnings if "is not kept" in w.message}
    assert not_kept >= {"locations.csv", "service_at_location.csv", "service_capacity.csv",
                        "addresses.csv", "accessibility.csv", "attributes.csv"}  # fmt: skip
    # The phone row names five parents: those in the package are all kept.
    phone = Phone.objects.get(
        agency=agency, hsds_id=uuid.UUID("1554f2e2-a373-45db-a3fa-9fc48a61c15e")
    )
    assert phone.organization.name == "Example Organization Inc."
    assert phone.service.name == "Community Counselling" and phone.contact.name == "Ann Persona"
    assert phone.extension == 100
    schedule = Schedule.objects.get(agency=agency)
    assert (schedule.service, schedule.location, schedule.service_at_location) == (None, None, None)
    assert schedule.bymonthday == "2,3,4" and schedule.closes_at == time(18)
    assert Service.objects.get(agency=agency).last_modified.year == 2023
    assert report.created["organizations"] == 1 and report.created["phones"] == 1


def test_the_csv_example_with_the_official_datapackage_imports_the_same(agency):
    """The spec's own datapackage.json (HSDS 3.0.0) names its resources in the singular and
    one path with a typo ("addresss.csv"); files it does not name (the 3.1 tables) are read
    by their own names. The package imports exactly as the bare CSV files do."""
    with transaction.atomic():
        bare = directory_import(agency=agency, data=_csv_example(), imported_by=None)
        transaction.set_rollback(True)
    assert not Organization.objects.filter(agency=agency).exists()

    report = directory_import(agency=agency, data=_csv_example(datapackage=True), imported_by=None)

    assert report.ok, report.problems
    assert report.shape == "A CSV data package (zip) with datapackage.json"
    assert not [w for w in report.warnings if w.file == "datapackage.json"]
    assert report.created == bare.created and report.created["organizations"] == 1
    assert {(w.file, w.line, w.field, w.message) for w in report.warnings} == {
        (w.file, w.line, w.field, w.message) for w in bare.warnings
    }
    # addresses.csv (the package says "addresss.csv") is still read, and named as before.
    assert "addresses.csv" in {w.file for w in report.warnings if "is not kept" in w.message}
    assert Url.objects.filter(agency=agency).exists()  # url.csv, not in the 3.0 package


def test_importing_an_example_twice_changes_nothing(agency):
    data = (EXAMPLES / "organization_full.json").read_bytes()
    assert directory_import(agency=agency, data=data, imported_by=None).ok
    again = directory_import(agency=agency, data=data, imported_by=None)
    assert again.ok and again.total_created == 0 and again.total_changed == 0
