"""In a real browser at phone width: the caseload filters update the list in place (URL
pushed), rows stack instead of scrolling sideways, and the record's timeline loads more and
fills its panels through htmx."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.models import AuditEvent
from clients.models import AssignmentRole
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import AssignmentFactory, ClientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits_the_phone(page: Page) -> None:
    assert page_width(page) <= PHONE["width"]


def _blocking_violations(page: Page) -> list[str]:
    """Serious and critical accessibility findings (axe-core)."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_the_caseload_filters_in_place_on_a_phone(page: Page, live_server, case_manager, team_a):
    today = timezone.localdate()
    for n, name in enumerate(["Acosta", "Bailey", "Chowdhury"]):
        client = ClientFactory(
            team=team_a,
            family_name=name,
            next_contact_due=today - timedelta(days=2) if n == 0 else today + timedelta(days=5),
        )
        AssignmentFactory(client=client, staff=case_manager, role=AssignmentRole.PRIMARY)
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:caseload"))
    expect(page.locator("#caseload-results")).to_contain_text("3 clients")
    expect(page.get_by_text("Overdue 2 days")).to_be_visible()
    _fits_the_phone(page)
    assert _blocking_violations(page) == []

    page.evaluate("window.__samePage = true")  # gone if the page reloads
    # On a phone the filters other than the name fold behind one button: the list leads.
    page.get_by_role("button", name="More filters and sorting").click()
    page.get_by_label("Overdue only").check()
    expect(page.locator("#caseload-results")).to_contain_text("1 client overdue")
    expect(page).to_have_url(re.compile("overdue=1"))
    assert page.evaluate("window.__samePage") is True

    page.get_by_label("Overdue only").uncheck()
    page.get_by_label("Name or record number").fill("baily")
    expect(page.locator("#caseload-results")).to_contain_text("1 client matching")
    expect(page.locator("#caseload-results")).to_contain_text("Bailey")
    assert page.evaluate("window.__samePage") is True


def test_the_record_loads_its_panels_and_more_timeline(
    page: Page, live_server, case_manager, client_a
):
    for n in range(25):
        VisitFactory(
            client=client_a,
            author=case_manager,
            contact_at=timezone.now() - timedelta(days=n + 1),
            note={"data": f"Visit number {n + 1}.", "plan": ""},
        )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:detail", args=[client_a.pk]))
    # The status panel (registered by clients' lifecycle) arrives through htmx.
    expect(page.locator(".record-panels").first).to_contain_text("Episode")
    timeline = page.locator("#timeline")
    expect(timeline.locator(".timeline-entry")).to_have_count(20)
    _fits_the_phone(page)
    assert _blocking_violations(page) == []
    # On a phone the timeline is folded behind its heading, below what is due.
    page.get_by_role("button", name="Timeline").click()
    page.get_by_role("link", name="Load more").click()
    expect(timeline.locator(".timeline-entry")).to_have_count(25)
    expect(timeline).to_contain_text("Visit number 25.")
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)


def test_opening_the_record_is_one_view_event_with_its_panels(
    page: Page, live_server, supervisor, client_a
):
    """Issue #24: the panels are part of the open; the trail shows one open, not eleven."""
    panel_answers = []
    page.on(
        "response",
        lambda r: (
            panel_answers.append(r.status)
            if r.request.headers.get("x-casework-record-open")
            else None
        ),
    )
    # A supervisor: who opened the record loads after the page (for a case manager it is one
    # line, in the page, and nothing loads after it).
    signed_in(page, live_server.url, supervisor)
    page.goto(live_server.url + reverse("clients:detail", args=[client_a.pk]))
    panels = page.locator("[data-panel] .card-body")
    expect(panels.first).to_contain_text("Episode")
    page.wait_for_load_state("networkidle")
    # The cheap panels came with the page; the others load with the page's pass.
    assert panel_answers == [200]
    audit = page.locator('[data-panel="security:client_audit_panel"] .card-body')
    expect(audit.get_by_role("link", name="Who opened this record")).to_be_visible()
    opens = AuditEvent.objects.filter(client_id=client_a.pk, action__endswith=".view")
    assert list(opens.values_list("action", "actor")) == [("clients.client.view", supervisor.pk)]


def test_find_a_client_searches_as_you_type_on_a_phone(
    page: Page, live_server, case_manager, team_a, client_b
):
    ClientFactory(team=team_a, given_name="Winifred", family_name="Oyelaran", record_number="A-77")
    ClientFactory(team=team_a, given_name="Desmond", family_name="Achterberg")
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:list"))
    box = page.get_by_label("Name, record number or date of birth")
    box.fill("oyelarn")  # a typo
    expect(page.locator("#client-rows")).to_contain_text("1 client matching")
    expect(page.get_by_role("link", name="Winifred Oyelaran")).to_be_visible()
    expect(page).to_have_url(re.compile("q=oyelarn"))
    _fits_the_phone(page)
    assert _blocking_violations(page) == []
    box.fill("Teambee")
    expect(page.locator("#client-rows")).to_contain_text("No client in your teams matches")
