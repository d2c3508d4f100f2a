"""Issue 3's "done when", in one browser session at phone width: a case manager signs in,
finds a client, logs and signs a visit, sees it on the client's timeline, and the caseload
shows the new due date."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from clients.models import Client, Visit
from clients.services.contact_dates import contact_dates_refresh
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import AssignmentFactory, ClientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits_the_phone(page: Page) -> None:
    assert page_width(page) <= PHONE["width"]


def test_a_case_manager_logs_and_signs_a_visit_and_the_caseload_moves_on(
    page: Page, live_server, case_manager, team_a, snap
):
    rosa = ClientFactory(
        team=team_a, given_name="Rosa", family_name="Quintero", record_number="A-300"
    )
    AssignmentFactory(client=rosa, staff=case_manager)
    VisitFactory(
        client=rosa,
        author=case_manager,
        contact_at=timezone.now() - timedelta(days=12),
        signed_at=timezone.now() - timedelta(days=12),
    )
    contact_dates_refresh(client_ids=[rosa.pk])
    rosa.refresh_from_db()
    standard = team_a.program.contact_standard_days
    today = timezone.localdate()
    assert rosa.next_contact_due < today  # overdue before the visit

    started = time.monotonic()
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")

    # The caseload shows her overdue.
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="My caseload", exact=True).click()
    row = page.locator("#caseload-results tr", has_text="Rosa Quintero")
    expect(row).to_contain_text("Overdue")
    snap(page, "caseload-before-visit")

    # Find her with a typo in the name.
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="Find a client", exact=True).click()
    page.get_by_label("Name, record number or date of birth").fill("quintro")
    page.get_by_role("link", name="Rosa Quintero").click()
    expect(page.get_by_role("heading", name="Rosa Quintero")).to_be_visible()

    # Log the visit, phone first: defaults for date, mode and place; a DAP note.
    page.get_by_role("link", name="Log visit").click()
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    page.get_by_label("Duration (minutes)").fill("40")
    page.get_by_label("Food / clothing").check()
    page.get_by_label("Data").fill("Walked to the food bank together; picked up groceries.")
    page.get_by_label("Assessment").fill("Brighter than last week; sleeping better.")
    page.get_by_label("Plan").fill("Home visit next week; bring the housing forms.")
    expected_due = page.get_by_label("Next contact due").input_value()
    assert expected_due == (today + timedelta(days=standard)).isoformat()
    _fits_the_phone(page)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", name="Draft note")).to_be_visible()
    # The sign dialog is Bootstrap's, bound when the page's scripts have run: the heading is
    # visible before that on a busy machine.
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Sign note…").click()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Note signed.")).to_be_visible()
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"signing in, finding, logging and signing took {elapsed:.0f} s"

    visit = Visit.objects.filter(client=rosa).latest("contact_at")
    assert visit.signed_at is not None and visit.author == case_manager

    # The record's timeline shows the signed contact first.
    page.goto(live_server.url + reverse("clients:detail", args=[rosa.pk]))
    first = page.locator("#timeline .timeline-entry").first
    expect(first).to_contain_text("food bank")
    expect(first).to_contain_text("Signed")
    _fits_the_phone(page)
    snap(page, "client-record-after-visit")

    # The caseload shows the new due date and no longer marks her overdue.
    page.goto(live_server.url + reverse("clients:caseload"))
    row = page.locator("#caseload-results tr", has_text="Rosa Quintero")
    due = today + timedelta(days=standard)
    expect(row).to_contain_text(date_format(due))  # the agency's DATE_FORMAT
    expect(row).not_to_contain_text("Overdue")
    assert Client.objects.get(pk=rosa.pk).next_contact_due == due
    _fits_the_phone(page)
    snap(page, "caseload-after-visit")
