"""Primary and secondary staff with periods, and transfers between teams and areas."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Role
from clients.models import Assignment, AssignmentRole, Status, Transfer
from clients.services import assignment
from clients.services.errors import ClientRecordError
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    MembershipFactory,
    ServiceAreaFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def served(team_a, case_manager):
    """Client A-7 of team A, with the case manager as primary since 60 days."""
    client = ClientFactory(team=team_a, record_number="A-7", status=Status.ACTIVE)
    AssignmentFactory(client=client, staff=case_manager, started_on=_today() - timedelta(days=60))
    return client


@pytest.fixture
def colleague(team_a):
    return MembershipFactory(
        team=team_a, role=Role.CASE_MANAGER, user__full_name="Cole League"
    ).user


def test_reassigning_the_primary_ends_the_old_period_and_starts_the_new(
    served, case_manager, colleague, supervisor
):
    day = _today() - timedelta(days=1)
    new = assignment.primary_reassign(
        client_id=served.pk,
        staff=colleague,
        started_on=day,
        reason="Caseload balance",
        assigned_by=supervisor,
    )
    old = served.assignments.get(staff=case_manager)
    assert old.ended_on == day
    assert (new.staff, new.role, new.started_on, new.ended_on) == (colleague, "primary", day, None)
    assert AuditEvent.objects.get(action="clients.assignment.primary_reassigned").detail == {
        "staff": colleague.pk,
        "previous": case_manager.pk,
    }


def test_a_secondary_who_becomes_primary_ends_the_secondary_period(served, supervisor):
    AssignmentFactory(
        client=served,
        staff=supervisor,
        role=AssignmentRole.SECONDARY,
        started_on=_today() - timedelta(days=10),
    )
    assignment.primary_reassign(
        client_id=served.pk,
        staff=supervisor,
        started_on=_today(),
        reason="Lead",
        assigned_by=supervisor,
    )
    current = served.assignments.filter(ended_on__isnull=True)
    assert list(current.values_list("staff", "role")) == [(supervisor.pk, "primary")]


@pytest.mark.parametrize("who", ["outsider", "compliance", "admin_user"])
def test_only_case_managers_and_supervisors_of_the_team_are_assigned(request, served, who):
    staff = request.getfixturevalue(who)
    for service in (assignment.primary_reassign, assignment.secondary_add):
        with pytest.raises(ClientRecordError) as refused:
            service(
                client_id=served.pk,
                staff=staff,
                started_on=_today(),
                reason="x",
                assigned_by=staff,
            )
        assert refused.value.field == "staff"
    assert served.assignments.count() == 1


def test_reassignment_refuses_the_current_primary_and_an_early_date(
    served, case_manager, colleague
):
    with pytest.raises(ClientRecordError):
        assignment.primary_reassign(
            client_id=served.pk,
            staff=case_manager,
            started_on=_today(),
            reason="x",
            assigned_by=case_manager,
        )
    with pytest.raises(ClientRecordError) as refused:
        assignment.primary_reassign(
            client_id=served.pk,
            staff=colleague,
            started_on=_today() - timedelta(days=61),
            reason="x",
            assigned_by=case_manager,
        )
    assert refused.value.field == "started_on"
    with pytest.raises(ClientRecordError):
        assignment.primary_reassign(
            client_id=served.pk,
            staff=colleague,
            started_on=_today() + timedelta(days=1),
            reason="x",
            assigned_by=case_manager,
        )
    assert served.assignments.get().ended_on is None


def test_it_adds_and_ends_secondary_staff(served, colleague, case_manager):
    row = assignment.secondary_add(
        client_id=served.pk,
        staff=colleague,
        started_on=_today() - timedelta(days=5),
        reason="Housing",
        assigned_by=case_manager,
    )
    with pytest.raises(ClientRecordError):  # already serving
        assignment.secondary_add(
            client_id=served.pk,
            staff=colleague,
            started_on=_today(),
            reason="",
            assigned_by=case_manager,
        )
    assignment.secondary_end(
        client_id=served.pk, assignment_id=row.pk, ended_on=_today(), ended_by=case_manager
    )
    row.refresh_from_db()
    assert row.ended_on == _today()
    assert AuditEvent.objects.filter(action="clients.assignment.secondary_ended").exists()


def test_the_primary_is_not_ended_as_a_secondary(served, case_manager):
    primary = served.assignments.get()
    with pytest.raises(ClientRecordError):
        assignment.secondary_end(
            client_id=served.pk, assignment_id=primary.pk, ended_on=_today(), ended_by=case_manager
        )


def test_a_secondary_period_cannot_end_before_it_began(served, colleague, case_manager):
    row = AssignmentFactory(
        client=served, staff=colleague, role=AssignmentRole.SECONDARY, started_on=_today()
    )
    with pytest.raises(ClientRecordError) as refused:
        assignment.secondary_end(
            client_id=served.pk,
            assignment_id=row.pk,
            ended_on=_today() - timedelta(days=1),
            ended_by=case_manager,
        )
    assert refused.value.field == "ended_on"


# --- Transfers --------------------------------------------------------------------------


@pytest.fixture
def team_c(agency):
    return TeamFactory(agency=agency, name="Team C")


def _transfer(client, user, team, **kwargs):
    defaults = {
        "to_service_area": None,
        "effective_on": _today(),
        "reason": "Moved across the county",
        "new_primary": None,
    }
    defaults.update(kwargs)
    return assignment.client_transfer(
        client_id=client.pk, to_team=team, transferred_by=user, **defaults
    )


def test_a_transfer_moves_the_client_and_ends_current_staff(
    served, case_manager, team_a, team_c, agency
):
    area = ServiceAreaFactory(agency=agency, name="North")
    transfer = _transfer(served, case_manager, team_c, to_service_area=area)

    served.refresh_from_db()
    assert (served.team, served.service_area) == (team_c, area)
    assert (transfer.from_team, transfer.to_team, transfer.to_service_area) == (
        team_a,
        team_c,
        area,
    )
    assert served.assignments.get().ended_on == _today()  # history kept, period ended
    assert (
        AuditEvent.objects.get(action="clients.client.transferred").detail["to_team"] == team_c.pk
    )


def test_after_a_transfer_away_the_old_team_gets_404(client, served, case_manager, team_c):
    _transfer(served, case_manager, team_c)
    client.force_login(case_manager)
    assert client.get(reverse("clients:detail", args=[served.pk])).status_code == 404
    assert client.get(reverse("clients:assignments", args=[served.pk])).status_code == 404


def test_a_new_primary_is_named_only_by_a_writer_of_the_receiving_team(
    served, case_manager, team_c
):
    receiver = MembershipFactory(team=team_c, role=Role.CASE_MANAGER).user
    with pytest.raises(ClientRecordError) as refused:
        _transfer(served, case_manager, team_c, new_primary=receiver)
    assert refused.value.field == "new_primary"
    assert not Transfer.objects.exists()

    MembershipFactory(team=team_c, user=case_manager, role=Role.CASE_MANAGER)
    case_manager.__dict__.pop("_casework_access", None)  # access is cached per request
    _transfer(served, case_manager, team_c, new_primary=receiver)
    current = served.assignments.get(ended_on__isnull=True)
    assert (current.staff, current.role) == (receiver, "primary")


def test_the_new_primary_must_serve_the_receiving_team(served, case_manager, colleague, team_c):
    MembershipFactory(team=team_c, user=case_manager, role=Role.SUPERVISOR)
    with pytest.raises(ClientRecordError) as refused:
        _transfer(served, case_manager, team_c, new_primary=colleague)
    assert refused.value.field == "new_primary"


def test_only_writers_of_the_current_team_transfer(served, compliance, outsider, team_c):
    for user in (compliance, outsider):
        with pytest.raises(ClientRecordError):
            _transfer(served, user, team_c)
    served.refresh_from_db()
    assert served.team.name == "Team A"


def test_a_transfer_to_where_the_client_already_is_is_refused(served, case_manager, team_a):
    with pytest.raises(ClientRecordError) as refused:
        _transfer(served, case_manager, team_a, to_service_area=served.service_area)
    assert refused.value.field == "to_team"


def test_a_transfer_within_the_team_to_another_area_keeps_access(served, case_manager, agency):
    area = ServiceAreaFactory(agency=agency)
    _transfer(served, case_manager, served.team, to_service_area=area)
    served.refresh_from_db()
    assert served.service_area == area
    assert not served.assignments.filter(ended_on__isnull=True).exists()


def test_a_team_of_another_agency_is_refused(served, case_manager):
    with pytest.raises(ClientRecordError):
        _transfer(served, case_manager, TeamFactory())


def test_a_discharged_client_is_not_transferred(team_a, case_manager, team_c):
    gone = ClientFactory(team=team_a, status=Status.DISCHARGED)
    with pytest.raises(ClientRecordError):
        _transfer(gone, case_manager, team_c)


def test_a_failed_transfer_changes_nothing(served, case_manager, team_c):
    with pytest.raises(ClientRecordError):
        _transfer(served, case_manager, team_c, effective_on=_today() - timedelta(days=61))
    served.refresh_from_db()
    assert served.team.name == "Team A"
    assert not Transfer.objects.exists()
    assert served.assignments.get().ended_on is None
    assert Assignment.objects.count() == 1
