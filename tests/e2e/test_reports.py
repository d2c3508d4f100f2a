"""Reports in the browser: a supervisor opens a report from the navigation, changes the
dates, reads the chart and the misses, and downloads the CSV, which is audited."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from casework.models import AuditEvent
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.reports.conftest import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(team_a, client_b):
    """The hand-worked report data of tests/reports/conftest.py."""
    return build_world(team_a, client_b)


def _blocking(page: Page) -> list[str]:
    # The page's own content; the shared navigation bar is checked by the other browser tests.
    results = Axe().run(page, context={"include": [["#main"]]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_a_supervisor_changes_the_dates_and_downloads_the_csv(
    page: Page,
    live_server,
    supervisor,
    world,
    snap,
):
    signed_in(page, live_server.url, supervisor, "/")
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    page.get_by_role("link", name="Follow-up after hospital discharge").click()
    expect(
        page.get_by_role("heading", level=1, name="Follow-up after hospital discharge")
    ).to_be_visible()

    page.get_by_label("From").fill("2026-03-01")
    page.get_by_label("To (included)").fill("2026-04-30")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("report-subtitle")).to_have_text(
        "Team A · 1 Mar 2026 to 30 Apr 2026"
    )
    figures = page.get_by_test_id("report-figures")
    expect(figures).to_contain_text("Discharges 3")
    expect(figures).to_contain_text("Followed up within 7 days 33.3%")
    expect(page.locator("svg.cw-chart-svg")).to_be_visible()
    misses = page.locator('table[data-table="Missed follow-ups"]')
    expect(misses.get_by_role("row", name=re.compile("Cy Gamma A-12"))).to_be_visible()
    expect(misses.get_by_role("row", name=re.compile("Ada Alpha A-10"))).to_be_visible()
    snap(page, "reports-follow-up")
    assert _blocking(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "follow-up-20260301-20260430.csv"
    text = open(download.path(), encoding="utf-8").read()  # noqa: PTH123
    assert "Missed follow-ups" in text and "Cy Gamma,A-12" in text
    assert "Within 7 days,3,1,2,0,33.3" in text
    event = AuditEvent.objects.get(action="reports.report.exported")
    assert event.detail["from"] == "2026-03-01" and event.detail["report"] == "follow-up"

    # The other reports keep the chosen dates.
    page.get_by_role("link", name="Service minutes").click()
    expect(page.get_by_test_id("report-figures")).to_contain_text("Minutes of service 155")
    snap(page, "reports-minutes")
    page.get_by_role("link", name="Contacts per client per month").click()
    expect(page.get_by_test_id("report-figures")).to_contain_text("Completed contacts 4")
    snap(page, "reports-contacts")
    assert _blocking(page) == []


def test_the_report_fits_a_phone(page: Page, live_server, supervisor, world, snap):
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/reports/?start=2026-03-01&end=2026-04-30")
    snap(page, "reports-index")
    page.get_by_role("link", name="Referrals", exact=True).click()
    expect(page.get_by_test_id("report-figures")).to_contain_text("Referrals sent 5")
    snap(page, "reports-referrals")
    # Nothing but the scrolling tables is wider than the screen.
    width = page_width(page)
    assert width <= PHONE["width"]


def test_the_agency_admin_reads_the_agencys_figures_without_names(
    page: Page,
    live_server,
    admin_user,
    team_a,
    world,
    snap,
):
    signed_in(page, live_server.url, admin_user)
    page.goto(f"{live_server.url}/reports/events/?start=2026-03-01&end=2026-04-30")
    page.get_by_label("Team or program").select_option(label="Test Agency (all teams)")
    page.get_by_role("button", name="Show").click()
    # Team A's five events and Boris's jail stay in team B.
    expect(page.get_by_test_id("report-figures")).to_contain_text("Jail stay 2")
    expect(page.get_by_text("lists of clients behind these numbers are shown")).to_be_visible()
    assert "Alpha" not in page.content() and "Teambee" not in page.content()
    snap(page, "reports-events-agency")
    assert _blocking(page) == []
