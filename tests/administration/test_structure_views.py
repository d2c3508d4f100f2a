"""Programs, service areas and teams made and edited by the agency admin in the app: checked,
versioned against a second editor, audited; another agency's rows answer 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import AuditEvent, Program, ServiceArea, Team
from tests.factories import ClientFactory, ProgramFactory, TeamFactory

pytestmark = pytest.mark.django_db

PROGRAM = {
    "name": "Intensive Case Management",
    "kind": "standard",
    "contact_standard_days": "7",
    "note_window_business_days": "2",
    "crisis_note_window_hours": "24",
    "care_plan_review_days": "90",
    "reassessment_days": "180",
    "caseload_ratio": "12",
}


def test_the_admin_adds_a_program_with_its_standards(client, agency_admin, agency):
    client.force_login(agency_admin)
    response = client.post(reverse("administration:program_create"), PROGRAM)
    assert response.status_code == 302
    program = Program.objects.get(agency=agency, name="Intensive Case Management")
    assert (program.contact_standard_days, program.note_window_business_days) == (7, 2)
    event = AuditEvent.objects.get(action="casework.program.created")
    assert event.agency_id == agency.pk and event.detail["contact_standard_days"] == 7


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_standard_days", "0"), ("note_window_business_days", "31"), ("caseload_ratio", "")],
)
def test_it_refuses_a_standard_out_of_bounds_at_its_field(client, agency_admin, field, value):
    client.force_login(agency_admin)
    response = client.post(reverse("administration:program_create"), {**PROGRAM, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Program.objects.filter(name=PROGRAM["name"]).exists()


def test_a_second_editor_is_told_and_nothing_is_overwritten(client, agency_admin, team_a):
    program = team_a.program
    client.force_login(agency_admin)
    url = reverse("administration:program_edit", kwargs={"pk": program.pk})
    first = {**PROGRAM, "name": program.name, "version": program.version}
    assert client.post(url, {**first, "contact_standard_days": "14"}).status_code == 302
    response = client.post(url, {**first, "contact_standard_days": "30"})  # read before
    assert "Someone else changed this" in response.content.decode()
    program.refresh_from_db()
    assert program.contact_standard_days == 14 and program.version == 2


def test_names_are_unique_in_the_agency_whatever_their_case(client, agency_admin, team_a):
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:team_create"),
        {"name": "team a", "program": team_a.program_id},
    )
    assert "already has a team of that name" in response.content.decode()
    assert Team.objects.filter(agency=team_a.agency).count() == 1


def test_a_team_takes_only_the_agencys_own_program(client, agency_admin, agency):
    foreign = ProgramFactory()
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:team_create"), {"name": "North", "program": foreign.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["program"]
    assert not Team.objects.filter(name="North").exists()


def test_a_team_with_open_clients_cannot_be_made_inactive(client, agency_admin, team_a):
    ClientFactory(team=team_a)
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:team_edit", kwargs={"pk": team_a.pk}),
        {"name": "Team A", "program": team_a.program_id, "version": 1},  # is_active unticked
    )
    assert "still serves 1 open client" in response.content.decode()
    team_a.refresh_from_db()
    assert team_a.is_active


def test_the_admin_adds_and_renames_a_service_area(client, agency_admin, agency):
    client.force_login(agency_admin)
    client.post(reverse("administration:area_create"), {"name": " Harbor  District ", "code": "HD"})
    area = ServiceArea.objects.get(agency=agency)
    assert area.name == "Harbor District"
    client.post(
        reverse("administration:area_edit", kwargs={"pk": area.pk}),
        {"name": "Harbour District", "code": "HD", "version": 1},
    )
    area.refresh_from_db()
    assert (area.name, area.version) == ("Harbour District", 2)
    assert AuditEvent.objects.get(action="casework.servicearea.changed").detail == {
        "name": "Harbour District"
    }


def test_another_agencys_team_is_not_found(client, agency_admin):
    other = TeamFactory()
    client.force_login(agency_admin)
    response = client.get(reverse("administration:team_edit", kwargs={"pk": other.pk}))
    assert response.status_code == 404


def test_the_agency_page_lists_teams_with_counts_in_a_fixed_number_of_queries(
    client, agency_admin, team_a, team_b, django_assert_max_num_queries
):
    for _ in range(3):
        ClientFactory(team=team_a)
    client.force_login(agency_admin)
    # session, user, access, reminder count, agency, programs, areas, teams with their
    # counts, staff count, and the session's refresh (savepoint, update, release).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("administration:home"))
    teams = {t.name: t for t in response.context["structure"].teams}
    assert teams["Team A"].open_clients == 3
    assert "Teamay" not in response.content.decode()
