"""On a phone, a case manager gives a PHQ-9 with item 9 above zero: sees the score, the band,
the safety flag and the trend; the supervisor is told at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from careplans.models import Administration, Assessment, SafetyFlag
from tests.e2e.conftest import PHONE, page_width, signed_in, wait_until
from tests.factories import AdministrationFactory, AssignmentFactory

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
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]


def test_a_phq9_with_item9_raises_the_flag_on_a_phone(
    page: Page, live_server, case_manager, supervisor, client_a, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    today = timezone.localdate()
    for months_ago, score, band in (
        (5, 21, "severe"),
        (4, 18, "moderately_severe"),
        (3, 15, "moderately_severe"),
        (2, 13, "moderate"),
        (1, 11, "moderate"),
    ):
        AdministrationFactory(
            client=client_a,
            author=case_manager,
            score=score,
            band=band,
            administered_on=today - timedelta(days=30 * months_ago),
        )

    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("clients:detail", kwargs={"pk": client_a.pk}))
    # On a phone the record folds this panel behind its heading (it leads with plan and team).
    page.get_by_role("button", name="Assessments and scores").click()
    panel = page.locator(".assessments-panel")
    expect(panel.get_by_role("link", name="PHQ-9", exact=True)).to_be_visible()  # the trend
    panel.get_by_role("link", name="Give PHQ-9").click()

    expect(page.get_by_role("heading", name="PHQ-9")).to_be_visible()
    for n in range(1, 9):
        page.locator(f"#item-phq9_{n}").get_by_text("Several days").click()
    page.locator("#item-phq9_9").get_by_text("Several days").click()
    expect(page.locator(".live-result")).to_contain_text("Saving raises a safety flag")
    page.locator("#item-phq9_difficulty").get_by_text("Somewhat difficult").click()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "assessment-phq9-entry")
    page.get_by_role("button", name="Score and save").click()

    expect(page.get_by_text("PHQ-9 scored and saved.")).to_be_visible()
    result = page.locator(".result")
    expect(result).to_contain_text("9")
    expect(result).to_contain_text("Mild")
    expect(result).to_contain_text("since")
    expect(page.get_by_role("alert").filter(has_text="Safety flag")).to_be_visible()
    row = Administration.objects.order_by("-id").first()
    assert (row.score, row.band) == (9, "mild")
    assert SafetyFlag.objects.filter(administration=row).exists()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "assessment-phq9-result")

    # The record: the flag on the header and the trend chart in the panel.
    page.goto(live_server.url + reverse("clients:detail", kwargs={"pk": client_a.pk}))
    expect(page.locator(".safety-flags")).to_contain_text("Safety flag")
    page.get_by_role("button", name="Assessments and scores").click()
    expect(page.locator(".assessments-panel svg").first).to_be_visible()
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "assessment-record-with-flag")

    # The supervisor is told.
    page.context.clear_cookies()
    signed_in(page, live_server.url, supervisor)
    page.goto(live_server.url + reverse("notifications:list"))
    expect(page.get_by_text("Urgent: open the record").first).to_be_visible()
    snap(page, "assessment-supervisor-told")


def test_a_case_manager_completes_an_assessment_on_a_phone(
    page: Page, live_server, case_manager, client_a, snap
):
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("careplans:assessments", kwargs={"client_id": client_a.pk}))
    page.get_by_role("button", name="Start an assessment").click()
    expect(page.get_by_role("heading", name="Initial assessment")).to_be_visible()
    for select in page.locator("select[name$='_need']").all():
        select.select_option("moderate")
    strengths = page.locator("#id_coping_strengths")
    typed = "Walks every morning; calls her sister."
    strengths.fill(typed)
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    # Sign only once every autosave has landed, as a person who waits for "Saved" does: the
    # typed text reaches the server (the autosave 1.5 s after typing), leaving the box sends
    # one more (its change event), and the form then holds the version last saved. Signing
    # with an autosave still in flight is refused as a save from elsewhere (seen under load).
    assert wait_until(
        lambda: Assessment.objects.get().domains.get("coping", {}).get("strengths") == typed
    )
    strengths.blur()
    form = page.locator("#assessment-form")
    assert wait_until(
        lambda: (
            "htmx-request" not in (form.get_attribute("class") or "")
            and page.locator("#id_version").input_value() == str(Assessment.objects.get().version)
        )
    )
    _no_sideways_scrolling(page)
    assert _blocking_violations(page) == []
    snap(page, "assessment-draft")
    page.get_by_role("button", name="Complete and sign…").click()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Assessment completed and signed.")).to_be_visible()
    assessment = Assessment.objects.get()
    assert assessment.is_signed and assessment.domains["coping"]["need"] == "moderate"
    _no_sideways_scrolling(page)
    snap(page, "assessment-signed")


def test_signing_while_an_autosave_is_in_flight_waits_for_it(
    page: Page, live_server, case_manager, client_a
):
    """The field left last saves on blur as "Sign" is pressed; the sign must carry the version
    that save returns, not be refused as "saved elsewhere"."""
    signed_in(page, live_server.url, case_manager)
    page.goto(live_server.url + reverse("careplans:assessments", kwargs={"client_id": client_a.pk}))
    page.get_by_role("button", name="Start an assessment").click()
    for select in page.locator("select[name$='_need']").all():
        select.select_option("moderate")
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    page.wait_for_load_state("networkidle")
    held = []

    def hold_or_pass(route):
        # Hold the first save; later ones (the delayed input save) go straight through.
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route("**/autosave/", hold_or_pass)
    page.locator("#id_coping_strengths").fill("Walks every morning.")
    page.get_by_role("button", name="Complete and sign…").click()  # blur: the save goes out
    expect(page.locator("#assessment-form.htmx-request")).to_have_count(1)
    page.get_by_role("button", name="Sign", exact=True).click()
    assert not Assessment.objects.get().is_signed  # held until the save answers
    for route in held:
        route.continue_()
    expect(page.get_by_text("Assessment completed and signed.")).to_be_visible()
    assessment = Assessment.objects.get()
    assert assessment.is_signed and assessment.domains["coping"]["strengths"] == (
        "Walks every morning."
    )
