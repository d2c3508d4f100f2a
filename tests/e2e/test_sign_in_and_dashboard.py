from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from clients.services.contact_dates import contact_dates_refresh
from tests.e2e.conftest import PHONE, page_width, sign_in, signed_in
from tests.factories import PASSWORD, AssignmentFactory, ClientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def _blocking_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_a_case_manager_signs_in_and_sees_their_dashboard(
    page: Page, live_server, case_manager, client_a, client_b, snap
):
    AssignmentFactory(client=client_a, staff=case_manager)
    contact_dates_refresh(client_ids=[client_a.pk])  # as intake does: the first contact is due
    page.goto(f"{live_server.url}/accounts/login/")
    snap(page, "sign-in")
    assert _blocking_violations(page) == []

    sign_in(page, live_server.url, case_manager.email, PASSWORD)
    expect(page.get_by_role("heading", name="Good to see you, Casey")).to_be_visible()
    expect(page.get_by_role("link", name="Amara Teamay")).to_be_visible()
    expect(page.get_by_text("Teambee")).to_have_count(0)
    snap(page, "dashboard-case-manager")
    assert _blocking_violations(page) == []


def test_the_client_list_searches_as_you_type(page: Page, live_server, case_manager, team_a, snap):
    ClientFactory(team=team_a, given_name="Winifred", family_name="Oyelaran")
    ClientFactory(team=team_a, given_name="Desmond", family_name="Achterberg")
    signed_in(page, live_server.url, case_manager, "/")
    page.get_by_role("link", name="Find a client", exact=True).click()
    expect(page.get_by_role("link", name="Desmond Achterberg")).to_be_visible()
    snap(page, "client-list")
    assert _blocking_violations(page) == []

    page.get_by_label("Name, record number or date of birth").fill("Oyel")
    expect(page.get_by_role("link", name="Desmond Achterberg")).to_have_count(0)
    expect(page.get_by_role("link", name="Winifred Oyelaran")).to_be_visible()

    page.get_by_role("link", name="Winifred Oyelaran").click()
    expect(page.get_by_role("heading", name="Winifred Oyelaran")).to_be_visible()
    snap(page, "client-detail")
    assert _blocking_violations(page) == []


def test_the_navigation_folds_away_on_a_phone(page: Page, live_server, case_manager):
    page.set_viewport_size(PHONE)
    signed_in(page, live_server.url, case_manager, "/")
    clients_link = page.get_by_role("link", name="Find a client", exact=True)
    expect(clients_link).to_be_hidden()
    page.get_by_role("button", name="Toggle navigation").click()
    expect(clients_link).to_be_visible()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page_width(page) <= PHONE["width"]
    assert _blocking_violations(page) == []


def test_an_admin_sees_teams_and_no_clients(
    page: Page, live_server, admin_user, case_manager, client_a, snap
):
    signed_in(page, live_server.url, admin_user, "/")
    expect(page.get_by_role("heading", name="Agency administration")).to_be_visible()
    expect(page.get_by_role("link", name="Find a client", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Programs, teams and staff").click()
    expect(page.get_by_role("link", name="Team A")).to_be_visible()
    main = page.get_by_role("navigation", name="Main")
    expect(main.get_by_role("link", name="Agency", exact=True)).to_have_count(1)
    expect(main.get_by_role("link", name="Teams & staff")).to_have_count(0)
    snap(page, "teams")
    assert _blocking_violations(page) == []


def test_a_wrong_password_is_explained_at_the_form(page: Page, live_server, case_manager):
    sign_in(page, live_server.url, case_manager.email, "not my password")
    expect(page.get_by_text("do not match an active account")).to_be_visible()
