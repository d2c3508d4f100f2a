"""Reassigning ticked clients to another case manager of the team: all or nothing, history
kept, both people told."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Reminder, Role
from clients.models import Assignment, AssignmentRole
from supervision.services.notices import REASSIGNED_FROM, REASSIGNED_TO
from tests.factories import AssignmentFactory, ClientFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(team_a):
    return MembershipFactory(
        team=team_a, role=Role.CASE_MANAGER, user__full_name="Dana Second"
    ).user


@pytest.fixture
def caseys(team_a, case_manager):
    clients = [ClientFactory(team=team_a, given_name=n) for n in ("Ann", "Bea", "Cy")]
    for c in clients:
        AssignmentFactory(client=c, staff=case_manager)
    return clients


def _post(client, team, ids, staff, reason="Casey is on leave"):
    return client.post(
        reverse("supervision:reassign", args=[team.pk]),
        {
            "clients": [str(i) for i in ids],
            "staff": str(staff.pk) if staff else "",
            "started_on": timezone.localdate().isoformat(),
            "reason": reason,
            "list_metric": "caseload",
        },
    )


def _primary(c):
    return Assignment.objects.get(
        client=c, role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).staff


def test_it_hands_the_ticked_clients_over_and_tells_both(
    client, supervisor, case_manager, dana, caseys, team_a
):
    client.force_login(supervisor)
    url = (
        reverse("supervision:metric_list", args=[team_a.pk, "caseload"])
        + f"?staff={case_manager.pk}"
    )
    page = client.get(url).content.decode()
    assert f'value="{caseys[0].pk}"' in page and "Dana Second" in page
    response = _post(client, team_a, [caseys[0].pk, caseys[1].pk], dana)
    assert response.status_code == 302
    assert [_primary(c) for c in caseys] == [dana, dana, case_manager]
    # History kept: Casey's periods ended today, not rewritten.
    ended = Assignment.objects.filter(staff=case_manager, ended_on=timezone.localdate())
    assert set(ended.values_list("client_id", flat=True)) == {caseys[0].pk, caseys[1].pk}
    assert Reminder.objects.filter(kind=REASSIGNED_TO, recipient=dana).count() == 2
    assert Reminder.objects.filter(kind=REASSIGNED_FROM, recipient=case_manager).count() == 2


def test_a_reason_is_required_and_nothing_changes_without_one(
    client, supervisor, case_manager, dana, caseys, team_a
):
    client.force_login(supervisor)
    response = _post(client, team_a, [caseys[0].pk], dana, reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert _primary(caseys[0]) == case_manager
    assert not Reminder.objects.filter(kind__startswith="supervision.").exists()


def test_one_refusal_undoes_the_whole_batch(client, supervisor, case_manager, dana, caseys, team_a):
    AssignmentFactory(client=ClientFactory(team=team_a), staff=dana)
    already = ClientFactory(team=team_a, given_name="Dot")
    AssignmentFactory(client=already, staff=dana)
    client.force_login(supervisor)
    response = _post(client, team_a, [caseys[0].pk, already.pk], dana)
    assert response.status_code == 200
    assert "already the primary case manager" in response.content.decode()
    assert _primary(caseys[0]) == case_manager  # the first one was rolled back
    assert not Reminder.objects.filter(kind__startswith="supervision.").exists()


def test_another_teams_client_cannot_be_slipped_in(
    client, supervisor, case_manager, dana, caseys, client_b, team_a
):
    client.force_login(supervisor)
    response = _post(client, team_a, [caseys[0].pk, client_b.pk], dana)
    assert response.status_code == 200
    assert "no longer in the team" in response.content.decode()
    assert _primary(caseys[0]) == case_manager


def test_only_people_of_the_team_can_take_clients(
    client, supervisor, case_manager, outsider, caseys, team_a
):
    client.force_login(supervisor)
    response = _post(client, team_a, [caseys[0].pk], outsider)
    assert response.status_code == 200
    assert response.context["form"].errors["staff"]
    assert _primary(caseys[0]) == case_manager
