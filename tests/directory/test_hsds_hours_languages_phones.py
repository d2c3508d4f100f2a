"""Opening hours and languages of a location, and a contact's own phones: the model rules,
their import in both forms (validated per line or JSON path, all or nothing, idempotent),
and their way back out in an export."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import IntegrityError

from directory.demo import seed_directory
from directory.hsds.exporter import directory_export, directory_rows
from directory.hsds.importer import directory_import
from directory.models import Contact, Language, Location, Phone, Schedule
from tests.directory.test_directory_import import _zip
from tests.factories import AgencyFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _id() -> str:
    return str(uuid.uuid4())


def _package(
    schedules: str = "", languages: str = "", phones: str = ""
) -> tuple[dict[str, str], dict[str, str]]:
    """A small CSV package with one organisation, service, location and contact; returns
    the files and the ids. The extra tables' rows are formatted with the ids."""
    ids = {k: _id() for k in ("org", "service", "location", "contact")}
    files = {
        "organizations.csv": f"id,name,description\n{ids['org']},Harbor Housing,Housing help\n",
        "services.csv": (
            "id,organization_id,name,status\n"
            f"{ids['service']},{ids['org']},Housing Navigation,active\n"
        ),
        "locations.csv": (
            f"id,organization_id,location_type,name\n{ids['location']},{ids['org']},physical,Office\n"
        ),
        "contacts.csv": f"id,service_id,name\n{ids['contact']},{ids['service']},Ana Ruiz\n",
    }
    header = {
        "schedules.csv": "id,service_id,location_id,freq,byday,opens_at,closes_at,description\n",
        "languages.csv": "id,service_id,location_id,name,code\n",
        "phones.csv": "id,organization_id,service_id,location_id,contact_id,number,extension\n",
    }
    for name, rows in (
        ("schedules.csv", schedules),
        ("languages.csv", languages),
        ("phones.csv", phones),
    ):
        if rows:
            files[name] = header[name] + rows.format(**ids)
    return files, ids


_GOOD = {
    "schedules": ',,{location},WEEKLY,"MO,TU,WE",09:00,17:00,Front desk\n',
    "languages": ",,{location},Spanish,es\n",
    "phones": ",,,,{contact},(415) 555-0101,12\n",
}


def _good_rows() -> dict[str, str]:
    return {name: _id() + row for name, row in _GOOD.items()}


# The model's rules ---------------------------------------------------------------------


def test_a_schedule_belongs_to_a_service_or_a_location_not_both(agency):
    service = ServiceFactory(organization__agency=agency)
    location = Location.objects.create(agency=agency, organization=service.organization)
    hours = {"agency": agency, "byday": "MO", "opens_at": "09:00", "closes_at": "17:00"}
    Schedule.objects.create(location=location, **hours)
    with pytest.raises(IntegrityError):
        Schedule.objects.create(service=service, location=location, **hours)


def test_a_language_needs_a_service_or_a_location(agency):
    with pytest.raises(IntegrityError):
        Language.objects.create(agency=agency, name="Spanish", code="es")


def test_a_contacts_phone_has_no_second_parent(agency):
    service = ServiceFactory(organization__agency=agency)
    contact = Contact.objects.create(agency=agency, service=service, name="Ana")
    phone = Phone.objects.create(agency=agency, contact=contact, number="555-0101", extension="12")
    assert list(contact.phones.all()) == [phone]
    assert phone.tel == "5550101,12"
    with pytest.raises(IntegrityError):
        Phone.objects.create(agency=agency, contact=contact, service=service, number="555-0102")


# Import: CSV ---------------------------------------------------------------------------


def test_location_hours_languages_and_contact_phones_import_from_csv(agency):
    files, ids = _package(**_good_rows())

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert report.ok, report.problems
    assert report.skipped == []
    location = Location.objects.get(agency=agency, hsds_id=ids["location"])
    [hours] = location.schedules.all()
    assert (hours.days_label, hours.description, hours.service) == ("Mon–Wed", "Front desk", None)
    assert [lang.code for lang in location.languages.all()] == ["es"]
    contact = Contact.objects.get(agency=agency, hsds_id=ids["contact"])
    assert [(p.number, p.extension) for p in contact.phones.all()] == [("(415) 555-0101", "12")]


