"""A case manager on a phone records a release with its signed scan; the people panel shows
what the sister may be told; a disclosure the release does not cover is refused with the
reason; a covered one lands in the printable accounting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import ConsentRelease, Disclosure
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import AssignmentFactory, ConsentReleaseFactory, RelatedPersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _blocking_violations(page: Page) -> list[str]:
    """Serious and critical accessibility findings (axe-core)."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _no_sideways_scrolling(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]


def test_a_case_manager_records_a_release_and_the_gate_enforces_it(
    page: Page, live_server, case_manager, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    sister = RelatedPersonFactory(client=client_a, full_name="Sara Sister")
    RelatedPersonFactory(client=client_a, full_name="Bo Brother", relationship="brother")
    # An older release to an organisation, expiring soon, for the panel and the list.
    ConsentReleaseFactory(
        client=client_a, recipient_kind="organization", related_person=None,
        recipient_name="Harbor Community Clinic", categories=["general", "substance_use"],
        expires_on=timezone.localdate() + timedelta(days=12), created_by=case_manager,
    )  # fmt: skip
    base = live_server.url
    page.set_viewport_size(PHONE)
    signed_in(page, base, case_manager)

    page.goto(base + reverse("clients:consent_create", args=[client_a.pk]) + f"?person={sister.pk}")
    expect(page.get_by_role("heading", name="Record a release of information")).to_be_visible()
    _no_sideways_scrolling(page)
    page.get_by_label("General and demographic").check()
    page.get_by_label("Mental-health assessment, care plan and progress notes").check()
    page.get_by_label("Purpose").fill("To involve her sister in the care plan")
    expires = (timezone.localdate() + timedelta(days=365)).isoformat()
    page.get_by_label("Expires on").fill(expires)
    page.get_by_label("Signature", exact=True).select_option("wet")
    page.get_by_label("Signed on").fill(timezone.localdate().isoformat())
    page.get_by_label("Told of the right to revoke in writing, and how").check()
    page.get_by_label("Told that services do not depend on signing").check()
    page.get_by_label("Told that the recipient may re-disclose").check()
    page.get_by_label("Signed form (scan or photo)").set_input_files(
        {"name": "signed-release.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    snap(page, "consent-record-form")
    assert _blocking_violations(page) == []
    page.get_by_role("button", name="Save the release").click()

    expect(page.get_by_role("heading", name="Release to Sara Sister")).to_be_visible()
    expect(page.locator(".badge", has_text="Active")).to_be_visible()
    expect(page.get_by_role("link", name="Download the signed form")).to_be_visible()
    consent = ConsentRelease.objects.get(related_person=sister)
    assert consent.has_form and consent.form_content_type == "application/pdf"
    _no_sideways_scrolling(page)
    snap(page, "consent-detail")
    assert _blocking_violations(page) == []

    # The people panel says what each person may be told.
    page.goto(base + reverse("clients:people", args=[client_a.pk]))
    sara = page.locator(f"#person-{sister.pk}")
    expect(sara).to_contain_text("May be told: general, mental health")
    expect(page.get_by_text("Sharing: no release on file — nothing may be shared")).to_be_visible()
    snap(page, "consent-people-sharing")

    # Substance-use records are not covered: refused, with the reason and a way out.
    page.goto(
        base + reverse("clients:disclosure_create", args=[client_a.pk]) + f"?person={sister.pk}"
    )
    page.get_by_label("Substance-use records (42 CFR Part 2)").check()
    page.get_by_label("What was disclosed").fill("Attendance at group")
    page.locator("#id_method").select_option("phone")
    page.get_by_role("button", name="Check and log").click()
    blocked = page.locator("#consent-blocked")
    expect(blocked).to_contain_text("does not cover substance use (Part 2)")
    expect(blocked.get_by_role("link", name="Record a release")).to_be_visible()
    assert not Disclosure.objects.exists()
    _no_sideways_scrolling(page)
    snap(page, "consent-disclosure-blocked")
    assert _blocking_violations(page) == []

    page.get_by_label("Substance-use records (42 CFR Part 2)").uncheck()
    page.get_by_label("General and demographic").check()
    page.get_by_label("What was disclosed").fill("Date of the next appointment")
    page.get_by_role("button", name="Check and log").click()

    expect(page.get_by_role("heading", name="Accounting of disclosures")).to_be_visible()
    expect(page.get_by_role("cell", name="Sara Sister")).to_be_visible()
    expect(page.get_by_text("Date of the next appointment")).to_be_visible()
    assert Disclosure.objects.get().consent == consent
    snap(page, "consent-accounting")
    assert _blocking_violations(page) == []

    page.goto(base + reverse("clients:detail", args=[client_a.pk]))
    panel = page.locator(".consent-panel")
    expect(panel).to_contain_text("To Sara Sister")
    expect(panel).to_contain_text("Bo Brother")
    snap(page, "consent-record-panel")
    assert _blocking_violations(page) == []

    page.goto(base + reverse("clients:consents_expiring"))
    expect(page.get_by_text("To Harbor Community Clinic")).to_be_visible()
    snap(page, "consent-expiring")
    assert _blocking_violations(page) == []
