from __future__ import annotations

import pytest
from django.urls import reverse

from clients.services.contact_dates import contact_dates_refresh
from tests.factories import AssignmentFactory, ClientFactory

pytestmark = pytest.mark.django_db


def test_a_case_manager_sees_their_clients_and_no_one_elses(
    client, case_manager, client_a, client_b
):
    AssignmentFactory(client=client_a, staff=case_manager)
    contact_dates_refresh(client_ids=[client_a.pk])  # as intake does: the first contact is due
    client.force_login(case_manager)
    body = client.get(reverse("dashboard")).content.decode()
    assert "My caseload" in body
    assert "Amara Teamay" in body
    assert "Teambee" not in body
    assert "Team B" not in body


def test_a_supervisor_sees_their_teams_counts(client, supervisor, team_a, client_a):
    client.force_login(supervisor)
    response = client.get(reverse("dashboard"))
    body = response.content.decode()
    assert "Your teams" in body
    teams = [p for p in response.context["panels"] if p.template == "clients/_teams_panel.html"]
    assert [(t.name, t.client_count) for t in teams[0].context["teams"]] == [("Team A", 1)]


def test_an_admin_sees_administration_and_no_client_data(client, admin_user, client_a):
    client.force_login(admin_user)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Agency administration" in body
    assert "Teamay" not in body
    assert reverse("clients:list") not in body  # no Clients entry in the navigation
    assert reverse("administration:home") in body
    assert reverse("teams") not in body  # one place for teams and staff: the agency pages


def test_compliance_sees_the_audit_panel_and_no_admin_links(client, compliance, client_a):
    client.force_login(compliance)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Audit trail" in body
    assert reverse("teams") not in body and reverse("administration:home") not in body


def test_the_old_teams_page_leads_admins_to_the_agency_pages(client, case_manager, admin_user):
    client.force_login(case_manager)
    assert client.get(reverse("teams")).status_code == 403
    client.force_login(admin_user)
    response = client.get(reverse("teams"))
    assert response.status_code == 302
    assert response["Location"] == reverse("administration:home")


def test_the_agency_staff_page_shows_only_the_admins_agency(client, admin_user, case_manager):
    from tests.factories import MembershipFactory

    stranger = MembershipFactory(user__full_name="Stranger Elsewhere").user  # another agency
    client.force_login(admin_user)
    body = client.get(reverse("administration:staff")).content.decode()
    assert "Casey Manager" in body and stranger.full_name not in body


def test_the_dashboard_has_a_fixed_query_budget(
    client, supervisor, case_manager, team_a, django_assert_max_num_queries
):
    from casework.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(
        user=supervisor,
        team=team_a.__class__.objects.create(
            agency=team_a.agency, name="Team C", program=team_a.program
        ),
        role=Role.SUPERVISOR,
    )
    ClientFactory.create_batch(40, team=team_a)
    client.force_login(supervisor)
    # session, user, memberships, overdue count, next-due clients, unsigned notes, expiring
    # releases, notes returned to the author (supervision), the staffing panel's team,
    # memberships, trainings and clients (4), team counts, the reminder badge's count, and
    # the session save wrapped in a savepoint pair.
    with django_assert_max_num_queries(17):
        client.get(reverse("dashboard"))


def test_the_paperwork_panel_counts_what_is_left_to_close_out(client, case_manager, client_a):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ConsentReleaseFactory, VisitFactory

    AssignmentFactory(client=client_a, staff=case_manager)
    now = timezone.now()
    VisitFactory(client=client_a, author=case_manager, sign_due_at=now - timedelta(hours=1))
    VisitFactory(client=client_a, author=case_manager, sign_due_at=now + timedelta(days=2))
    VisitFactory(client=client_a, sign_due_at=now - timedelta(hours=1))  # someone else's
    ConsentReleaseFactory(client=client_a, expires_on=timezone.localdate() + timedelta(days=10))
    ConsentReleaseFactory(client=client_a)  # expires in eleven months
    client.force_login(case_manager)
    response = client.get(reverse("dashboard"))
    [panel] = [
        p for p in response.context["panels"] if p.template.endswith("_paperwork_panel.html")
    ]
    assert panel.context == {"unsigned": 2, "unsigned_overdue": 1, "expiring": 1}
    body = response.content.decode()
    assert reverse("clients:unsigned_notes") in body
    assert reverse("clients:consents_expiring") in body
