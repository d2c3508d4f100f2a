"""HSDS 3.0's nested JSON: organizations hold their services and locations, services their
phones, schedules, fees ...; the import reads it (and the flat form) through the same
validation, reports problems by JSON path, and an export round-trips exactly. Also the
tables beyond the core (contacts, cost_options, required_documents, accessibility)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest

from directory.demo import seed_directory
from directory.hsds.exporter import directory_export, directory_rows
from directory.hsds.importer import directory_import
from directory.models import (
    Accessibility,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Service,
    ServiceAtLocation,
)
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _id() -> str:
    return str(uuid.uuid4())


def _document() -> dict:
    """A hand-written nested HSDS document, as another system would send it: the location
    is embedded in the service_at_location, the category's term in the attribute."""
    org, service, location, term = _id(), _id(), _id(), _id()
    return {
        "organizations": [
            {
                "id": org,
                "name": "Harbor Housing",
                "description": "Housing help",
                "phones": [{"id": _id(), "number": "(415) 555-0101"}],
                "contacts": [{"id": _id(), "name": "Ana Ruiz", "title": "Intake"}],
                "funding": [{"id": _id(), "source": "County grant"}],
                "services": [
                    {
                        "id": service,
                        "name": "Housing Navigation",
                        "status": "active",
                        "phones": [{"id": _id(), "number": "(415) 555-0111"}],
                        "schedules": [
                            {"id": _id(), "freq": "WEEKLY", "byday": "MO,TU",
                             "opens_at": "09:00", "closes_at": "17:00"}
                        ],
                        "languages": [{"id": _id(), "name": "Spanish", "code": "es"}],
                        "service_areas": [{"id": _id(), "name": "Harbor District"}],
                        "cost_options": [
                            {"id": _id(), "option": "Deposit help", "currency": "USD",
                             "amount": 0, "amount_description": "Free"}
                        ],
                        "required_documents": [{"id": _id(), "document": "Photo ID"}],
                        "attributes": [
                            {"id": _id(), "taxonomy_term_id": term,  # link_entity implied
                             "taxonomy_term": {"id": term, "name": "Housing", "code": "housing"}}
                        ],
                        "service_at_locations": [
                            {"id": _id(), "location": {
                                "id": location, "location_type": "physical", "name": "Office",
                                "addresses": [
                                    {"id": _id(), "address_1": "410 Wharf St", "city": "Bayview",
                                     "state_province": "CA", "postal_code": "94901",
                                     "country": "US", "address_type": "physical"}
                                ],
                                "accessibility": [{"id": _id(), "description": "Step-free"}],
                            }}
                        ],
                    }
                ],
            }
        ]
    }  # fmt: skip


def _import(agency, document):
    return directory_import(agency=agency, data=json.dumps(document).encode(), imported_by=None)


def test_the_json_export_is_hsds_nested(agency):
    seed_directory(agency)
    document = json.loads(directory_export(agency=agency, fmt="json", exported_by=None))

    assert set(document) == {"hsds_version", "taxonomies", "taxonomy_terms", "organizations"}
    service = Service.objects.filter(agency=agency, phones__isnull=False).first()
    [org] = [o for o in document["organizations"] if o["id"] == str(service.organization.hsds_id)]
    [nested] = [s for s in org["services"] if s["id"] == str(service.hsds_id)]
    assert "organization_id" not in nested  # implied by where it sits
    keys = ("phones", "schedules", "languages", "service_areas", "attributes",
            "service_at_locations", "cost_options", "required_documents", "contacts")  # fmt: skip
    for key in keys:
        assert isinstance(nested[key], list), key
    assert nested["phones"] and nested["schedules"] and nested["service_at_locations"]
    [location] = org["locations"]
    assert location["addresses"] and location["accessibility"]
    assert {sal["location_id"] for sal in nested["service_at_locations"]} == {location["id"]}


