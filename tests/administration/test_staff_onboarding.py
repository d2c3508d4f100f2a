"""The agency admin changes a person's roles (history kept, audited, under a version),
deactivates them (sessions end, calendar link off; not while they still serve open clients),
reactivates them, and unlocks a locked account (django-axes' reset, audited)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client as WebClient
from django.urls import reverse

from casework.models import AgencyStaff, AuditEvent, Membership, Role, StaffRoleChange
from clients.models import AssignmentRole, CalendarFeed
from clients.services.appointments import calendar_feed_create
from tests.factories import PASSWORD, AssignmentFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _roles(client, person, data, teams):
    data = {**data, **{f"team_{team.pk}": role for team, role in teams.items()}}
    return client.post(reverse("administration:staff_roles", kwargs={"user_id": person.pk}), data)


def test_a_role_change_is_kept_in_the_history_and_audited(
    client, agency_admin, case_manager, team_a
):
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:staff_roles", kwargs={"user_id": case_manager.pk}),
        {"version": "", f"team_{team_a.pk}": Role.SUPERVISOR},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=case_manager).role == Role.SUPERVISOR
    change = StaffRoleChange.objects.get(user=case_manager)
    assert (change.role_before, change.role_after, change.changed_by) == (
        "case_manager",
        "supervisor",
        agency_admin,
    )
    event = AuditEvent.objects.get(action="casework.membership.changed")
    assert event.detail["previous_role"] == "case_manager" and event.actor == agency_admin
    page = client.get(reverse("administration:staff_detail", kwargs={"user_id": case_manager.pk}))
    assert "Case manager → Supervisor" in page.content.decode()


def test_a_stale_roles_form_is_refused(client, agency_admin, case_manager, team_a, team_b):
    client.force_login(agency_admin)
    read_before = {"version": ""}  # both forms opened before either was saved
    first = _roles(
        client, case_manager, read_before, {team_a: "case_manager", team_b: "compliance"}
    )
    assert first.status_code == 302
    second = _roles(client, case_manager, read_before, {team_a: "supervisor"})
    assert "Someone else changed this" in second.content.decode()
    assert Membership.objects.get(user=case_manager, team=team_a).role == Role.CASE_MANAGER
    assert Membership.objects.get(user=case_manager, team=team_b).role == Role.COMPLIANCE


def test_nobody_leaves_a_team_whose_open_clients_they_serve(
    client, agency_admin, case_manager, team_a, team_b
):
    AssignmentFactory(client=ClientFactory(team=team_a), staff=case_manager)
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:staff_roles", kwargs={"user_id": case_manager.pk}),
        {"version": "", f"team_{team_b.pk}": Role.CASE_MANAGER},
    )
    assert "still serves open clients in Team A (1)" in response.content.decode()
    assert list(Membership.objects.filter(user=case_manager).values_list("team", flat=True)) == [
        team_a.pk
    ]


def test_the_agency_keeps_an_active_admin(client, agency_admin, team_a):
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:staff_roles", kwargs={"user_id": agency_admin.pk}),
        {"version": 1, f"team_{team_a.pk}": Role.CASE_MANAGER},
    )
    assert "at least one active agency admin" in response.content.decode()
    assert AgencyStaff.objects.get(user=agency_admin).is_admin


def test_a_team_admin_role_from_before_becomes_the_agency_admin_role(
    client, agency_admin, admin_user, team_a
):
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:staff_roles", kwargs={"user_id": admin_user.pk}),
        {"version": "", "is_admin": "on"},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=admin_user).exists()
    assert AgencyStaff.objects.get(user=admin_user).is_admin
    client.force_login(admin_user)
    assert client.get(reverse("administration:home")).status_code == 200


def test_deactivation_waits_until_a_supervisor_reassigned_the_clients(
    client, agency_admin, case_manager, supervisor, team_a
):
    held = AssignmentFactory(client=ClientFactory(team=team_a), staff=case_manager)
    AssignmentFactory(
        client=ClientFactory(team=team_a), staff=case_manager, role=AssignmentRole.SECONDARY
    )
    client.force_login(agency_admin)
    url = reverse("administration:staff_deactivate", kwargs={"user_id": case_manager.pk})
    page = client.get(url).content.decode()
    assert "Team A</strong>: 1 as primary case manager, 1 as secondary staff" in page
    assert "Supervisors: Sandra Supervisor" in page
    assert "Teamay" not in page and held.client.family_name not in page
    client.post(url)
    case_manager.refresh_from_db()
    assert case_manager.is_active


def test_deactivation_ends_sessions_and_the_calendar_link(client, agency_admin, case_manager):
    theirs = WebClient()
    theirs.force_login(case_manager)
    calendar_feed_create(user=case_manager)
    client.force_login(agency_admin)
    response = client.post(
        reverse("administration:staff_deactivate", kwargs={"user_id": case_manager.pk})
    )
    assert response.status_code == 302
    case_manager.refresh_from_db()
    assert not case_manager.is_active
    assert not CalendarFeed.objects.filter(user=case_manager, revoked_at__isnull=True).exists()
    assert theirs.get(reverse("dashboard")).status_code == 302  # signed out
    live = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(case_manager.pk) not in live
    event = AuditEvent.objects.get(action="casework.user.privileges_changed")
    assert event.detail == {"changes": {"is_active": [True, False]}}
    assert AuditEvent.objects.get(action="clients.calendar_feed.revoked").actor == agency_admin


def test_the_admin_cannot_deactivate_themself(client, agency_admin):
    client.force_login(agency_admin)
    client.post(reverse("administration:staff_deactivate", kwargs={"user_id": agency_admin.pk}))
    agency_admin.refresh_from_db()
    assert agency_admin.is_active


def test_reactivation_restores_the_roles_they_had(client, agency_admin, case_manager, team_a):
    client.force_login(agency_admin)
    client.post(reverse("administration:staff_deactivate", kwargs={"user_id": case_manager.pk}))
    client.post(reverse("administration:staff_reactivate", kwargs={"user_id": case_manager.pk}))
    case_manager.refresh_from_db()
    assert case_manager.is_active
    assert Membership.objects.get(user=case_manager).team == team_a


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_the_admin_unlocks_a_locked_account(client, agency_admin, case_manager):
    person = WebClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(person, case_manager.email, "wrong password")
    assert _sign_in(person, case_manager.email).status_code == 429
    client.force_login(agency_admin)
    staff = client.get(reverse("administration:staff")).content.decode()
    assert "Locked out" in staff
    response = client.post(
        reverse("administration:staff_unlock", kwargs={"user_id": case_manager.pk})
    )
    assert response.status_code == 302
    assert _sign_in(person, case_manager.email).status_code == 302
    event = AuditEvent.objects.get(action="casework.user.unlocked")
    assert event.actor == agency_admin and event.detail["records_cleared"] >= 1


def test_a_person_of_another_agency_is_not_found(client, agency_admin):
    from tests.factories import MembershipFactory

    stranger = MembershipFactory().user
    client.force_login(agency_admin)
    for name in ("staff_detail", "staff_roles", "staff_deactivate"):
        url = reverse(f"administration:{name}", kwargs={"user_id": stranger.pk})
        assert client.get(url).status_code == 404, name


def test_the_staff_list_costs_the_same_queries_with_more_people(
    client, agency_admin, team_a, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    for _ in range(12):
        MembershipFactory(team=team_a)
    client.force_login(agency_admin)
    # session, user, access, reminder count, agency, staff with their state and lockout,
    # their team roles, the session's refresh (savepoint, update, release).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("administration:staff"))
    assert len(response.context["staff"]) == 13
