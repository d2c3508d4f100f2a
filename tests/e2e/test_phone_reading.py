"""At 375 × 812: the caseload shows at least five clients on one screen, without the program
on every card; the client record leads with what is due, the care plan (its crisis plan) and
the care team, and folds the rest behind headings that open; the audit report reads in words
and nothing in it scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.audit import audit_record
from clients.models import AssignmentRole
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import AssignmentFactory, ClientFactory, ProgramFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS_IN_VIEW = """() => {
  const rows = [...document.querySelectorAll('#caseload-results tbody tr')];
  return rows.filter(r => { const b = r.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= window.innerHeight; }).length;
}"""


def test_the_phone_caseload_shows_five_clients_a_screen(
    page: Page, live_server, case_manager, team_a, snap
):
    program = ProgramFactory(agency=team_a.agency, name="Full Service Partnership")
    today = timezone.localdate()
    for n in range(9):
        client = ClientFactory(
            team=team_a,
            program=program,
            family_name=f"Okonkwo-Vasquez{n}",
            next_contact_due=today + timedelta(days=n - 2),
        )
        AssignmentFactory(client=client, staff=case_manager, role=AssignmentRole.PRIMARY)
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:caseload"))
    expect(page.locator("#caseload-results")).to_contain_text("9 clients")
    # The list starts on the first screen, and once reached, five or more fit on it.
    first = page.locator("#caseload-results tbody tr").first
    assert first.bounding_box()["y"] < PHONE["height"]
    page.evaluate("window.scrollTo(0, document.querySelector('#caseload-results').offsetTop)")
    assert page.evaluate(ROWS_IN_VIEW) >= 5
    # The program is not repeated on each card (it is the filter's), nor "Primary: me".
    expect(page.get_by_text("Full Service Partnership", exact=True).first).to_be_hidden()
    assert page_width(page) <= PHONE["width"]
    snap(page, "caseload")


def test_the_record_on_a_phone_leads_with_what_is_due_the_plan_and_the_care_team(
    page: Page, live_server, case_manager, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager, role=AssignmentRole.PRIMARY)
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:detail", args=[client_a.pk]))
    expect(page.locator(".record-header")).to_contain_text("Next contact due")
    panels = page.locator(".record-panels > section")
    expect(panels.first).to_be_visible()
    # In the order shown on screen, the lead panels come first and are open.
    titles = page.evaluate(
        """() => [...document.querySelectorAll('.record-panels > section')]
             .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
             .map(s => s.querySelector('h2').innerText.trim())"""
    )
    assert titles[:2] == ["Care plan", "Care team and appointments"], titles
    expect(page.locator(".record-lead .card-body").first).to_be_visible()
    # The rest is folded: the timeline and the other panels open from their heading.
    expect(page.locator("#timeline")).to_be_hidden()
    documents = page.get_by_role("button", name="Documents")
    expect(documents).to_have_attribute("aria-expanded", "false")
    documents.click()
    expect(documents).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".record-folded .card-body.show")).to_have_count(1)
    page.get_by_role("button", name="Timeline").click()
    expect(page.locator("#timeline")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    # On a wide screen nothing is folded.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("button", name="Timeline")).to_be_hidden()
    expect(page.locator(".record-folded .card-body").last).to_be_visible()
    snap(page, "client-record")


def test_the_audit_report_reads_in_words_and_fits_a_phone(
    page: Page, live_server, compliance, case_manager, client_a, snap
):
    for _ in range(3):
        audit_record(
            action="clients.client.view",
            actor=case_manager,
            obj=client_a,
            client_id=client_a.pk,
            agency_id=client_a.agency_id,
        )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, compliance)
    page.goto(live_server.url + reverse("security:audit_report"))
    name = f"{client_a.preferred_name or client_a.given_name} {client_a.family_name}"
    expect(page.get_by_text(f"Viewed the record of {name}").first).to_be_visible()
    # Each event is a block of lines on a phone: nothing scrolls sideways.
    assert page_width(page) <= PHONE["width"]
    table = page.locator(".audit-table")
    assert table.bounding_box()["width"] <= PHONE["width"]
    snap(page, "audit-report")
