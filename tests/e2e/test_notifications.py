"""The notification centre in a browser, at desktop and phone width: the badge, the list,
done and snooze, and the supervisor's escalations. No serious accessibility violations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework import reminders
from clients.models import Client
from tests.e2e.conftest import PHONE, signed_in
from tests.factories import AssignmentFactory, ClientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def reminders_due(team_a, case_manager, supervisor):
    today = timezone.localdate()
    for n, days in enumerate((-12, -2, 0, 1)):
        c = ClientFactory(team=team_a, given_name=f"Person{n}", record_number=f"A-10{n}")
        AssignmentFactory(client=c, staff=case_manager)
        Client.objects.filter(pk=c.pk).update(next_contact_due=today + timedelta(days=days))
    reminders.sweep()


def test_a_case_manager_clears_and_snoozes_reminders(
    page: Page, live_server, case_manager, reminders_due, snap
):
    signed_in(page, live_server.url, case_manager, "/")
    badge = page.locator("a.nav-reminders:visible .badge")
    expect(badge).to_have_text("4 open")
    page.locator("a.nav-reminders:visible").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    snap(page, "notifications-case-manager")
    assert _serious(page) == []

    page.get_by_role("button", name="Done").first.click()
    expect(page.get_by_text("Marked done: Person0 (A-100).")).to_be_visible()
    expect(badge).to_have_text("3 open")

    page.get_by_role("link", name="Snooze").first.click()
    page.get_by_label("Snooze until").fill((timezone.localdate() + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Snooze").click()
    expect(badge).to_have_text("2 open")

    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Check-in").first.click()  # opens the client record
    expect(page).to_have_url(
        f"{live_server.url}/clients/{Client.objects.get(record_number='A-102').pk}/"
    )


def test_the_supervisor_sees_escalations(page: Page, live_server, supervisor, reminders_due, snap):
    signed_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("heading", name="Escalated to you 1")).to_be_visible()
    expect(page.get_by_role("link", name="Person0 (A-100)")).to_be_visible()
    snap(page, "notifications-supervisor")
    assert _serious(page) == []
