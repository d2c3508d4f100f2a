"""An admin adds a service to the directory and edits it; a case manager on a phone searches
with a typo and finds it. An HSDS import brings a location's hours and languages and a
contact's phone, which the service's page shows; the admin adds a fee on its own page and a
front desk to the organisation's contacts."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from directory.models import Organization, Service
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import OrganizationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= page.viewport_size["width"]


def test_an_admin_adds_a_service_and_a_case_manager_finds_it_on_a_phone(
    page: Page, live_server, admin_user, case_manager, agency, snap
):
    organization = OrganizationFactory(agency=agency, name="Harbor Housing Collaborative")
    signed_in(page, live_server.url, admin_user, "/")
    expect(page.get_by_role("link", name="Directory")).to_be_visible()

    page.goto(live_server.url + organization.get_absolute_url())
    page.get_by_role("link", name="Add a service").click()
    expect(page.get_by_role("heading", name="Add a service of Harbor Housing")).to_be_visible()
    page.get_by_role("textbox", name="Name").fill("Housing Navigation")
    page.get_by_role("textbox", name="Description").fill(
        "A navigator helps with applications and deposits."
    )
    page.get_by_label("Phone").fill("(415) 555-0101")
    page.get_by_label("Housing", exact=True).check()
    page.get_by_label("Spanish").check()
    page.get_by_label("Service areas").fill("Harbor District")
    page.get_by_label("Monday opens").fill("09:00")
    page.get_by_label("Monday closes").fill("17:00")
    snap(page, "directory-service-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Housing Navigation was added.")).to_be_visible()
    expect(page.get_by_role("heading", name="Housing Navigation")).to_be_visible()
    service = Service.objects.get(name="Housing Navigation")
    assert service.agency_id == agency.pk

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Eligibility").fill("Adults who are homeless or about to be.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Adults who are homeless or about to be.")).to_be_visible()
    snap(page, "directory-service-detail")
    service.refresh_from_db()
    assert service.version == 2

    page.goto(live_server.url + reverse("directory:manage"))
    expect(page.get_by_role("link", name="Harbor Housing Collaborative")).to_be_visible()
    snap(page, "directory-manage")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("HSDS package").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"id,name\nx,y\n"}]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Nothing was imported")).to_be_visible()
    snap(page, "directory-import-refused")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(live_server.url + reverse("directory:search"))
    page.get_by_role("searchbox", name="Search services").fill("housng")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("link", name="Housing Navigation")).to_be_visible()
    expect(page.get_by_text("1 service matching “housng”")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "directory-search")
    page.get_by_role("link", name="Housing Navigation").click()
    expect(page.get_by_role("link", name="(415) 555-0101")).to_be_visible()
    _no_sideways_scrolling(page)


def test_an_admin_imports_hsds_json_and_exports_it_nested_from_the_directory_pages(
    page: Page, live_server, admin_user, case_manager, agency, snap
):
    org, service, location, term = (str(uuid.uuid4()) for _ in range(4))
    document = {
        "hsds_version": "3.0",
        "organizations": [{
            "id": org, "name": "Harbor Housing Collaborative", "description": "Housing help",
            "funding": [{"id": str(uuid.uuid4()), "source": "County grant"}],
            "contacts": [{"id": str(uuid.uuid4()), "name": "Ana Ruiz", "title": "Intake",
                          "phones": [{"id": str(uuid.uuid4()), "number": "(415) 555-0142",
                                      "extension": 12}]}],
            "locations": [{
                "id": location, "location_type": "physical", "name": "Wharf office",
                "accessibility": [{"id": str(uuid.uuid4()), "description": "Step-free entrance"}],
                "schedules": [
                    {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                     "opens_at": "09:00", "closes_at": "17:00"},
                    {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "SA",
                     "opens_at": "10:00", "closes_at": "13:00", "description": "Drop-in only"},
                ],
                "languages": [{"id": str(uuid.uuid4()), "name": "Spanish", "code": "es"},
                              {"id": str(uuid.uuid4()), "name": "Vietnamese", "code": "vi"}],
            }],
            "services": [{
                "id": service, "name": "Housing Navigation", "status": "active",
                "description": "A navigator helps with applications and deposits.",
                "phones": [{"id": str(uuid.uuid4()), "number": "(415) 555-0101"}],
                "cost_options": [{"id": str(uuid.uuid4()), "option": "Deposit help",
                                  "amount": 0, "currency": "USD"}],
                "required_documents": [{"id": str(uuid.uuid4()), "document": "Photo ID"}],
                "service_at_locations": [{"id": str(uuid.uuid4()), "location_id": location}],
                "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term_id": term,
                                "taxonomy_term": {"id": term, "name": "Housing",
                                                  "description": "Housing help"}}],
            }],
        }],
    }  # fmt: skip
    signed_in(page, live_server.url, admin_user)
    page.goto(live_server.url + reverse("directory:manage"))
    page.get_by_role("link", name="Import").click()
    page.get_by_label("HSDS package").set_input_files(
        files=[{"name": "directory.json", "mimeType": "application/json",
                "buffer": json.dumps(document).encode()}]
    )  # fmt: skip
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Imported: 17 rows added, 0 changed.")).to_be_visible()
    expect(page.locator(".import-counts")).to_contain_text("funding: 1 added")
    _no_sideways_scrolling(page)
    snap(page, "directory-import-json")
    assert Service.objects.get(agency=agency).name == "Housing Navigation"

    page.goto(live_server.url + reverse("directory:export"))
    page.get_by_label("JSON").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    exported = json.loads(Path(download.value.path()).read_text())
    [organization] = exported["organizations"]
    assert organization["services"][0]["required_documents"][0]["document"] == "Photo ID"
    assert organization["locations"][0]["accessibility"][0]["description"] == "Step-free entrance"
    assert {s["byday"] for s in organization["locations"][0]["schedules"]} == {
        "MO,TU,WE,TH,FR",
        "SA",
    }
    # A JSON number, as HSDS types it.
    assert organization["contacts"][0]["phones"][0]["extension"] == 12

    # The admin adds a fee on the service's contacts, fees and documents page.
    page.goto(live_server.url + Service.objects.get(agency=agency).get_absolute_url())
    page.get_by_role("link", name="Contacts, fees and documents").click()
    fees = page.locator("#fees")
    fees.get_by_label("What it is for").last.fill("Application fee")
    fees.get_by_label("Amount").last.fill("-5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A fee cannot be negative.")).to_be_visible()
    snap(page, "directory-service-details-refused")
    page.locator("#fees").get_by_label("Amount").last.fill("15")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("were saved")).to_be_visible()

    # ... and a front desk to the organisation's own contacts, on their page.
    page.goto(live_server.url + Organization.objects.get(agency=agency).get_absolute_url())
    page.get_by_role("link", name="Edit contacts").click()
    desk = page.locator(".detail-row").last
    desk.get_by_label("Title").fill("Front desk")
    desk.get_by_label("E-mail").fill("desk at harbor")
    desk.get_by_label("Phone").fill("(415) 555-0150")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()
    snap(page, "directory-organization-contacts-refused")
    page.locator(".detail-row").last.get_by_label("E-mail").fill("desk@harbor.example")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("The contacts of Harbor Housing Collaborative were saved.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="(415) 555-0150")).to_have_attribute(
        "href", "tel:4155550150"
    )
    expect(page.get_by_role("link", name="(415) 555-0142 ext. 12")).to_be_visible()
    snap(page, "directory-organization-contacts")

    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + Service.objects.get(agency=agency).get_absolute_url())
    for text in ("Photo ID", "Deposit help: no charge", "Application fee: 15.00 USD"):
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_text("Ana Ruiz, Intake")).to_be_visible()
    expect(page.get_by_text("Access: Step-free entrance")).to_be_visible()
    hours = page.locator(".location-hours")
    expect(hours).to_contain_text("Mon–Fri")
    expect(hours).to_contain_text("09:00–17:00")
    expect(hours).to_contain_text("Drop-in only")
    expect(page.locator(".location-languages")).to_contain_text("Spanish, Vietnamese")
    phone = page.get_by_role("link", name="(415) 555-0142 ext. 12")
    expect(phone).to_have_attribute("href", "tel:4155550142,12")
    _no_sideways_scrolling(page)
    snap(page, "directory-service-extras")
