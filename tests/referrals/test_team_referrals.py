"""Supervisors' team referral list: the open referrals of the teams they supervise, with days
open, status and follow-up; filters by team, status, case manager and overdue follow-up; other
teams' referrals never appear, other teams answer 404, other roles 403; a fixed query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Role
from tests.factories import (
    ClientFactory,
    ConsentReleaseFactory,
    MembershipFactory,
    ReferralFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("referrals:team")


def _sent(referral, *, days_ago: int, follow_up_in: int = 3, status: str = "sent"):
    """Built directly (the services' own tests send through the consent gate)."""
    consent = ConsentReleaseFactory(
        client=referral.client,
        recipient_kind="organization",
        related_person=None,
        recipient_name=referral.organization.name,
        categories=["general"],
    )
    today = timezone.localdate()
    referral.status, referral.consent = status, consent
    referral.sent_on = today - timedelta(days=days_ago)
    referral.follow_up_on = today + timedelta(days=follow_up_in)
    referral.save()
    return referral


def _rows(response):
    assert response.status_code == 200
    return [r.pk for r in response.context["page"]]


@pytest.fixture
def referrals(client_a, client_b, case_manager, supervisor, team_a):
    colleague = MembershipFactory(team=team_a, role=Role.CASE_MANAGER, user__full_name="Cal").user
    other_client = ClientFactory(team=team_a)
    return {
        "overdue": _sent(
            ReferralFactory(client=client_a, referred_by=case_manager), days_ago=12, follow_up_in=-5
        ),
        "fresh": _sent(ReferralFactory(client=other_client, referred_by=colleague), days_ago=2),
        "draft": ReferralFactory(client=client_a, referred_by=case_manager),
        "closed": _sent(ReferralFactory(client=client_a, referred_by=case_manager), days_ago=30),
        "team_b": _sent(ReferralFactory(client=client_b, referred_by=case_manager), days_ago=4),
        "colleague": colleague,
    }


def _close(referral):
    referral.status, referral.closed_on, referral.outcome_note = (
        "completed",
        referral.sent_on,
        "Seen",
    )
    referral.save()


def test_a_supervisor_sees_their_teams_open_referrals_with_days_open(client, supervisor, referrals):
    _close(referrals["closed"])
    client.force_login(supervisor)

    response = client.get(URL)

    rows = _rows(response)
    assert rows == [referrals["overdue"].pk, referrals["fresh"].pk, referrals["draft"].pk]
    days = {r.pk: r.days_open for r in response.context["page"]}
    assert days[referrals["overdue"].pk] == 12 and days[referrals["fresh"].pk] == 2
    assert days[referrals["draft"].pk] == 0
    body = response.content.decode()
    assert "12 days open" in body and "Follow-up overdue since" in body
    assert "Teambee" not in body  # team B's client never appears


def test_the_filters_narrow_by_status_case_manager_and_overdue(client, supervisor, referrals):
    client.force_login(supervisor)
    assert _rows(client.get(URL, {"status": "draft"})) == [referrals["draft"].pk]
    colleague = referrals["colleague"]
    assert _rows(client.get(URL, {"referred_by": colleague.pk})) == [referrals["fresh"].pk]
    assert _rows(client.get(URL, {"overdue": "on"})) == [referrals["overdue"].pk]
    assert _rows(client.get(URL, {"overdue": "on", "status": "accepted"})) == []


def test_a_supervisor_of_two_teams_filters_by_team_and_another_team_is_404(
    client, supervisor, referrals, team_a, team_b, agency
):
    second = TeamFactory(agency=agency, name="Second Team")
    MembershipFactory(team=second, user=supervisor, role=Role.SUPERVISOR)
    theirs = _sent(ReferralFactory(client=ClientFactory(team=second)), days_ago=1)
    client.force_login(supervisor)

    assert theirs.pk in _rows(client.get(URL))
    assert _rows(client.get(URL, {"team": second.pk})) == [theirs.pk]
    assert theirs.pk not in _rows(client.get(URL, {"team": team_a.pk}))
    assert client.get(URL, {"team": team_b.pk}).status_code == 404


@pytest.mark.parametrize("role", ["case_manager", "compliance", "admin_user", "outsider"])
def test_everyone_but_supervisors_is_refused(client, referrals, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_team_bs_supervisor_never_sees_team_a(client, referrals, team_b):
    boss_b = MembershipFactory(team=team_b, role=Role.SUPERVISOR).user
    client.force_login(boss_b)
    assert _rows(client.get(URL)) == [referrals["team_b"].pk]


def test_the_list_costs_the_same_queries_for_few_or_many_referrals(
    client, supervisor, referrals, client_a, case_manager, django_assert_max_num_queries
):
    client.force_login(supervisor)
    client.get(URL)
    # Session, user, memberships; supervised teams; their staff; count; the page (client,
    # team, service, organisation and case manager joined); the navigation's reminder badge;
    # the session's idle-time update (a savepoint pair and the update).
    with django_assert_max_num_queries(11) as few:
        client.get(URL)
    for n in range(30):
        _sent(ReferralFactory(client=client_a, referred_by=case_manager), days_ago=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_rows(client.get(URL))) == 25


def test_supervisors_find_it_in_the_navigation_and_from_their_lists(
    client, supervisor, case_manager, client_a
):
    client.force_login(supervisor)
    assert 'href="/referrals/team/"' in client.get(reverse("referrals:mine")).content.decode()
    client_list = reverse("referrals:client_referrals", args=[client_a.pk])
    assert 'href="/referrals/team/"' in client.get(client_list).content.decode()
    assert "Team referrals" in client.get(reverse("dashboard")).content.decode()
    # One referrals entry in a supervisor's bar; the team list links to their own.
    assert 'href="/referrals/mine/"' not in client.get(reverse("dashboard")).content.decode()
    assert 'href="/referrals/mine/"' in client.get(URL).content.decode()
    client.force_login(case_manager)
    assert "Team referrals" not in client.get(reverse("referrals:mine")).content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Team referrals" not in dashboard and 'href="/referrals/mine/"' in dashboard