def test_a_nested_export_imported_into_an_empty_directory_reproduces_it(agency):
    seed_directory(agency)
    exported = directory_export(agency=agency, fmt="json", exported_by=None)
    empty = AgencyFactory(slug="empty")

    report = _import(empty, json.loads(exported))

    assert report.ok, report.problems
    assert report.total_changed == 0
    assert directory_rows(agency=empty) == directory_rows(agency=agency)
    assert directory_export(agency=empty, fmt="json", exported_by=None) == exported
    again = _import(empty, json.loads(exported))
    assert again.ok and again.total_created == 0 and again.total_changed == 0


def test_a_hand_written_nested_document_imports_with_embedded_objects(agency):
    report = _import(agency, _document())

    assert report.ok, report.problems
    service = Service.objects.get(agency=agency)
    assert service.organization.name == "Harbor Housing"
    location = Location.objects.get(agency=agency)
    assert location.organization == service.organization  # from where the service sits
    assert ServiceAtLocation.objects.get(service=service).location == location
    assert list(service.categories.values_list("term__name", flat=True)) == ["Housing"]
    assert Phone.objects.filter(service=service).count() == 1
    assert Phone.objects.filter(organization=service.organization).count() == 1
    assert Contact.objects.get(organization=service.organization).name == "Ana Ruiz"
    assert CostOption.objects.get(service=service).amount == 0
    assert RequiredDocument.objects.get(service=service).document == "Photo ID"
    assert Accessibility.objects.get(location=location).description == "Step-free"
    assert report.skipped == ["organizations.funding"]
    assert report.skipped_reasons == [("organizations.funding", "funders are not recorded")]


def test_problems_in_nested_rows_name_the_json_path_and_nothing_is_imported(agency):
    document = _document()
    service = document["organizations"][0]["services"][0]
    service["schedules"][0]["closes_at"] = "08:00"
    service["cost_options"][0]["currency"] = "dollars"
    service["organization_id"] = _id()  # says it belongs elsewhere than where it sits

    report = _import(agency, document)

    found = {(p.file, p.line, p.field) for p in report.problems}
    assert found == {
        ("directory.json", "organizations[0].services[0].schedules[0]", "closes_at"),
        ("directory.json", "organizations[0].services[0].cost_options[0]", "currency"),
        ("directory.json", "organizations[0].services[0]", "organization_id"),
    }
    assert "organizations[0].services[0].schedules[0], closes_at" in str(report.problems[0])
    assert not Organization.objects.filter(agency=agency).exists()
    assert not Location.objects.filter(agency=agency).exists()


def test_a_missing_required_field_and_duplicate_ids_in_nested_json_are_refused(agency):
    document = _document()
    organization = document["organizations"][0]
    phone = organization["services"][0]["phones"][0]
    organization["phones"].append(dict(phone))  # the same id twice
    del organization["services"][0]["name"]

    report = _import(agency, document)

    found = {(p.line, p.field) for p in report.problems}
    assert ("organizations[0].services[0]", "name") in found
    # The second use in document order is the duplicate; the message names the first.
    assert ("organizations[0].services[0].phones[0]", "id") in found
    assert any("organizations[0].phones[1]" in p.message for p in report.problems)
    assert not Service.objects.filter(agency=agency).exists()


def test_the_flat_json_form_still_reads(agency):
    org, service = _id(), _id()
    document = {
        "organizations": [{"id": org, "name": "Food Bank", "description": "Groceries"}],
        "services": [{"id": service, "organization_id": org, "name": "Pantry", "status": "active"}],
    }
    assert _import(agency, document).ok
    assert Service.objects.get(agency=agency).organization.name == "Food Bank"


def test_the_new_tables_travel_in_the_csv_package_too(agency):
    seed_directory(agency)
    exported = directory_export(agency=agency, fmt="csv", exported_by=None)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        names = set(archive.namelist())
    assert {"contacts.csv", "cost_options.csv", "required_documents.csv", "accessibility.csv"} <= (
        names
    )
    empty = AgencyFactory(slug="empty")
    assert directory_import(agency=empty, data=exported, imported_by=None).ok
    for model in (Contact, CostOption, RequiredDocument, Accessibility):
        count = model.objects.filter(agency=agency).count()
        assert count and model.objects.filter(agency=empty).count() == count, model
