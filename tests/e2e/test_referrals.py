"""A case manager on a phone finds a housing service, refers a client under a covering
release, and follows the referral to its outcome; a referral to an organisation with no
release is refused with the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Disclosure
from directory.models import ServiceCapacity, Unit
from referrals.models import Referral
from referrals.services.referral import referral_send
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import ConsentReleaseFactory, ReferralFactory, ServiceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _blocking_violations(page: Page) -> list[str]:
    """Serious and critical accessibility findings (axe-core)."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= page.viewport_size["width"]


def test_find_refer_under_consent_and_record_the_outcome_on_a_phone(
    page: Page, live_server, case_manager, client_a, agency, snap
):
    housing = ServiceFactory(
        organization__agency=agency,
        organization__name="Harbor Housing Collaborative",
        name="Housing Navigation",
        description="A navigator helps with applications and deposits.",
    )
    food = ServiceFactory(
        organization__agency=agency, organization__name="Eastside Food Bank", name="Pantry"
    )
    ServiceCapacity.objects.create(
        agency=agency, service=housing, unit=Unit.objects.create(agency=agency, name="Place"),
        available=3, maximum=12, updated=timezone.now(),
    )  # fmt: skip
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name="Harbor Housing Collaborative",
        categories=["general", "mental_health"],
    )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")

    # From the directory: find the service, refer a client.
    page.goto(live_server.url + reverse("directory:search"))
    page.get_by_role("searchbox", name="Search services").fill("housng")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Housing Navigation").click()
    page.get_by_role("link", name="Refer a client").click()
    page.get_by_role("listitem").filter(has_text="Amara").get_by_role("link", name="Refer").click()
    expect(page.get_by_role("heading", name="Refer Amara")).to_be_visible()
    expect(page.get_by_text("3 of 12 places free")).to_be_visible()
    page.get_by_label("Reason for the referral").fill("Lost her flat; staying with a friend.")
    page.get_by_label("Urgent").check()
    page.get_by_label("Mental-health assessment").check()
    assert _blocking_violations(page) == []
    snap(page, "referral-form")
    page.get_by_role("button", name="Save and check consent").click()

    expect(page.get_by_text("Consent covers this referral")).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "referral-send")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_text("Referral sent; the disclosure is logged.")).to_be_visible()
    referral = Referral.objects.get(service=housing)
    assert referral.status == "sent" and Disclosure.objects.get().consent_id == referral.consent_id

    # The provider accepts, then the client starts: the outcome closes it.
    page.get_by_role("link", name="Record status or outcome").click()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Referral status: Accepted.")).to_be_visible()
    page.get_by_role("link", name="Log a follow-up").click()
    page.get_by_label("With the provider").check()
    page.get_by_label("What was learnt").fill("Intake booked for Thursday.")
    page.get_by_role("button", name="Log follow-up").click()
    page.get_by_role("link", name="Record status or outcome").click()
    page.get_by_label("Completed").check()
    page.get_by_label("Note").fill("Started with a navigator; application filed.")
    snap(page, "referral-status")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Started with a navigator; application filed.").first).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "referral-detail")
    referral.refresh_from_db()
    assert referral.status == "completed" and referral.closed_on

    page.get_by_role("link", name="Referral packet").click()
    expect(page.get_by_role("heading", name="Referral to Housing Navigation")).to_be_visible()
    # Printing is a disclosure of its own, logged each time (sending was the first).
    page.get_by_role("button", name="Print", exact=True).click()
    expect(page.locator("#packet-logged")).to_contain_text("disclosure log")
    assert Disclosure.objects.count() == 2
    page.get_by_role("button", name="Print again").click()
    expect(page.locator("#packet-logged")).to_be_visible()
    assert Disclosure.objects.count() == 3
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "referral-packet")

    # From the record: no release names the food bank, so sending is refused with why.
    page.goto(live_server.url + reverse("referrals:referral_create", args=[client_a.pk]))
    page.get_by_label("Find a service").fill("pantry")
    page.get_by_role("button", name="Search the directory").click()
    snap(page, "referral-choose-service")
    page.get_by_role("link", name="Refer to Pantry").click()
    page.get_by_label("Reason for the referral").fill("Out of food until payday.")
    page.get_by_role("button", name="Save and check consent").click()
    blocked = page.locator("#consent-blocked")
    expect(blocked).to_contain_text("No release of information names Eastside Food Bank")
    expect(page.get_by_role("button", name="Send referral")).to_have_count(0)
    expect(blocked.get_by_role("link", name="Record a release")).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "referral-refused")
    assert Referral.objects.get(service=food).status == "draft"
    assert Disclosure.objects.count() == 3  # nothing more

    page.goto(live_server.url + reverse("clients:detail", args=[client_a.pk]))
    page.get_by_role("button", name="Referrals").click()  # folded on a phone
    panel = page.locator(".referral-panel")
    expect(panel.get_by_role("link", name="Pantry")).to_be_visible()
    expect(panel.get_by_text("1 closed referral with an outcome.")).to_be_visible()
    panel.scroll_into_view_if_needed()
    snap(page, "referral-record")

    page.goto(live_server.url + reverse("referrals:mine"))
    expect(page.get_by_role("heading", name="My open referrals")).to_be_visible()
    expect(page.get_by_text("Draft, not sent")).to_be_visible()
    snap(page, "referral-mine")


def test_a_supervisor_reviews_the_teams_open_referrals_on_a_phone(
    page: Page, live_server, supervisor, case_manager, client_a, agency, snap
):
    late = ReferralFactory(client=client_a, referred_by=case_manager)
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name=late.organization.name,
        categories=["general"],
    )
    sent_on = timezone.localdate() - timedelta(days=9)
    referral_send(referral_id=late.pk, version=late.version, sent_by=case_manager, on=sent_on)
    ReferralFactory(client=client_a, referred_by=case_manager, reason="Food until payday.")
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, supervisor)

    page.goto(live_server.url + reverse("referrals:mine"))
    page.locator("#main").get_by_role("link", name="Team referrals").click()
    expect(page.get_by_role("heading", name="Team referrals")).to_be_visible()
    expect(page.get_by_text("2 open referrals")).to_be_visible()
    expect(page.get_by_text("9 days open")).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "referral-team")
    page.get_by_label("Follow-up overdue only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 open referral", exact=True)).to_be_visible()
    expect(page.get_by_text("Follow-up overdue since")).to_be_visible()
    page.get_by_role("link", name="Amara").click()
    expect(page.get_by_role("heading", name="Referral to")).to_be_visible()
