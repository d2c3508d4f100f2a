"""The home dashboard and the navigation are composed at the top (pages/): for each role the
panels and the entries come in the order the registries gave them before (issue #25), with
every app's panel and entry in its place, and none for a role that may not see it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Role
from clients.services.contact_dates import contact_dates_refresh
from supervision.models import NoteReturn
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

CASELOAD = "clients/_caseload_panel.html"
TEAM = "supervision/_team_panel.html"
PAPERWORK = "clients/_paperwork_panel.html"
TEAMS = "clients/_teams_panel.html"
STAFFING = "clients/_staffing_panel.html"
ADMIN = "casework/_admin_panel.html"
COMPLIANCE = "casework/_compliance_panel.html"

WRITER_NAV = ["My caseload", "My week", "Offline", "My referrals", "Find a client", "Directory"]

EXPECTED = {
    "case_manager": ([CASELOAD, PAPERWORK, TEAMS], WRITER_NAV),
    "outsider": ([CASELOAD, PAPERWORK, TEAMS], WRITER_NAV),
    "supervisor": (
        [CASELOAD, TEAM, PAPERWORK, TEAMS, STAFFING],
        [
            "My caseload",
            "My week",
            "Offline",
            "Team",
            "Team referrals",
            "Find a client",
            "Directory",
            "Reports",
        ],
    ),  # fmt: skip
    "compliance": ([TEAMS, COMPLIANCE], ["Find a client", "Directory", "Reports", "Audit report"]),
    "admin_user": ([TEAM, ADMIN], ["Team", "Directory", "Reports", "Agency"]),
    # Every role at once (in three teams): every app's panel and entry, in one order.
    "everything": (
        [CASELOAD, TEAM, PAPERWORK, TEAMS, STAFFING, ADMIN, COMPLIANCE],
        [
            "My caseload",
            "My week",
            "Offline",
            "Team",
            "Team referrals",
            "Find a client",
            "Directory",
            "Reports",
            "Agency",
            "Audit report",
        ],
    ),  # fmt: skip
}


@pytest.fixture
def everything(agency, team_a, team_b):
    person = UserFactory(email="all@example.test", full_name="Alex All")
    MembershipFactory(user=person, team=team_a, role=Role.SUPERVISOR)
    MembershipFactory(user=person, team=team_b, role=Role.COMPLIANCE)
    MembershipFactory(user=person, team=TeamFactory(agency=agency), role=Role.ADMIN)
    return person


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_its_panels_and_entries_in_order(request, client, client_a, role):
    person = request.getfixturevalue(role)
    AssignmentFactory(client=client_a, staff=request.getfixturevalue("case_manager"))
    contact_dates_refresh(client_ids=[client_a.pk])
    client.force_login(person)
    response = client.get(reverse("dashboard"))
    panels, entries = EXPECTED[role]
    assert [p.template for p in response.context["panels"]] == panels
    assert [item.label for item in response.context["nav_items"]] == entries


def test_a_panel_with_nothing_to_show_is_left_out_and_comes_back_in_its_place(
    client, case_manager, supervisor, team_a, client_a
):
    """The returned-notes panel shows only when a note is back with its author: then it sits
    between the paperwork and the teams."""
    visit = VisitFactory(client=client_a, author=case_manager, signed_at=timezone.now())
    NoteReturn.objects.create(visit=visit, team=team_a, returned_by=supervisor, comment="Fix it")
    client.force_login(case_manager)
    templates = [p.template for p in client.get(reverse("dashboard")).context["panels"]]
    assert templates == [CASELOAD, PAPERWORK, "supervision/_returned_panel.html", TEAMS]
