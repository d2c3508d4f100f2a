"""An agency admin uploads the HSDS spec's own examples exactly as published: the CSV example
(checked first, then imported) and organization_full.json. The page says what shape it read,
what was imported and every warning; the service is then found in search with its opening
hours, and its page says the schedule has ended. A shelter's free beds show in search."""

from __future__ import annotations

import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from directory.models import Service, ServiceCapacity, Unit
from tests.directory.hsds_fixtures import SPEC
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import ServiceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= page.viewport_size["width"]


def test_an_admin_imports_the_spec_examples_and_finds_the_service(
    page: Page, live_server, admin_user, agency, tmp_path, snap
):
    csv_example = tmp_path / "hsds-csv-example.zip"
    with zipfile.ZipFile(csv_example, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((SPEC / "examples" / "csv").iterdir()):
            archive.write(path, f"csv/{path.name}")
    signed_in(page, live_server.url, admin_user)

    page.goto(live_server.url + reverse("directory:import"))
    page.get_by_label("HSDS package").set_input_files(str(csv_example))
    page.get_by_label("Check only: list the problems").check()
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-shape")).to_contain_text("A zip of CSV files")
    expect(page.get_by_text("Checked only, nothing imported.")).to_be_visible()
    warnings = page.locator(".import-warnings")
    expect(warnings).to_contain_text("latitude")
    expect(warnings).to_contain_text("100 is outside -90 to 90; left out.")
    expect(warnings).to_contain_text("A metadata row is not kept")
    assert not Service.objects.exists()
    snap(page, "directory-import-csv-example-check")

    page.get_by_label("HSDS package").set_input_files(
        str(SPEC / "examples" / "organization_full.json")
    )
    page.get_by_label("Check only: list the problems").uncheck()
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".import-shape")).to_contain_text("A single HSDS organization (JSON)")
    expect(page.get_by_text("Imported:")).to_be_visible()
    expect(page.locator(".import-counts")).to_contain_text("phones: 1 added")
    warnings = page.locator(".import-warnings")
    expect(warnings).to_contain_text("parent_organization_id")
    expect(warnings).to_contain_text("'link_entity' does not say what it sits in")
    expect(warnings).to_contain_text("RFC 5545 allows count or until, not both")
    _no_sideways_scrolling(page)
    snap(page, "directory-import-spec-example")
    assert Service.objects.get().name == "Community Counselling"

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("directory:search") + "?q=counseling")
    result = page.locator(".directory-result").filter(has_text="Community Counselling")
    expect(result).to_contain_text("Thu, Fri in weeks 41, 42")
    expect(result).to_contain_text("10:00–18:00 (UTC+3), 3 times")
    expect(result).to_contain_text("until 1 Jan 2005")
    expect(result).not_to_contain_text("Open now")
    _no_sideways_scrolling(page)
    snap(page, "directory-search-imported-service")

    result.get_by_role("link", name="Community Counselling").click()
    hours = page.locator(".directory-hours")
    expect(hours.first).to_contain_text("10:00–18:00 (UTC+3), 3 times, from 1 Jan 2005")
    expect(hours.first).to_contain_text("Ended")
    expect(page.get_by_text("More on the web")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "directory-imported-service-detail")


def test_a_shelters_free_beds_show_in_search_and_an_admin_updates_them(
    page: Page, live_server, admin_user, agency, snap
):
    shelter = ServiceFactory(organization__agency=agency, name="Emergency Shelter Beds")
    ServiceCapacity.objects.create(
        agency=agency, service=shelter, unit=Unit.objects.create(agency=agency, name="Bed"),
        available=6, maximum=120, updated=timezone.now(),
    )  # fmt: skip
    signed_in(page, live_server.url, admin_user)

    page.goto(live_server.url + shelter.get_absolute_url())
    page.get_by_role("link", name="Capacity").click()
    form = page.locator(".capacity-form")
    form.get_by_label("Available now").fill("4")
    snap(page, "directory-capacity-form")
    form.get_by_role("button", name="Update").click()
    expect(page.get_by_text("The capacity of Emergency Shelter Beds was updated.")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("directory:search") + "?q=shelter")
    expect(page.locator(".service-capacity")).to_have_text("4 of 120 beds free")
    _no_sideways_scrolling(page)
    snap(page, "directory-search-capacity")
