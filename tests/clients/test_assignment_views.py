"""The staff page (history and forms) and the transfer page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Role
from clients.models import AssignmentRole, Status
from tests.factories import AssignmentFactory, ClientFactory, MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(team_a, case_manager):
    client = ClientFactory(team=team_a, status=Status.ACTIVE)
    AssignmentFactory(client=client, staff=case_manager)
    return client


@pytest.fixture
def colleague(team_a):
    return MembershipFactory(
        team=team_a, role=Role.CASE_MANAGER, user__full_name="Cole League"
    ).user


def test_the_staff_page_shows_the_whole_history_at_a_fixed_cost(
    client, case_manager, served, team_a, django_assert_max_num_queries
):
    for n in range(15):
        staff = MembershipFactory(team=team_a, role=Role.CASE_MANAGER).user
        AssignmentFactory(
            client=served,
            staff=staff,
            role=AssignmentRole.SECONDARY,
            started_on=timezone.localdate() - timedelta(days=40),
            ended_on=timezone.localdate() - timedelta(days=n),
        )
    client.force_login(case_manager)
    # session, user, client, audit insert, memberships (access), history (staff joined),
    # transfers (teams and areas joined), two staff selects, open reminders (navigation),
    # session save in a savepoint pair.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("clients:assignments", args=[served.pk]))
    assert len(response.context["history"]) == 16
    assert "Reassign the primary case manager" in response.content.decode()


def test_a_reader_sees_the_history_without_forms(client, compliance, served):
    client.force_login(compliance)
    body = client.get(reverse("clients:assignments", args=[served.pk])).content.decode()
    assert "Reassign the primary" not in body and "Add secondary staff" not in body


def test_it_reassigns_the_primary_through_the_page(client, case_manager, served, colleague):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:primary_reassign", args=[served.pk]),
        {
            "primary-staff": colleague.pk,
            "primary-started_on": timezone.localdate(),
            "primary-reason": "Balance",
        },
    )
    assert response.status_code == 302
    assert served.assignments.get(ended_on__isnull=True).staff == colleague


def test_a_refused_reassignment_is_shown_at_the_field(client, case_manager, served):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:primary_reassign", args=[served.pk]),
        {
            "primary-staff": case_manager.pk,
            "primary-started_on": timezone.localdate(),
            "primary-reason": "x",
        },
    )
    assert response.status_code == 200
    assert "already the primary" in response.context["primary_form"].errors["staff"][0]


def test_staff_of_another_team_are_not_a_choice(client, case_manager, served, outsider):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:secondary_add", args=[served.pk]),
        {"secondary-staff": outsider.pk, "secondary-started_on": timezone.localdate()},
    )
    assert "staff" in response.context["secondary_form"].errors
    assert "Otto Outsider" not in response.content.decode()
    assert served.assignments.count() == 1


def test_it_adds_and_ends_a_secondary_through_the_page(client, case_manager, served, colleague):
    client.force_login(case_manager)
    client.post(
        reverse("clients:secondary_add", args=[served.pk]),
        {"secondary-staff": colleague.pk, "secondary-started_on": timezone.localdate()},
    )
    row = served.assignments.get(role=AssignmentRole.SECONDARY)
    response = client.post(
        reverse("clients:secondary_end", args=[served.pk, row.pk]),
        {"end-ended_on": timezone.localdate()},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.ended_on == timezone.localdate()


def test_ending_another_clients_assignment_is_refused(client, case_manager, served, team_a):
    other = AssignmentFactory(client=ClientFactory(team=team_a), role=AssignmentRole.SECONDARY)
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:secondary_end", args=[served.pk, other.pk]),
        {"end-ended_on": timezone.localdate()},
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.ended_on is None


def test_the_transfer_page_lists_only_the_users_own_teams(client, case_manager, served, team_b):
    client.force_login(case_manager)
    response = client.get(reverse("clients:transfer", args=[served.pk]))
    assert list(response.context["form"].fields["to_team"].queryset) == [served.team]
    assert "Team B" not in response.content.decode()


def test_a_transfer_away_sends_the_user_to_the_list(client, case_manager, served, agency):
    # A case manager in two teams moves the client to the other, then leaves only team A.
    other = TeamFactory(agency=agency, name="Team C")
    membership = MembershipFactory(team=other, user=case_manager, role=Role.CASE_MANAGER)
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:transfer", args=[served.pk]),
        {"to_team": other.pk, "effective_on": timezone.localdate(), "reason": "Moved"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[served.pk])
    assert AuditEvent.objects.filter(action="clients.client.transferred").exists()
    membership.delete()
    assert client.get(reverse("clients:detail", args=[served.pk])).status_code == 404


def test_a_transfer_with_bad_input_saves_nothing(client, case_manager, served):
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:transfer", args=[served.pk]),
        {"to_team": served.team_id, "effective_on": timezone.localdate(), "reason": ""},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    served.refresh_from_db()
    assert not served.transfers.exists()


@pytest.mark.parametrize("name", ["clients:primary_reassign", "clients:secondary_add"])
def test_compliance_may_not_change_staff(client, compliance, served, colleague, name):
    client.force_login(compliance)
    prefix = "primary" if "primary" in name else "secondary"
    response = client.post(
        reverse(name, args=[served.pk]),
        {
            f"{prefix}-staff": colleague.pk,
            f"{prefix}-started_on": timezone.localdate(),
            f"{prefix}-reason": "x",
        },
    )
    assert response.status_code == 403
    assert served.assignments.count() == 1


def test_the_transfer_page_costs_few_queries(
    client, case_manager, served, django_assert_max_num_queries
):
    client.force_login(case_manager)
    # session, user, client, memberships (access), then one query per select (teams,
    # service areas), the teams covering the client's area, the ranked staff of the team
    # (clients.selectors.matching, one query), audit insert, open reminders (navigation),
    # session save in a savepoint pair.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("clients:transfer", args=[served.pk])).status_code == 200
