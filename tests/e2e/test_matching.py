"""Browser test of issue 13: a supervisor takes in a 16-year-old on probation who speaks
Spanish and needs an interpreter. The ranked list puts the case managers trained for youth
and justice involvement, who speak Spanish, cover the client's area and have room at the
top, each with the reasons; a choice against a rule asks for a reason, which is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from casework.models import MatchOverride, Role
from clients.models import AssignmentRole, Client, DischargeReason, Status
from tests.e2e.conftest import PHONE, page_width, signed_in
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    EpisodeFactory,
    ServiceAreaFactory,
    minor_on_probation,
    staff_member,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def _blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def harbor(agency, team_a):
    area = ServiceAreaFactory(agency=agency, name="Harbor District")
    east = ServiceAreaFactory(agency=agency, name="Eastside")
    team_a.service_area = area
    team_a.save()
    both = ["youth", "justice"]
    spanish = ("English", "Spanish")
    staff = {
        "luis": staff_member(
            team_a, "Luis Marín", trainings=both, languages=spanish, areas=[area], limit=12
        ),
        "ana": staff_member(
            team_a, "Ana Ortega", trainings=both, languages=spanish, areas=[area], limit=12
        ),
        "full": staff_member(
            team_a, "Beatriz Full", trainings=both, languages=spanish, areas=[area], limit=1
        ),
        "east": staff_member(
            team_a, "Diego Eastside", trainings=both, languages=spanish, areas=[east]
        ),
        "grace": staff_member(
            team_a, "Grace Whitfield", trainings=["justice"], lapsed=["youth"], areas=[area]
        ),
        "tom": staff_member(team_a, "Tomasz Nowak", trainings=["justice"], areas=[area]),
    }
    AssignmentFactory(staff=staff["ana"], client=ClientFactory(team=team_a, risk_level="high"))
    for _ in range(2):  # 2 places of 1: over the limit
        AssignmentFactory(
            staff=staff["full"], client=ClientFactory(team=team_a, risk_level="moderate")
        )
    return area, staff


def test_a_supervisor_assigns_a_spanish_speaking_minor_on_probation(
    page: Page, live_server, supervisor, team_a, harbor, snap
):
    area, staff = harbor
    signed_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("Given name").fill("Rosa")
    page.get_by_label("Family name").fill("Quintero")
    dob = timezone.localdate() - timedelta(days=16 * 365 + 100)
    page.get_by_label("Date of birth").fill(dob.isoformat())
    page.get_by_label("Record number").fill("A-716")
    page.get_by_label("Primary language").fill("Spanish")
    page.get_by_label("Needs an interpreter").check()
    page.get_by_label("Service area").select_option(label="Harbor District")
    page.get_by_label("Justice-involved").check()

    ranking = page.get_by_test_id("ranked-staff")
    first = ranking.get_by_test_id("suggestion").first
    expect(first).to_contain_text("Luis Marín")
    for reason in (
        "Trained: youth and minors",
        "Trained: justice involvement",
        "Speaks Spanish",
        "Covers Harbor District",
        "Room:",
    ):
        expect(first).to_contain_text(reason)
    expect(first).to_contain_text("Meets every rule")
    second = ranking.get_by_test_id("suggestion").nth(1)
    expect(second).to_contain_text("Ana Ortega")  # as good, but less room (a high-acuity client)
    names = ranking.get_by_test_id("suggestion").locator("label").all_inner_texts()
    order = [n.split(". ", 1)[1] for n in names]
    # Rules first (the full caseload, the lapsed youth training, no Spanish break one or
    # more), then area: Diego meets every rule but covers Eastside.
    assert order[:3] == ["Luis Marín", "Ana Ortega", "Diego Eastside"]
    assert "Otto Outsider" not in order
    grace = ranking.get_by_test_id("suggestion").filter(has_text="Grace Whitfield")
    expect(grace).to_contain_text("Youth and minors training lapsed")
    expect(grace).to_contain_text("Does not speak Spanish")
    snap(page, "matching-intake-ranked")
    assert _blocking_violations(page) == []

    # Choosing someone against the rules asks for a reason.
    grace.get_by_role("radio").check()
    page.get_by_role("button", name="Check and create").click()
    expect(page.get_by_text("Grace Whitfield does not meet every rule")).to_be_visible()
    assert not Client.objects.filter(record_number="A-716").exists()
    snap(page, "matching-intake-reason-needed")
    page.get_by_label("Why this choice, against a rule?").fill(
        "Has worked with the family before; youth refresher booked for next month."
    )
    page.get_by_role("button", name="Check and create").click()
    expect(page.get_by_role("heading", name="Rosa Quintero")).to_be_visible()
    created = Client.objects.get(record_number="A-716")
    override = MatchOverride.objects.get(client_id=created.pk)
    assert set(override.rules) == {"youth", "language"} and override.staff == staff["grace"]

    page.goto(f"{live_server.url}/clients/{created.pk}/staff/")
    expect(page.get_by_test_id("override")).to_contain_text("youth refresher booked")
    expect(page.get_by_test_id("suggestion").first).to_contain_text("Luis Marín")
    snap(page, "matching-staff-page")
    assert _blocking_violations(page) == []

    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]


def test_a_supervisor_adds_secondary_staff_from_the_ranked_list(
    page: Page, live_server, supervisor, team_a, harbor, snap
):
    area, staff = harbor
    rosa = minor_on_probation(team_a, given_name="Rosa", family_name="Quintero", service_area=area)
    AssignmentFactory(client=rosa, staff=staff["luis"])
    AssignmentFactory(  # Ana covered for Luis last spring
        client=rosa,
        staff=staff["ana"],
        role=AssignmentRole.SECONDARY,
        started_on=timezone.localdate() - timedelta(days=200),
        ended_on=timezone.localdate() - timedelta(days=120),
    )
    signed_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/clients/{rosa.pk}/staff/")
    section = page.locator("#secondary")
    # Both actions start closed; the supervisor opens the one they want.
    expect(section.get_by_role("button", name="Add")).to_be_hidden()
    section.get_by_text("Add secondary staff").click()
    ranking = section.get_by_test_id("ranked-staff")
    names = ranking.get_by_test_id("suggestion").locator("label").all_text_contents()
    order = [" ".join(n.split()).split(". ", 1)[1] for n in names]
    # Luis serves Rosa now, so he is not offered; Ana served her before and comes first.
    assert order[:3] == ["Ana Ortega", "Diego Eastside", "Beatriz Full"]
    assert "Luis Marín" not in order
    expect(ranking.get_by_test_id("suggestion").first).to_contain_text(
        "Has worked with this client before"
    )
    grace = ranking.get_by_test_id("suggestion").filter(has_text="Grace Whitfield")
    expect(grace).to_contain_text("Youth and minors training lapsed")
    snap(page, "matching-secondary-ranked")
    assert _blocking_violations(page) == []

    grace.get_by_role("radio").check()
    section.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Grace Whitfield does not meet every rule")).to_be_visible()
    assert not rosa.assignments.filter(staff=staff["grace"]).exists()
    snap(page, "matching-secondary-reason-needed")
    page.locator("#secondary").get_by_label("Why this choice, against a rule?").fill(
        "Knows the probation officer; youth refresher booked."
    )
    page.locator("#secondary").get_by_role("button", name="Add").click()
    expect(page.get_by_text("Grace Whitfield was added as secondary staff.")).to_be_visible()
    override = MatchOverride.objects.get(client_id=rosa.pk)
    assert set(override.rules) == {"youth", "language"} and override.staff == staff["grace"]
    expect(page.get_by_test_id("override")).to_contain_text("youth refresher booked")
    snap(page, "matching-secondary-added")
    assert _blocking_violations(page) == []

    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]


def test_a_supervisor_reopens_a_client_with_the_last_primary_first(
    page: Page, live_server, supervisor, team_a, harbor, snap
):
    area, staff = harbor
    closed = timezone.localdate() - timedelta(days=20)
    marco = minor_on_probation(
        team_a,
        given_name="Marco",
        family_name="Returns",
        service_area=area,
        status=Status.DISCHARGED,
        status_since=closed,
    )
    EpisodeFactory(
        client=marco,
        number=1,
        opened_on=closed - timedelta(days=300),
        closed_on=closed,
        discharge_reason=DischargeReason.GOALS_MET,
    )
    AssignmentFactory(client=marco, staff=staff["ana"], ended_on=closed)
    signed_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/clients/{marco.pk}/reopen/")
    first = page.get_by_test_id("suggestion").first
    expect(first).to_contain_text("Ana Ortega")
    expect(first).to_contain_text("Was this client's last primary case manager")
    snap(page, "matching-reopen-ranked")
    assert _blocking_violations(page) == []

    page.get_by_label("Why the client comes back").fill("Back from juvenile hall.")
    first.get_by_role("radio").check()
    page.get_by_role("button", name="Re-open").click()
    expect(page.get_by_text("Re-opened: episode 2 has begun.")).to_be_visible()
    assert marco.assignments.get(ended_on__isnull=True).staff == staff["ana"]
    assert not MatchOverride.objects.filter(client_id=marco.pk).exists()


def test_the_supervisor_sees_staffing_and_keeps_profiles(
    page: Page, live_server, supervisor, team_a, harbor, agency, snap
):
    area, staff = harbor
    from tests.factories import TeamFactory

    east_team = TeamFactory(agency=agency, name="Team East")
    moved = ClientFactory(
        team=team_a,
        given_name="Marco",
        family_name="Mover",
        service_area=ServiceAreaFactory(agency=agency, name="Westfield"),
    )
    AssignmentFactory(client=moved, staff=staff["tom"])
    assert east_team.pk
    signed_in(page, live_server.url, supervisor, "/")
    panel = page.get_by_test_id("staffing-panel")
    expect(panel).to_contain_text("Beatriz Full")
    expect(panel).to_contain_text("Grace Whitfield")
    expect(panel).to_contain_text("Marco Mover")
    snap(page, "matching-dashboard-panel")
    assert _blocking_violations(page) == []

    panel.get_by_role("link", name="Grace Whitfield").click()
    expect(page.get_by_role("heading", name="Grace Whitfield")).to_be_visible()
    expect(page.get_by_text("lapsed")).to_be_visible()
    snap(page, "matching-profile")
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Youth and minors").check()
    page.locator("#id_youth_certified_on").fill(timezone.localdate().isoformat())
    page.locator("#id_youth_expires_on").fill(
        (timezone.localdate() + timedelta(days=730)).isoformat()
    )
    page.get_by_label("Languages spoken").fill("English, Spanish")
    snap(page, "matching-profile-edit")
    assert _blocking_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Grace Whitfield's profile was saved.")).to_be_visible()
    expect(page.get_by_text("English, Spanish")).to_be_visible()

    page.goto(f"{live_server.url}/")
    page.get_by_test_id("staffing-panel").get_by_role("link", name="Staff profiles").click()
    expect(page.get_by_role("link", name="Luis Marín")).to_be_visible()
    snap(page, "matching-staff-list")
    assert _blocking_violations(page) == []

    page.goto(f"{live_server.url}/clients/{moved.pk}/")
    page.get_by_test_id("transfer-flag").click()
    expect(page.get_by_test_id("outside-area")).to_contain_text("Westfield")
    snap(page, "matching-transfer")
    assert _blocking_violations(page) == []
    assert Role.SUPERVISOR
