"""A case manager on a phone books a psychiatrist appointment they will drive the client to,
finds it in "My week", and records that the client attended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import Appointment, Outcome
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import CareProviderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scrolling(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]


def test_a_case_manager_books_a_ride_sees_it_in_my_week_and_records_attended(
    page: Page, live_server, case_manager, client_a, snap
):
    CareProviderFactory(client=client_a, name="Dr. Rosa Prescott", phone="555-0142")
    # Soon enough that the outcome may be recorded in the same test (15 minutes' grace).
    when = timezone.localtime() + timedelta(minutes=5)
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)

    page.goto(live_server.url + reverse("clients:care_team", args=[client_a.pk]))
    expect(page.get_by_role("heading", name="Care team and appointments")).to_be_visible()
    expect(page.get_by_text("Sharing: no release on file")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "care-team")

    page.get_by_role("link", name="Book an appointment").click()
    page.get_by_label("Date and time").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("With (care team)").select_option(
        label="Dr. Rosa Prescott, Harbor Community Clinic (Psychiatrist / prescriber)"
    )
    page.get_by_label("Where").fill("Harbor Community Clinic, 300 Pier St")
    page.get_by_label("Purpose").fill("Medication review")
    page.get_by_label("I drive the client there").check()
    _no_sideways_scrolling(page)
    snap(page, "appointment-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Appointment booked for")).to_be_visible()
    appointment = Appointment.objects.get(client=client_a)
    assert appointment.transport and appointment.staff == case_manager

    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("link", name="My week").click()
    expect(page.get_by_role("heading", name="My week")).to_be_visible()
    row = page.locator(f"#appointment-{appointment.pk}")
    expect(row).to_contain_text("Amara Teamay")
    expect(row).to_contain_text("I drive")
    expect(page.get_by_text("1 ride to give")).to_be_visible()
    _no_sideways_scrolling(page)
    snap(page, "my-week")

    row.get_by_role("link", name="Record outcome").click()
    expect(page.get_by_role("heading", name="What happened?")).to_be_visible()
    page.get_by_label("Attended").check()
    snap(page, "appointment-outcome")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="My week")).to_be_visible()
    expect(page.get_by_text("Marked “attended”.")).to_be_visible()
    expect(
        page.locator(f"#appointment-{appointment.pk} .badge", has_text="Attended")
    ).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.outcome == Outcome.ATTENDED
    _no_sideways_scrolling(page)
    snap(page, "my-week-attended")

    # The record page's panel lists the care team (and what is coming up).
    page.goto(live_server.url + reverse("clients:detail", args=[client_a.pk]))
    panel = page.locator(".record-panel", has_text="Outside care team")
    expect(panel).to_contain_text("Dr. Rosa Prescott")
    _no_sideways_scrolling(page)
    snap(page, "record-with-care-team")
