"""The routine visit on a phone, counted (issue #22): a case manager at 375 px logs and signs a
home visit with one service and a DAP note of about 250 characters, starting from the
dashboard. Every tap, fill, tick and choice goes through `Taps`, which counts it; the visit
takes at most seven, and axe finds no violation on any page on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from clients.models import Place, Visit
from clients.services.contact_dates import contact_dates_refresh
from tests.e2e.conftest import PHONE, signed_in
from tests.factories import AssignmentFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A realistic DAP note: 254 characters across its three sections.
DATA = "Met at home. Fridge nearly empty; the rent letter arrived. Went through it together."
ASSESSMENT = "Low mood but engaged and oriented; no risk indicators today. Worried about rent."
PLAN = "Food bank Monday. Call the landlord together on Wednesday; bring the letter."


class Taps:
    """What a person does, counted: each click, fill, check and choice is one interaction."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0
        self.log: list[str] = []

    def _did(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def click(self, target: Locator, what: str) -> None:
        target.click()
        self._did(f"tap {what}")

    def check(self, target: Locator, what: str) -> None:
        target.check()
        self._did(f"tick {what}")

    def fill(self, target: Locator, text: str, what: str) -> None:
        target.fill(text)
        self._did(f"type {what}")

    def select(self, target: Locator, value: str, what: str) -> None:
        target.select_option(value)
        self._did(f"choose {what}")


def _axe_violations(page: Page) -> list[str]:
    """Every axe finding, whatever its impact."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def test_a_routine_home_visit_takes_seven_interactions_on_a_phone(
    page: Page, live_server, case_manager, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    # Last week's visit: at home, 45 minutes, signed.
    VisitFactory(
        client=client_a,
        author=case_manager,
        contact_at=timezone.now() - timedelta(days=7),
        duration_minutes=45,
        signed_at=timezone.now() - timedelta(days=7),
    )
    contact_dates_refresh(client_ids=[client_a.pk])
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    assert _axe_violations(page) == []
    snap(page, "dashboard-due-rows")

    taps = Taps(page)
    started = timezone.now()
    due_row = (
        page.locator("#caseload-panel-title")
        .locator("..")
        .get_by_role("listitem")
        .filter(has_text=client_a.display_name)
    )
    taps.click(due_row.get_by_role("link", name="Log visit"), "Log visit on the due row")
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    assert _axe_violations(page) == []
    # The defaults are right: last contact's place and duration, the start of the visit.
    expect(page.get_by_label("Place")).to_have_value(Place.HOME)
    expect(page.get_by_label("Duration (minutes)")).to_have_value("45")
    snap(page, "visit-new-form")

    taps.check(page.get_by_label("Housing search"), "a service")
    taps.fill(page.get_by_label("Data"), DATA, "Data")
    taps.fill(page.get_by_label("Assessment"), ASSESSMENT, "Assessment")
    taps.fill(page.get_by_label("Plan"), PLAN, "Plan")
    taps.click(page.get_by_role("button", name="Sign note…"), "Sign note…")
    dialog = page.get_by_role("dialog", name="Sign this note?")
    expect(dialog).to_be_visible()
    assert _axe_violations(page) == []
    snap(page, "visit-sign-confirm")
    taps.click(dialog.get_by_role("button", name="Sign", exact=True), "Sign")

    expect(page.get_by_text("Note signed.")).to_be_visible()
    assert _axe_violations(page) == []
    snap(page, "visit-signed-from-the-first-form")
    visit = Visit.objects.get(client=client_a, signed_at__isnull=False, created_at__gte=started)
    assert visit.services == ["housing"]
    assert visit.note == {"data": DATA, "assessment": ASSESSMENT, "plan": PLAN}
    assert visit.place == Place.HOME and visit.duration_minutes == 45
    # The time offered is the visit's start: now less its duration.
    assert abs(visit.contact_at - (started - timedelta(minutes=45))) < timedelta(minutes=2)
    assert len(DATA + ASSESSMENT + PLAN) >= 240
    assert taps.count <= 7, taps.log


def _covered_by_the_action_bar(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => {
            const field = document.querySelector(sel).getBoundingClientRect();
            const bar = document.querySelector('.visit-actions').getBoundingClientRect();
            return field.bottom > bar.top && field.top < bar.bottom;
        }""",
        selector,
    )


