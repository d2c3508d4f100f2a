"""The record leaves in standard form, in a real browser: a case manager downloads the FHIR
bundle (validated by the R4B models) and opens the client's readable copy; a compliance
reviewer prints an accounting that holds a disclosure to a court made without a release; an
admin exports the whole agency and watches the progress bar."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from exports.models import AgencyExport
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.exports.conftest import add_everything

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _fits_a_phone(page: Page) -> None:
    was = page.viewport_size
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]
    page.set_viewport_size(was)


def test_a_case_manager_downloads_the_bundle_and_hands_the_client_a_copy(
    page: Page, live_server, case_manager, supervisor, client_a, snap
):
    add_everything(client_a, author=case_manager, supervisor=supervisor)
    signed_in(page, live_server.url, case_manager)
    page.goto(f"{live_server.url}/clients/{client_a.pk}/export/")
    expect(page.get_by_role("heading", name="A copy for the client")).to_be_visible()
    snap(page, "exports-client")
    with page.expect_download() as fhir:
        page.locator("#download-fhir").click()
    bundle = json.loads(open(fhir.value.path(), "rb").read())
    Bundle.model_validate(bundle)
    assert fhir.value.suggested_filename.endswith(".fhir.json")

    with page.expect_download() as copy:
        page.locator("#download-copy").click()
    assert copy.value.suggested_filename.endswith(".zip")

    page.get_by_role("link", name="Read or print it here").click()
    expect(page.get_by_role("heading", name="Your care plan")).to_be_visible()
    expect(page.get_by_text("“I want my own place”")).to_be_visible()
    expect(page.get_by_text("What this copy leaves out, and why")).to_be_visible()
    _fits_a_phone(page)
    snap(page, "exports-client-copy")


def test_a_compliance_reviewer_prints_an_accounting_with_a_court_disclosure(
    page: Page, live_server, case_manager, compliance, client_a, snap
):
    signed_in(page, live_server.url, case_manager)
    page.goto(f"{live_server.url}/clients/{client_a.pk}/disclosures/")
    page.get_by_role("link", name="Log one made without a release").click()
    page.get_by_label("Legal basis").select_option("court_order")
    page.get_by_label("An organisation").check()
    page.get_by_label("Name of the person or organisation").fill("Superior Court of Bay County")
    page.get_by_label("Recipient's address").fill("400 County Center, Redwood City, CA 94063")
    page.get_by_label("Mental-health assessment, care plan and progress notes").check()
    page.get_by_label("What was disclosed").fill("Progress notes, March to May")
    page.get_by_label("Purpose").fill("Order in the conservatorship hearing")
    page.get_by_label("How").select_option("letter")
    page.get_by_role("button", name="Log the disclosure").click()
    expect(page.get_by_text("Give the order's or subpoena's reference")).to_be_visible()
    snap(page, "exports-disclosure-on-basis-refused")
    page.get_by_label("Order, subpoena or request reference").fill("Case 25-PR-0113, 2 June")
    page.get_by_role("button", name="Log the disclosure").click()
    expect(page.get_by_text("was logged")).to_be_visible()
    page.context.clear_cookies()  # the compliance reviewer signs in next

    signed_in(page, live_server.url, compliance)
    page.goto(f"{live_server.url}/clients/{client_a.pk}/disclosures/")
    heading = page.get_by_role("heading", name="Disclosures HIPAA requires in this accounting")
    required = page.locator("section", has=heading)
    expect(required.get_by_text("Superior Court of Bay County")).to_be_visible()
    expect(required.get_by_text("400 County Center, Redwood City, CA 94063")).to_be_visible()
    expect(required.get_by_text("Ref. Case 25-PR-0113, 2 June")).to_be_visible()
    _fits_a_phone(page)
    snap(page, "exports-accounting")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    page.emulate_media(media="screen")


def test_an_admin_exports_the_whole_agency_with_a_progress_bar(
    page: Page, live_server, admin_user, case_manager, supervisor, client_a, snap
):
    add_everything(client_a, author=case_manager, supervisor=supervisor)
    # An export being built (as a worker would leave it half-way), to watch the bar move.
    running = AgencyExport.objects.create(
        agency=client_a.agency, requested_by=admin_user, status="running",
        clients_total=10, clients_done=4, started_at=timezone.now(), touched_at=timezone.now(),
    )  # fmt: skip
    signed_in(page, live_server.url, admin_user)
    page.goto(f"{live_server.url}/exports/agency/")
    bar = page.locator(f"#progress-{running.pk}")
    expect(bar).to_have_attribute("value", "40")
    expect(page.get_by_role("button", name="Start an export")).to_be_disabled()
    snap(page, "exports-agency-progress")
    AgencyExport.objects.filter(pk=running.pk).update(clients_done=7)
    expect(bar).to_have_attribute("value", "70", timeout=6_000)  # htmx polled the row
    AgencyExport.objects.filter(pk=running.pk).update(status="failed", error="Stopped by the test.")
    expect(page.locator(f"#export-{running.pk}").get_by_text("Failed")).to_be_visible(timeout=6_000)

    page.reload()
    page.get_by_role("button", name="Start an export").click()  # built eagerly in tests
    expect(page.get_by_text("The export has started")).to_be_visible()
    download_link = page.locator("#download-agency")
    expect(download_link).to_be_visible()
    snap(page, "exports-agency-done")
    with page.expect_download() as done:
        download_link.click()
    assert done.value.suggested_filename.endswith(".zip")
