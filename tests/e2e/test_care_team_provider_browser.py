"""A case manager on a phone links the client's psychiatrist to the service directory with the
picker, is refused sending them anything without a release, then sends identity details
under a covering release and gets the printable page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from clients.models import CareProvider, Disclosure
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import (
    CareProviderFactory,
    ConsentReleaseFactory,
    OrganizationFactory,
    ServiceFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= PHONE["width"]


def _no_serious_axe_findings(page: Page) -> None:
    results = Axe().run(page)
    serious = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_link_a_provider_to_the_directory_and_send_under_a_release_on_a_phone(
    page: Page, live_server, case_manager, client_a, agency, snap
):
    from directory.models import Phone

    clinic = OrganizationFactory(agency=agency, name="Bayview Behavioral Health Clinic")
    Phone.objects.create(agency=agency, organization=clinic, number="555-0177")
    ServiceFactory(organization=clinic, agency=agency, name="Psychiatric Medication Clinic")
    provider = CareProviderFactory(
        client=client_a, name="Dr. Rosa Prescott", organization_name="", phone=""
    )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")

    # Link through the picker: type, choose, the empty organisation and phone fill in.
    page.goto(live_server.url + reverse("clients:provider_edit", args=[client_a.pk, provider.pk]))
    expect(page.locator("[data-directory-linked]")).to_be_hidden()
    page.get_by_label("Find the organisation or one of its services").fill("medication")
    choice = page.locator("[data-directory-pick]", has_text="Bayview Behavioral Health Clinic")
    expect(choice).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "provider-directory-picker")
    choice.click()
    expect(page.locator("[data-directory-linked]")).to_contain_text("Linked to")
    organisation = page.get_by_label("Organisation", exact=True)
    expect(organisation).to_have_value("Bayview Behavioral Health Clinic")
    expect(page.get_by_label("Phone", exact=True)).to_have_value("555-0177")
    _no_serious_axe_findings(page)
    snap(page, "provider-directory-linked")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The care-team member was saved.")).to_be_visible()
    provider.refresh_from_db()
    assert provider.directory_organization_id == clinic.pk
    entry = page.locator(f"#provider-{provider.pk} .directory-entry")
    expect(entry.get_by_role("link", name="Bayview Behavioral Health Clinic")).to_have_attribute(
        "href", reverse("directory:organization_detail", args=[clinic.pk])
    )
    _no_sideways_scrolling(page)
    snap(page, "care-team-linked-provider")

    # Without a release, nothing goes.
    page.locator(f"#provider-{provider.pk}").get_by_role("link", name="Send to provider").click()
    page.get_by_label("Identity and contact details", exact=False).check()
    page.get_by_label("By fax").check()
    page.get_by_role("button", name="Check the release and prepare").click()
    blocked = page.locator("#consent-blocked")
    expect(blocked).to_contain_text("No release of information names Bayview Behavioral Health")
    assert not Disclosure.objects.exists()
    _no_sideways_scrolling(page)
    _no_serious_axe_findings(page)
    snap(page, "provider-send-refused")

    # The client signs a release for the clinic: the same choice goes through and is logged.
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name="Bayview Behavioral Health Clinic",
        categories=["general", "mental_health"],
    )
    page.get_by_label("Identity and contact details", exact=False).check()
    page.get_by_label("By fax").check()
    page.get_by_role("button", name="Check the release and prepare").click()
    expect(page.get_by_role("heading", name="Information for")).to_be_visible()
    expect(page.locator("#section-identity")).to_be_visible()
    expect(page.locator("#section-appointments")).to_have_count(0)
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient_label == "Bayview Behavioral Health Clinic"
    assert CareProvider.objects.get(pk=provider.pk).directory_organization_id == clinic.pk
    _no_sideways_scrolling(page)
    _no_serious_axe_findings(page)
    snap(page, "provider-packet")