def _small_targets(page: Page, selector: str) -> list[str]:
    """Visible targets under 44 x 44 CSS pixels (WCAG 2.2's enhanced size, the issue's bar)."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)]
            .filter(el => el.offsetParent !== null)
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, r]) => r.width < 44 || r.height < 44)
            .map(([el, r]) => `${el.textContent.trim().slice(0, 30)} ${r.width}x${r.height}`)""",
        selector,
    )


def test_a_refused_sign_points_at_the_field_and_nothing_hides_it(
    page: Page, live_server, case_manager, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    contact_dates_refresh(client_ids=[client_a.pk])
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    page.wait_for_load_state("load")  # the stylesheet applied before anything is measured
    assert _small_targets(page, ".list-group-item a, .navbar-toggler") == []
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.locator("#main-nav")).to_be_visible()
    assert _small_targets(page, "#main-nav .nav-link, #main-nav .btn") == []
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.locator("#main-nav")).to_be_hidden()
    page.goto(f"{live_server.url}/clients/caseload/")  # the caseload's cards: name, Log visit
    expect(page.locator(".caseload-table tbody tr")).to_have_count(1)
    assert _small_targets(page, ".caseload-table tbody a") == []
    page.go_back()
    page.get_by_role("link", name="Log visit").first.click()
    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    assert _small_targets(page, ".service-row, .visit-actions .btn") == []

    # The whole row toggles its box, not only the box and the words.
    row = page.locator(".service-row", has_text="Transport")
    box = row.get_by_role("checkbox")
    width = row.bounding_box()["width"]
    row.click(position={"x": width - 4, "y": 10})
    expect(box).to_be_checked()

    page.get_by_label("Data").fill(DATA)
    page.get_by_label("Assessment").fill(ASSESSMENT)
    page.get_by_role("button", name="Sign note…").click()
    page.get_by_role("dialog", name="Sign this note?").get_by_role(
        "button", name="Sign", exact=True
    ).click()

    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("link", name="Plan")).to_be_visible()
    expect(page.locator("#id_note_plan")).to_be_focused()
    expect(page.locator("#id_note_plan_error")).to_contain_text(
        "Write the Plan section before signing."
    )  # the message beside the field
    assert not _covered_by_the_action_bar(page, "#id_note_plan")
    assert not Visit.objects.filter(client=client_a).exists()  # nothing half-saved
    assert _axe_violations(page) == []
    snap(page, "visit-sign-refused")

    # Tabbing through the form never leaves the focused field under the sticky bar.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("#id_note_format").focus()
    for selector in ("#id_note_data", "#id_note_assessment", "#id_note_plan"):
        page.keyboard.press("Tab")
        expect(page.locator(selector)).to_be_focused()
        assert not _covered_by_the_action_bar(page, selector), selector

    # A line of the summary takes the focus to its field.
    page.locator("#id_services_0").focus()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_note_plan")).to_be_focused()


def test_an_addendum_without_its_reason_shows_the_summary(
    page: Page, live_server, case_manager, client_a, snap
):
    visit = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")
    page.get_by_role("link", name="My recent notes").click()
    expect(page).to_have_url(re.compile(reverse("clients:recent_notes") + "$"))
    page.get_by_role("link", name=client_a.display_name).click()  # two taps from the dashboard
    # A click does not wait for the page it opens: the URL is awaited, never read at once.
    expect(page).to_have_url(re.compile(f"/visits/{visit.pk}/$"))
    assert _small_targets(page, "main .form-check") == []
    page.get_by_label("Text").fill("Client also asked about a bus pass.")
    page.get_by_role("button", name="Add", exact=True).click()
    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_role("link", name="Reason")).to_be_visible()
    expect(page.locator("#id_reason_error")).to_contain_text("Give the reason.")
    expect(page.get_by_label("Reason")).to_be_focused()
    assert _axe_violations(page) == []
    snap(page, "addendum-refused")
    page.goto(live_server.url + reverse("clients:recent_notes"))
    assert _axe_violations(page) == []
    snap(page, "recent-notes")
