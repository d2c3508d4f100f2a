from __future__ import annotations

import pytest

from casework import access
from casework.models import Role
from clients.models import Client
from tests.factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_case_manager_the_clients_of_their_teams_only(case_manager, client_a, client_b):
    assert list(Client.objects.visible_to(case_manager)) == [client_a]


def test_it_shows_a_supervisor_the_teams_they_supervise(supervisor, client_a, client_b):
    assert list(Client.objects.visible_to(supervisor)) == [client_a]
    assert list(Client.objects.changeable_by(supervisor)) == [client_a]


def test_it_lets_compliance_read_but_never_change(compliance, client_a, client_b):
    assert list(Client.objects.visible_to(compliance)) == [client_a]
    assert not Client.objects.changeable_by(compliance).exists()
    assert not access.access_for(compliance).can_change_team(client_a.team_id)


def test_it_hides_every_client_from_an_admin_without_a_clinical_role(admin_user, client_a):
    assert not Client.objects.visible_to(admin_user).exists()
    assert not access.access_for(admin_user).sees_clients
    assert access.access_for(admin_user).admin_agency_ids == {client_a.agency_id}


def test_an_admin_who_is_also_a_case_manager_sees_that_teams_clients(
    admin_user, team_b, client_a, client_b
):
    MembershipFactory(user=admin_user, team=team_b, role=Role.CASE_MANAGER)
    assert list(Client.objects.visible_to(admin_user)) == [client_b]


def test_it_hides_everything_from_a_deactivated_user(case_manager, client_a):
    case_manager.is_active = False
    case_manager.save(update_fields=["is_active"])
    assert not Client.objects.visible_to(case_manager).exists()
    assert not access.access_for(case_manager).readable_team_ids


def test_it_hides_the_clients_of_a_deactivated_team(case_manager, client_a, team_a):
    team_a.is_active = False
    team_a.save(update_fields=["is_active"])
    assert not Client.objects.visible_to(case_manager).exists()


def test_it_sees_nothing_for_an_anonymous_user(client_a):
    from django.contrib.auth.models import AnonymousUser

    assert not Client.objects.visible_to(AnonymousUser()).exists()


def test_membership_in_a_team_of_another_agency_grants_nothing_here(case_manager, client_a):
    elsewhere = TeamFactory()  # another agency's team
    MembershipFactory(user=case_manager, team=elsewhere, role=Role.SUPERVISOR)
    assert list(Client.objects.visible_to(case_manager)) == [client_a]


def test_the_scope_is_one_query_whatever_the_number_of_teams(
    case_manager, agency, django_assert_num_queries
):
    for _ in range(5):
        MembershipFactory(user=case_manager, team=TeamFactory(agency=agency))
    # One SELECT with the team scope as a subquery; no per-team round trips.
    with django_assert_num_queries(1):
        list(Client.objects.visible_to(case_manager))
