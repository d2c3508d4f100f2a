"""Who may open which report: supervisors their teams, compliance reviewers theirs, the
agency admin the agency's figures without client lists, case managers nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import Role
from tests.factories import ClientFactory, MembershipFactory, TeamFactory
from tests.reports.conftest import at, visit

pytestmark = pytest.mark.django_db

PARAMS = {"start": "2026-03-01", "end": "2026-04-30"}


def get(client, user, slug="contacts", **params):
    client.force_login(user)
    return client.get(reverse("reports:report", args=[slug]), {**PARAMS, **params})


def test_team_as_supervisor_cannot_open_team_bs_report(client, world, supervisor, team_b):
    for slug in ("contacts", "follow-up", "referrals"):
        assert get(client, supervisor, slug, scope=f"team-{team_b.pk}").status_code == 404
    url = reverse("reports:download_csv", args=["contacts"])
    assert client.get(url, {**PARAMS, "scope": f"team-{team_b.pk}"}).status_code == 404


def test_team_bs_program_and_the_agency_are_out_of_a_supervisors_reach(
    client, world, supervisor, team_b
):
    program = f"program-{team_b.program_id}"
    assert get(client, supervisor, scope=program).status_code == 404
    assert get(client, supervisor, scope=f"agency-{team_b.agency_id}").status_code == 404


def test_the_scope_choices_name_only_the_supervisors_teams(client, world, supervisor, team_a):
    response = get(client, supervisor)
    choices = dict(response.context["form"].fields["scope"].choices)
    assert choices == {
        f"team-{team_a.pk}": "Team A",
        f"program-{team_a.program_id}": f"{team_a.program.name} (program)",
    }
    body = response.content.decode()
    assert "Team B" not in body and "Teambee" not in body and "B-1" not in body


def test_a_case_manager_is_refused_every_report(client, world, case_manager, team_a):
    for name, args in (
        ("reports:index", []),
        ("reports:report", ["contacts"]),
        ("reports:download_xlsx", ["contacts"]),
    ):
        client.force_login(case_manager)
        response = client.get(reverse(name, args=args), {"scope": f"team-{team_a.pk}"})
        assert response.status_code == 403


def test_an_unknown_report_or_scope_is_404(client, world, supervisor):
    assert get(client, supervisor, "nonsense").status_code == 404
    assert get(client, supervisor, scope="team-999999").status_code == 404
    assert get(client, supervisor, scope="everything").status_code == 404


def test_a_program_report_adds_up_the_supervisors_teams_of_that_program(
    client, world, supervisor, team_a
):
    # A second team of the same program, also supervised: the program report covers both.
    other = TeamFactory(agency=team_a.agency, program=team_a.program, name="Team A2")
    MembershipFactory(team=other, user=supervisor, role=Role.SUPERVISOR)
    visit(ClientFactory(team=other), at(3, 9), 30)
    team = get(client, supervisor, scope=f"team-{team_a.pk}").context["report"]
    program = get(client, supervisor, scope=f"program-{team_a.program_id}").context["report"]
    assert team.table("Contacts by month").total == ["Whole period", 4, 2, 3]
    assert program.table("Contacts by month").total == ["Whole period", 5, 2, 4]


def test_the_agency_admin_sees_the_agencys_figures_but_no_client(
    client, world, admin_user, team_a, team_b
):
    response = get(client, admin_user, scope=f"agency-{team_a.agency_id}")
    assert response.status_code == 200
    report = response.context["report"]
    # Team A's 4 completed contacts plus Boris's in team B.
    assert report.table("Contacts by month").total == ["Whole period", 5, 2, 4]
    assert report.lists == []
    body = response.content.decode()
    for name in ("Alpha", "Beta", "Gamma", "Teambee", "A-10", "B-1"):
        assert name not in body
    # Any one team of the agency, figures only.
    response = get(client, admin_user, "follow-up", scope=f"team-{team_b.pk}")
    assert response.status_code == 200
    assert response.context["report"].lists == []


def test_a_compliance_reviewer_reads_their_teams_reports_with_the_lists(
    client, world, compliance, team_a, team_b
):
    report = get(client, compliance, scope=f"team-{team_a.pk}").context["report"]
    assert len(report.table("Contacts per client").rows) == 3
    assert get(client, compliance, scope=f"team-{team_b.pk}").status_code == 404


def test_a_client_moved_to_another_team_leaves_the_old_teams_lists_and_counts(
    client, world, supervisor, team_a, team_b
):
    # Ada moves to team B: team A's supervisor no longer sees her, in the list or the counts
    # (her contacts made by team A stay team A's for the agency admin).
    ada = world["ada"]
    ada.team = team_b
    ada.save(update_fields=["team"])
    report = get(client, supervisor, scope=f"team-{team_a.pk}").context["report"]
    assert [r[0] for r in report.table("Contacts per client").rows] == ["Ben Beta", "Cy Gamma"]
    assert report.table("Contacts by month").total == ["Whole period", 2, 1, 2]


def test_bad_dates_are_told_at_the_field(client, world, supervisor):
    response = get(client, supervisor, start="2026-04-30", end="2026-03-01")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["end"] == ["The end date is before the start date."]
    response = get(client, supervisor, start="2024-01-01", end="2026-03-01")
    assert "at most 366 days" in response.context["form"].errors["end"][0]
    response = get(client, supervisor, start="yesterday")
    assert "start" in response.context["form"].errors
    url = reverse("reports:download_csv", args=["contacts"])
    assert client.get(url, {"start": "2026-04-30", "end": "2026-03-01"}).status_code == 400


def test_without_dates_a_report_shows_last_month(client, world, supervisor):
    from reports.period import last_month

    client.force_login(supervisor)
    report = client.get(reverse("reports:report", args=["contacts"])).context["report"]
    assert report.period == last_month()


def test_the_navigation_offers_reports_to_supervisors_and_admins_only(
    supervisor, admin_user, compliance, case_manager
):
    from casework.access import access_for
    from pages.navigation import items_for

    for user, shown in (
        (supervisor, True),
        (admin_user, True),
        (compliance, True),
        (case_manager, False),
    ):
        labels = [item.label for item in items_for(access_for(user))]
        assert ("Reports" in labels) is shown
