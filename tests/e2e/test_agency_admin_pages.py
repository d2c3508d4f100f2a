"""The agency admin's pages changed for issue 21, in a real browser: an admin of two agencies
picks the one they work on; deactivating a case manager hands their appointments ahead to
the clients' new case manager; a caseload file that changes clients already in Casework
shows each change by line before anything is written. Screenshots at 1280 and 375 px, no
serious accessibility finding, no sideways scroll on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from casework.models import AgencyStaff
from clients.models import Appointment, Client
from tests.administration.conftest import client_row, csv_bytes
from tests.e2e.conftest import signed_in
from tests.e2e.test_agency_onboarding import _look
from tests.factories import AgencyFactory, AppointmentFactory, AssignmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_switches_agency_hands_over_appointments_and_sees_updates_first(
    page: Page, live_server, admin_user, case_manager, supervisor, client_a, team_a, snap
):
    base = live_server.url
    AgencyStaff.objects.create(
        agency=AgencyFactory(name="Bay Harbor Services", slug="bay-harbor"),
        user=admin_user,
        is_admin=True,
    )
    signed_in(page, base, admin_user, "/")
    main = page.get_by_role("navigation", name="Main")
    expect(main.get_by_role("link", name="Teams & staff")).to_have_count(0)
    main.get_by_role("link", name="Agency", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bay Harbor Services")
    page.get_by_label("Working on").select_option(label=team_a.agency.name)
    page.get_by_role("button", name="Switch agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(team_a.agency.name)
    expect(page.get_by_role("link", name="Team A")).to_be_visible()
    _look(page, snap, "agency-switch")

    # The case manager leaves: the supervisor took their client; the appointment follows.
    AssignmentFactory(client=client_a, staff=supervisor)
    ahead = AppointmentFactory(client=client_a, staff=case_manager)
    page.goto(f"{base}/agency/staff/{case_manager.pk}/deactivate/")
    expect(page.get_by_text("appointment ahead goes to each client")).to_be_visible()
    _look(page, snap, "staff-deactivate-appointments")
    page.get_by_role("button", name=f"Deactivate {case_manager.full_name}").click()
    expect(page.get_by_text("was deactivated")).to_be_visible()
    assert Appointment.objects.get(pk=ahead.pk).staff == supervisor

    # A file that changes a client already in Casework: shown by line, written on import.
    Client.objects.filter(pk=client_a.pk).update(record_number="OLD-00001")
    row = client_row(
        1,
        given_name=client_a.given_name,
        family_name=client_a.family_name,
        date_of_birth=client_a.date_of_birth.isoformat(),
        program=team_a.program.name,
        case_manager=supervisor.email,
        phone="+1 510 555 0199",
        risk_level=client_a.risk_level,
    )
    page.get_by_role("link", name="Agency", exact=True).click()
    page.get_by_role("link", name="Import the caseload").click()
    page.get_by_label("Clients (CSV or XLSX)").set_input_files(
        files=[{"name": "caseload.csv", "mimeType": "text/csv", "buffer": csv_bytes([row])}]
    )
    page.get_by_role("button", name="Check the files").click()
    updates = page.get_by_test_id("import-updates")
    expect(updates).to_contain_text("OLD-00001")
    expect(updates).to_contain_text("phone")
    _look(page, snap, "import-updates")
    page.get_by_role("button", name="Update 1 client").click()
    expect(page.get_by_test_id("import-outcome")).to_contain_text("1 already in Casework updated")
    assert Client.objects.get(pk=client_a.pk).phone == "+1 510 555 0199"