def test_importing_the_same_csv_package_twice_changes_nothing(agency):
    data = _zip(_package(**_good_rows())[0])
    assert directory_import(agency=agency, data=data, imported_by=None).ok

    again = directory_import(agency=agency, data=data, imported_by=None)

    assert again.ok and again.total_created == 0 and again.total_changed == 0
    assert Schedule.objects.filter(agency=agency).count() == 1
    assert Phone.objects.filter(agency=agency, contact__isnull=False).count() == 1


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_imported(agency):
    schedules = (
        _id() + ",,{location},WEEKLY,MO,09:00,17:00,\n"
        + _id() + ",,{location},WEEKLY,XX,09:00,17:00,\n"  # line 3: no such day
        + _id() + ",{service},,WEEKLY,MO,17:00,09:00,\n"  # line 4: closes before it opens
        + _id() + ",,,WEEKLY,MO,09:00,17:00,\n"  # line 5: no parent
        + _id() + ",,{location},WEEKLY,MO,09:00,17:00,\n"
    )  # fmt: skip
    languages = _id() + ",{service},{location},Spanish,es\n" + _id() + ",,{location},Klingon,tlh1\n"
    phones = _id() + f",,,,{_id()},555-0101,\n"  # a contact the package does not have
    files, _ids = _package(schedules=schedules, languages=languages, phones=phones)

    report = directory_import(agency=agency, data=_zip(files), imported_by=None)

    assert sorted((p.file, p.line, p.field) for p in report.problems) == [
        ("languages.csv", 2, ""),  # a service and a location
        ("languages.csv", 3, "code"),
        ("phones.csv", 2, "contact_id"),
        ("schedules.csv", 3, "byday"),
        ("schedules.csv", 4, "closes_at"),
        ("schedules.csv", 5, ""),
    ]
    assert "Needs exactly one of service_id, location_id." in {p.message for p in report.problems}
    assert not Location.objects.filter(agency=agency).exists()
    assert not Schedule.objects.filter(agency=agency).exists()


# Import: nested JSON -------------------------------------------------------------------


def _document() -> dict:
    org, location, service, contact = _id(), _id(), _id(), _id()
    return {
        "organizations": [
            {
                "id": org, "name": "Harbor Housing", "description": "Housing help",
                "locations": [
                    {
                        "id": location, "location_type": "physical", "name": "Office",
                        "schedules": [
                            {"id": _id(), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                             "opens_at": "09:00", "closes_at": "17:00"},
                            {"id": _id(), "freq": "WEEKLY", "byday": "SA",
                             "opens_at": "10:00", "closes_at": "14:00"},
                        ],
                        "languages": [{"id": _id(), "name": "Vietnamese", "code": "vi"}],
                    }
                ],
                "services": [
                    {
                        "id": service, "name": "Housing Navigation", "status": "active",
                        "contacts": [
                            {"id": contact, "name": "Ana Ruiz",
                             "phones": [{"id": _id(), "number": "(415) 555-0111"}]}
                        ],
                    }
                ],
            }
        ]
    }  # fmt: skip


def _import(agency, document):
    return directory_import(agency=agency, data=json.dumps(document).encode(), imported_by=None)


def test_nested_json_brings_location_hours_and_languages_and_contact_phones(agency):
    document = _document()

    report = _import(agency, document)

    assert report.ok, report.problems
    assert report.skipped == []  # no longer "locations.schedules" and the like
    location = Location.objects.get(agency=agency)
    assert [s.days_label for s in location.schedules.order_by("id")] == ["Mon–Fri", "Sat"]
    assert [lang.name for lang in location.languages.all()] == ["Vietnamese"]
    assert Contact.objects.get(agency=agency).phones.get().number == "(415) 555-0111"
    again = _import(agency, document)
    assert again.ok and again.total_created == 0 and again.total_changed == 0


def test_problems_in_nested_hours_and_phones_name_the_json_path(agency):
    document = _document()
    org = document["organizations"][0]
    org["locations"][0]["schedules"][1]["closes_at"] = "08:00"
    org["locations"][0]["languages"][0]["code"] = "Vietnamese"
    del org["services"][0]["contacts"][0]["phones"][0]["number"]

    report = _import(agency, document)

    assert sorted((p.line, p.field) for p in report.problems) == [
        ("organizations[0].locations[0].languages[0]", "code"),
        ("organizations[0].locations[0].schedules[1]", "closes_at"),
        ("organizations[0].services[0].contacts[0].phones[0]", "number"),
    ]
    assert not Location.objects.filter(agency=agency).exists()


# Export ---------------------------------------------------------------------------------


def test_the_nested_export_puts_them_where_hsds_does(agency):
    assert _import(agency, _document()).ok

    document = json.loads(directory_export(agency=agency, fmt="json", exported_by=None))

    [org] = document["organizations"]
    [location] = org["locations"]
    assert [s["byday"] for s in location["schedules"]] and location["languages"][0]["code"] == "vi"
    assert "location_id" not in location["schedules"][0]  # implied by where it sits
    [contact] = org["services"][0]["contacts"]
    assert contact["phones"][0]["number"] == "(415) 555-0111"
    assert org["services"][0]["schedules"] == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_demo_directorys_location_hours_languages_and_contact_phones_round_trip(agency, fmt):
    seed_directory(agency)
    assert Schedule.objects.filter(agency=agency, location__isnull=False).exists()
    assert Language.objects.filter(agency=agency, location__isnull=False).exists()
    assert Phone.objects.filter(agency=agency, contact__isnull=False).exists()
    exported = directory_export(agency=agency, fmt=fmt, exported_by=None)
    empty = AgencyFactory(slug="empty")

    report = directory_import(agency=empty, data=exported, imported_by=None)

    assert report.ok, report.problems
    assert report.skipped == []
    rows = directory_rows(agency=empty)
    assert rows == directory_rows(agency=agency)
    assert any(r["location_id"] for r in rows["schedules"])
    assert any(r["location_id"] for r in rows["languages"])
    assert any(r["contact_id"] for r in rows["phones"])
