"""On a phone, a case manager drafts a care plan with the client (two goals in their words,
the agreement, a crisis plan) and sends it; the supervisor approves it; the crisis plan
prints on one page."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from careplans.models import CarePlan, PlanStatus
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import AssessmentFactory, AssignmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _no_sideways_scrolling(page: Page) -> None:
    assert page_width(page) <= PHONE["width"]


def _add_goal(page: Page, words: str, need: str, objective: str, intervention: str) -> None:
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("The goal, in the client's own words").fill(words)
    page.get_by_label(need).check()
    target = (timezone.localdate() + timedelta(days=90)).isoformat()
    page.locator("#id_objectives-0-text").fill(objective)
    page.locator("#id_objectives-0-target_date").fill(target)
    page.locator("#id_interventions-0-what").fill(intervention)
    page.locator("#id_interventions-0-frequency").fill("weekly")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_text("Goal saved.")).to_be_visible()


def _autosaved(client, done, seconds: float = 30) -> CarePlan:
    """The client's plan once `done(plan)` holds (an autosave landed), or fail."""
    deadline = time.monotonic() + seconds
    while True:
        plan = CarePlan.objects.get(client=client)
        if done(plan):
            return plan
        assert time.monotonic() < deadline, "the draft was not autosaved"
        time.sleep(0.2)


@pytest.mark.slow  # drafted, autosaved, signed and approved across two sessions: about 25 s
def test_a_plan_is_drafted_on_a_phone_and_approved_by_the_supervisor(
    page: Page, browser: Browser, live_server, case_manager, supervisor, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    AssessmentFactory(
        client=client_a,
        author=case_manager,
        signed_at=timezone.now(),
        domains={
            "income_housing": {"need": "high"},
            "relationships": {"need": "moderate"},
            "physical_health": {"need": "moderate"},
        },
    )
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:detail", kwargs={"pk": client_a.pk}))
    page.locator(".careplan-panel").get_by_role("button", name="Start a care plan").click()

    expect(page.get_by_role("heading", name="Care plan, version 1")).to_be_visible()
    expect(page.get_by_text("Needs with no goal yet")).to_be_visible()
    _add_goal(
        page,
        "I want a place of my own where I feel safe.",
        "Income and housing",
        "Submit two supportive-housing applications",
        "Help with the applications",
    )
    page.get_by_role("link", name="Add a goal").click()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "care-plan-goal-form")
    page.go_back()
    _add_goal(
        page,
        "I want to see my daughter again.",
        "Friendships and relationships",
        "Arrange a supervised visit",
        "Call the family court worker",
    )
    # One need (physical health) is still a gap: shown, not blocking.
    expect(page.locator(".alert-warning")).to_contain_text("Physical health")

    page.get_by_role("link", name="Agreement, crisis plan and advance statement").click()
    page.get_by_label("Signed by the client").check()
    page.locator("#id_agreement_method").select_option("wet")
    page.locator("#id_agreement_on").fill(timezone.localdate().isoformat())
    page.locator("#id_warning_signs").fill("Not sleeping; staying in my room.")
    page.locator("#id_whom_to_call").fill("My sister; the county crisis line; 988.")
    page.locator("#id_reasons_for_living").fill("My daughter.")
    # Typing saves by itself: wait for the draft to hold the last words, then the page shows
    # the time and carries the new version (so the Save below is not refused as stale).
    plan = _autosaved(client_a, lambda p: p.reasons_for_living == "My daughter.")
    expect(page.locator("#id_version")).to_have_value(str(plan.version))
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "care-plan-draft")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("Sent to the supervisor for approval.")).to_be_visible()

    plan = CarePlan.objects.get(client=client_a)
    assert plan.status == PlanStatus.SUBMITTED

    context = browser.new_context(viewport=PHONE)
    sup = context.new_page()
    signed_in(sup, live_server.url, supervisor)
    sup.goto(
        live_server.url
        + reverse("careplans:plan_detail", kwargs={"client_id": client_a.pk, "pk": plan.pk})
    )
    expect(sup.get_by_text("I want to see my daughter again.")).to_be_visible()
    sup.get_by_role("button", name="Approve the plan").click()
    expect(sup.get_by_text("Plan approved; it is now in force.")).to_be_visible()
    expect(sup.locator(".badge", has_text="In force")).to_be_visible()
    snap(sup, "care-plan-approved")

    sup.get_by_role("link", name="Crisis plan (print)").click()
    expect(sup.get_by_role("heading", name="My crisis plan")).to_be_visible()
    expect(sup.get_by_text("Call or text 988", exact=False)).to_be_visible()
    snap(sup, "care-plan-crisis")
    sup.emulate_media(media="print")
    sup.set_viewport_size({"width": 816, "height": 1056})
    # One printed page: the sheet is no taller than a letter page's printable area.
    height = sup.evaluate("document.querySelector('.print-sheet').getBoundingClientRect().height")
    assert height < 1056 - 2 * 53
    pdf = sup.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    context.close()

    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.ACTIVE, supervisor)


def test_a_new_goal_survives_a_reload_until_it_is_saved(
    page: Page, live_server, case_manager, client_a
):
    AssignmentFactory(client=client_a, staff=case_manager)
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:detail", kwargs={"pk": client_a.pk}))
    page.locator(".careplan-panel").get_by_role("button", name="Start a care plan").click()
    # Type only once the page's scripts are listening, as a person could: a fill racing the
    # deferred autosave script under load lost its one input event.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Add a goal").click()
    words = page.get_by_label("The goal, in the client's own words")
    words.fill("I want to cook for myself again.")
    page.reload()
    # The new goal is not on the server yet; the copy kept on this phone comes back.
    expect(words).to_have_value("I want to cook for myself again.")
    expect(page.locator("#local-status")).to_contain_text("Restored text kept on this device")
    page.get_by_label("Daily living skills").check()
    page.locator("#id_objectives-0-text").fill("Cook one meal a week")
    target = (timezone.localdate() + timedelta(days=90)).isoformat()
    page.locator("#id_objectives-0-target_date").fill(target)
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_text("Goal saved.")).to_be_visible()
    # Once saved, the next new goal starts empty: the device copy was the goal just saved.
    page.get_by_role("link", name="Add a goal").click()
    expect(page.get_by_label("The goal, in the client's own words")).to_have_value("")
