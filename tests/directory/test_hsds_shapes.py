"""Every shape HSDS 3.0 publishes imports, and the report names the shape it read: a single
organization, service, location or service_at_location object, a list of them, an HSDS API
page, {"organizations": [...]} and the other plural keys, the flat tables keyed by file name
or table name (as the spec's tabular.json), a CSV package with or without datapackage.json,
and one CSV file."""

from __future__ import annotations

import json
import uuid

import pytest

from directory.hsds.importer import directory_import
from directory.models import (
    Address,
    Contact,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from tests.directory import hsds_fixtures as fx

pytestmark = pytest.mark.django_db


def _import(agency, data: bytes, filename: str = ""):
    return directory_import(agency=agency, data=data, imported_by=None, filename=filename)


def _phone_parents(agency) -> tuple:
    phone = Phone.objects.get(agency=agency, hsds_id=fx.PHONE)
    return (
        phone.organization.hsds_id if phone.organization else None,
        phone.service.hsds_id if phone.service else None,
        phone.location.hsds_id if phone.location else None,
    )


def test_a_single_organization_object_imports_with_all_it_nests(agency):
    report = _import(agency, fx.as_bytes(fx.organization()))

    assert report.ok, report.problems
    assert report.shape == "A single HSDS organization (JSON)"
    service = Service.objects.get(agency=agency, hsds_id=fx.SERVICE)
    assert service.organization.alternate_name == "HH"
    assert service.organization.year_incorporated == 1998
    assert OrganizationIdentifier.objects.get(agency=agency).identifier == "94-1234567"
    assert ServiceAtLocation.objects.get(agency=agency).location.name == "Harbor Office"
    assert Address.objects.get(agency=agency).attention == "Intake desk"
    assert Schedule.objects.filter(service=service).count() == 2


def test_a_single_service_location_and_service_at_location_import(agency):
    Organization.objects.create(
        agency=agency, hsds_id=fx.ORG, name="Harbor Housing", description="Housing help"
    )
    service = {k: v for k, v in fx.SERVICE_OBJECT.items() if k != "service_at_locations"}
    service["organization_id"] = fx.ORG
    location = {**fx.LOCATION_OBJECT, "organization_id": fx.ORG}
    at_location = {"id": fx.SAL, "service_id": fx.SERVICE, "location_id": fx.LOCATION}

    shapes = [_import(agency, fx.as_bytes(doc)).shape for doc in (service, location, at_location)]

    assert shapes == [
        "A single HSDS service (JSON)",
        "A single HSDS location (JSON)",
        "A single HSDS service_at_location (JSON)",
    ]
    assert ServiceAtLocation.objects.get(agency=agency).service.name == "Housing Navigation"


def test_a_service_at_location_embedding_its_service_and_location_needs_no_other_row(agency):
    """As the spec's service_at_location_full.json: the location's organisation comes from
    the service it is offered with."""
    service = {k: v for k, v in fx.SERVICE_OBJECT.items() if k != "service_at_locations"}
    service["organization"] = {"id": fx.ORG, "name": "Harbor Housing", "description": "Help"}
    document = {"id": fx.SAL, "service": service, "location": fx.LOCATION_OBJECT}

    report = _import(agency, fx.as_bytes(document))

    assert report.ok, report.problems
    assert Location.objects.get(agency=agency).organization.name == "Harbor Housing"
    assert any(w.field == "organization_id" and "taken from" in w.message for w in report.warnings)


def test_a_list_and_an_api_page_of_organizations_import(agency):
    second = {"id": str(uuid.uuid4()), "name": "Food Bank", "description": "Groceries"}
    listed = _import(agency, fx.as_bytes([fx.organization(), second]))
    page = {"total_items": 2, "contents": [fx.organization(), second]}
    paged = _import(agency, fx.as_bytes(page))

    assert listed.ok and listed.shape == "A list of 2 organizations (JSON)"
    assert paged.ok and paged.shape == "An HSDS API page of 2 organizations (JSON, contents)"
    assert paged.total_created == 0 and paged.total_changed == 0
    assert Organization.objects.filter(agency=agency).count() == 2


@pytest.mark.parametrize(
    ("style", "shape"),
    [
        ("plural", "HSDS records grouped by table (JSON: organizations, services …)"),
        ("file", "Flat HSDS tables keyed by file name (JSON: organizations.csv …), as in the "
         "spec's tabular.json"),
        ("resource", "Flat HSDS tables keyed by table name (JSON: organization …), as in the "
         "spec's tabular.json"),
    ],
)  # fmt: skip
def test_tables_keyed_by_plural_file_or_table_name_import(agency, style, shape):
    report = _import(agency, fx.as_bytes(fx.flat_tables(style)))

    assert report.ok, report.problems
    assert report.shape == shape
    assert _phone_parents(agency) == (
        uuid.UUID(fx.ORG),
        uuid.UUID(fx.SERVICE),
        uuid.UUID(fx.LOCATION),
    )


@pytest.mark.parametrize(
    ("datapackage", "shape"),
    [
        (True, "A CSV data package (zip) with datapackage.json"),
        (False, "A zip of CSV files"),
    ],
)
def test_a_csv_package_imports_with_or_without_its_datapackage(agency, datapackage, shape):
    report = _import(agency, fx.csv_package(datapackage=datapackage), "directory.zip")

    assert report.ok, report.problems
    assert report.shape == shape
    assert Phone.objects.get(agency=agency).extension == 12
    assert _phone_parents(agency) == (
        uuid.UUID(fx.ORG),
        uuid.UUID(fx.SERVICE),
        uuid.UUID(fx.LOCATION),
    )


def test_the_datapackage_names_the_files_whatever_they_are_called(agency):
    files = {
        "orgs.csv": f"id,name,description\n{fx.ORG},Harbor Housing,Housing help\n",
        "datapackage.json": json.dumps(
            {"resources": [{"name": "organization", "path": "data/orgs.csv"}]}
        ),
    }
    report = _import(agency, fx.zip_of(files))
    assert report.ok and report.created == {"organizations": 1}


def test_one_csv_file_named_for_its_table_imports(agency):
    data = f"id,name,description\n{fx.ORG},Harbor Housing,Housing help\n".encode()
    report = _import(agency, data, "organizations.csv")
    assert report.ok and report.shape == "One CSV file of HSDS organizations"


def test_an_object_of_no_known_table_is_refused_with_its_path(agency):
    report = _import(agency, fx.as_bytes([{"id": fx.ORG, "colour": "blue"}]))
    [problem] = report.problems
    assert problem.line == "$[0]" and "Cannot tell which HSDS table" in problem.message
    assert not Contact.objects.exists()
