"""HSDS semantics, not stricter ones: several parent ids on one row are kept; an object
repeated by id is one object (and copies that disagree block); text has no length limit;
codes are normalised and checked against the ISO lists; latitude and longitude in range;
wrong JSON types block with their path; links to rows outside the package are warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from directory.hsds.importer import directory_import
from directory.models import (
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Service,
)
from tests.directory import hsds_fixtures as fx

pytestmark = pytest.mark.django_db


def _import(agency, document, **kwargs):
    return directory_import(agency=agency, data=fx.as_bytes(document), imported_by=None, **kwargs)


def test_a_phone_repeated_in_four_places_is_one_phone_with_four_parents(agency):
    report = _import(agency, fx.organization())

    assert report.ok, report.problems
    [phone] = Phone.objects.filter(agency=agency)
    assert phone.extension == 12
    assert phone.organization.hsds_id.hex == fx.ORG.replace("-", "")
    assert phone.service.name == "Housing Navigation"
    assert phone.location.name == "Harbor Office"
    assert phone.contact.name == "Ana Ruiz"
    assert report.created["phones"] == 1
    # The contact sits in the service at a location: that is its parent.
    assert Contact.objects.get(agency=agency).service_at_location.hsds_id.hex == fx.SAL.replace(
        "-", ""
    )


def test_copies_of_one_object_that_disagree_block_the_import(agency):
    document = fx.organization()
    document["locations"][0]["phones"][0] = {**fx.PHONE_OBJECT, "number": "(415) 555-0199"}

    report = _import(agency, document)

    [problem] = report.problems
    assert (problem.line, problem.field) == ("$.locations[0].phones[0]", "number")
    assert "(415) 555-0101" in problem.message and "(415) 555-0199" in problem.message
    assert not Organization.objects.filter(agency=agency).exists()


def test_a_contact_shared_by_two_services_keeps_the_first_and_says_so(agency):
    document = fx.organization()
    other = {"id": "a1f0b7a4-0000-4000-8000-0000000000aa", "name": "Food", "status": "active",
             "contacts": [{"id": fx.CONTACT, "name": "Ana Ruiz"}]}  # fmt: skip
    document["services"][0]["contacts"] = [{"id": fx.CONTACT, "name": "Ana Ruiz"}]
    document["services"].append(other)

    report = _import(agency, document)

    assert report.ok
    assert Contact.objects.get(agency=agency).service.name == "Housing Navigation"
    [warning] = [w for w in report.warnings if w.field == "service_id"]
    assert warning.line == "$.services[1].contacts[0]" and "first" in warning.message


def test_long_text_is_kept_whole(agency):
    document = fx.organization()
    document["name"] = "Harbor " * 200
    document["services"][0]["service_areas"] = [
        {"id": "a1f0b7a4-0000-4000-8000-0000000000ab", "name": "The whole county " * 20}
    ]
    assert _import(agency, document).ok
    assert Organization.objects.get(agency=agency).name == "Harbor " * 200
    assert len(Service.objects.get(agency=agency).service_areas.get().name) == 340


def test_codes_are_normalised_and_checked_against_the_iso_lists(agency):
    document = fx.organization()
    document["services"][0]["languages"] = [
        {"id": "a1f0b7a4-0000-4000-8000-0000000000ac", "name": "Spanish", "code": "ES"},
        {"id": "a1f0b7a4-0000-4000-8000-0000000000ad", "name": "Klingon", "code": "zz"},
    ]

    report = _import(agency, document)

    assert report.ok, report.problems
    assert Address.objects.get(agency=agency).country == "US"  # published as "us"
    assert CostOption.objects.get(agency=agency).currency == "USD"  # published as "usd"
    assert CostOption.objects.get(agency=agency).amount == Decimal("25.5")
    codes = dict(Language.objects.filter(agency=agency).values_list("name", "code"))
    assert codes == {"Spanish": "es", "Klingon": ""}
    [warning] = [w for w in report.warnings if w.field == "code"]
    assert "'zz' is not an ISO 639 language code" in warning.message


def test_an_unknown_country_blocks_an_address_and_an_unknown_currency_is_left_out(agency):
    document = fx.organization()
    document["locations"][0]["addresses"][0]["country"] = "QQ"
    document["services"][0]["cost_options"][0]["currency"] = "XYZ"

    report = _import(agency, document)

    [problem] = report.problems
    assert (problem.line, problem.field) == ("$.locations[0].addresses[0]", "country")
    assert any(w.field == "currency" and "ISO 4217" in w.message for w in report.warnings)


def test_coordinates_out_of_range_are_left_out_with_a_warning(agency):
    document = fx.organization()
    document["locations"][0].update(latitude=123.4, longitude=-122.4193)

    report = _import(agency, document)

    location = Location.objects.get(agency=agency)
    assert (location.latitude, location.longitude) == (None, -122.4193)
    [warning] = [w for w in report.warnings if w.field == "latitude"]
    assert warning.message == "123.4 is outside -90 to 90; left out."


def test_wrong_json_types_and_missing_required_fields_block_with_their_path(agency):
    document = fx.organization()
    document["services"][0]["minimum_age"] = "12"
    document["locations"][0]["latitude"] = "37.7"
    del document["services"][0]["status"]

    report = _import(agency, document)

    found = {(p.line, p.field): p.message for p in report.problems}
    assert found[("$.services[0]", "minimum_age")].startswith("Expected a number, found text")
    assert found[("$.locations[0]", "latitude")].startswith("Expected a number, found text")
    assert found[("$.services[0]", "status")] == "Required; missing."
    assert not Organization.objects.filter(agency=agency).exists()


def test_a_parent_organisation_outside_the_package_is_a_warning_and_one_inside_is_kept(agency):
    parent = {"id": "a1f0b7a4-0000-4000-8000-0000000000ae", "name": "County", "description": "C"}
    child = {**fx.organization(), "parent_organization_id": fx.ELSEWHERE}

    report = _import(agency, [parent, child])
    assert report.ok
    [warning] = [w for w in report.warnings if w.field == "parent_organization_id"]
    assert warning.line == "$[1]" and fx.ELSEWHERE in warning.message

    child["parent_organization_id"] = parent["id"]
    again = _import(agency, [parent, child])
    assert again.ok and again.changed == {"organizations": 1} | {
        k: 0 for k in again.changed if k != "organizations"
    }
    assert Organization.objects.get(hsds_id=fx.ORG).parent_organization.name == "County"


def test_fields_hsds_does_not_define_are_named_and_not_kept(agency):
    document = fx.organization()
    document["x_referral_fax"] = "555-0000"
    report = _import(agency, document)
    assert report.ok
    [warning] = [w for w in report.warnings if w.field == "x_referral_fax"]
    assert warning.line == "$" and "not kept" in warning.message


def test_an_import_never_deletes_and_a_package_without_an_extension_field_keeps_it(agency):
    assert _import(agency, fx.organization()).ok
    Organization.objects.filter(agency=agency).update(is_active=False)
    document = fx.organization()
    del document["services"]

    assert _import(agency, document).ok

    assert Service.objects.filter(agency=agency).count() == 1
    assert Organization.objects.get(agency=agency).is_active is False


def test_json_is_read_with_the_problem_line_when_it_is_broken(agency):
    report = directory_import(agency=agency, data=b'{"id": 1,\n "name": }', imported_by=None)
    [problem] = report.problems
    assert problem.line == 2 and "Not valid JSON" in problem.message
