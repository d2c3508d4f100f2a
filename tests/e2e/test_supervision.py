"""A supervisor opens the team dashboard (at desk and phone width, with its charts), follows an
overdue number to the list behind it, hands a client to another case manager, co-signs one
note and returns another with a comment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.models import Role
from clients.models import Assignment, RiskLevel
from clients.services.contact_dates import contact_dates_refresh
from supervision.models import NoteReturn
from tests.e2e.conftest import DESKTOP, PHONE, page_width, signed_in
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    MembershipFactory,
    VisitFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _team(team_a, case_manager):
    dana = MembershipFactory(
        team=team_a, role=Role.CASE_MANAGER, user__full_name="Dana Second"
    ).user
    now = timezone.now()
    people = {}
    # Weekly contacts for six weeks, the last one `last` days ago: Olive and Quinn are overdue.
    for name, risk, last, who in [
        ("Olive", RiskLevel.HIGH, 15, case_manager),
        ("Pablo", RiskLevel.LOW, 2, case_manager),
        ("Quinn", RiskLevel.MODERATE, 10, dana),
        ("Rosa", RiskLevel.LOW, 3, dana),
    ]:
        c = ClientFactory(team=team_a, given_name=name, family_name="Example", risk_level=risk)
        AssignmentFactory(client=c, staff=who)
        for week in range(6):
            VisitFactory(
                client=c,
                author=who,
                contact_at=now - timedelta(days=7 * week + last),
                signed_at=now - timedelta(days=7 * week + last - 1),
            )
        people[name] = c
    VisitFactory(client=people["Pablo"], author=case_manager, contact_at=now - timedelta(days=4))
    contact_dates_refresh(client_ids=[c.pk for c in people.values()])
    return dana, people


def _serious(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_a_supervisor_sees_who_is_behind_and_fixes_it(
    page: Page, live_server, supervisor, case_manager, team_a, snap, tmp_path: Path
):
    dana, people = _team(team_a, case_manager)
    signed_in(page, live_server.url, supervisor, "/")
    page.get_by_role("link", name="Team", exact=True).first.click()
    expect(page.get_by_role("heading", name="Team A")).to_be_visible()
    casey = page.locator("tr", has=page.get_by_role("rowheader", name="Casey Manager"))
    # Weighted load: Olive high 1.5 + Pablo low 0.5 (casework.staffing.acuity).
    assert casey.locator("td").all_inner_texts() == ["2", "2", "1", "1", "0", "0", "0"]
    trend = page.locator("table", has=page.locator("caption", has_text="Check-ins overdue"))
    assert trend.locator("tbody tr").last.locator("td").text_content() == "2"  # today: Olive, Quinn
    # The charts: caseload against the ratio, the overdue trend, one per case manager.
    charts = page.locator("svg.cw-chart-svg")
    expect(charts).to_have_count(4)
    expect(
        page.locator("svg title", has_text="Caseload against the program's ratio")
    ).to_have_count(1)
    assert _serious(page) == []
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        shot = tmp_path / f"supervision-dashboard-{label}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
        # Every chart is drawn at this width, none wider than the page.
        for box in (charts.nth(i).bounding_box() for i in range(4)):
            assert box and box["width"] > 100 and box["height"] > 40
            assert box["x"] + box["width"] <= size["width"]
    assert page_width(page) <= PHONE["width"]
    snap(page, "supervision-dashboard")
    page.set_viewport_size(DESKTOP)

    # The overdue number opens the list of exactly those clients; hand one to Dana.
    page.get_by_role("link", name="Check-ins overdue: 1, open the list").first.click()
    expect(page.locator(".list-count")).to_have_text("1")
    page.get_by_label("Choose Olive Example").check()
    # By value: other apps may add a note to each name (supervision.sections hints).
    page.get_by_label("New primary case manager").select_option(value=str(dana.pk))
    page.get_by_label("Reason").fill("Casey is on leave for two weeks")
    page.get_by_role("button", name="Reassign").click()
    expect(page.get_by_text("1 client handed to Dana Second")).to_be_visible()
    current = Assignment.objects.get(client=people["Olive"], ended_on__isnull=True, role="primary")
    assert current.staff == dana

    # Co-sign the oldest note; return the next with a comment.
    page.goto(live_server.url + reverse("supervision:dashboard", args=[team_a.pk]))
    page.get_by_role("button", name="Co-sign").first.click()
    expect(page.get_by_text("Note co-signed.")).to_be_visible()
    page.get_by_role("link", name="Return with a comment").first.click()
    page.get_by_label("Comment for the author").fill("Add what you agreed about housing.")
    snap(page, "supervision-return")
    page.get_by_role("button", name="Return to the author").click()
    expect(page.get_by_text("Note returned to")).to_be_visible()
    assert NoteReturn.objects.get().comment == "Add what you agreed about housing."
