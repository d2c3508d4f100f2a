"""The whole team dashboard in a fixed number of queries: a team of 20 case managers with 400
clients (with notes, flags, referrals, plans and queues), and the same count again when the
data doubles."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from casework.models import EmergencyAccess, Membership, Role, User
from clients.models import Assignment, AssignmentRole, Client, RiskLevel, Visit
from supervision import sections
from tests.factories import ReferralFactory, SafetyFlagFactory

pytestmark = pytest.mark.django_db

# session, user, memberships, reminder badge (the frame); team, figures by case manager,
# people with their unsigned notes, contacts per week, overdue trend; the three queues; the
# session save (SESSION_SAVE_EVERY_REQUEST: savepoint, UPDATE, release).
# Each section another app registers (supervision.sections) may add one query.
BUDGET = 15 + len(sections._sections)


def _grow(team, supervisor, *, managers: int, clients_each: int, tag: str) -> None:
    """Bulk rows: `managers` new case managers of `team`, each with `clients_each` clients,
    each client with two visits (one signed, one a stale draft) and every fifth with a flag,
    a stale referral, and a plan waiting for approval."""
    rng = random.Random(tag)  # noqa: S311 - test data
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"{tag}{i}@example.test", full_name=f"{tag} Manager {i:02d}")
            for i in range(managers)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, team=team, role=Role.CASE_MANAGER) for u in users]
    )
    clients = Client.objects.bulk_create(
        [
            Client(
                agency=team.agency,
                team=team,
                program=team.program,
                record_number=f"{tag}-{i:05d}",
                given_name=f"G{i}",
                family_name=f"{tag}F{i}",
                status="active",
                risk_level=rng.choice(list(RiskLevel.values)),
                next_contact_due=timezone.localdate() + timedelta(days=rng.randint(-20, 10)),
            )
            for i in range(managers * clients_each)
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                client=c,
                staff=users[i % managers],
                role=AssignmentRole.PRIMARY,
                started_on=timezone.localdate() - timedelta(days=100),
            )
            for i, c in enumerate(clients)
        ]
    )
    visits = []
    for i, c in enumerate(clients):
        author = users[i % managers]
        for days, signed in ((rng.randint(1, 80), True), (rng.randint(4, 9), False)):
            at = now - timedelta(days=days)
            visits.append(
                Visit(
                    client=c,
                    team=team,
                    author=author,
                    contact_at=at,
                    duration_minutes=30,
                    mode="face_to_face",
                    place="home",
                    note={"data": "x", "assessment": "y", "plan": "z"},
                    sign_due_at=at + timedelta(days=3),
                    signed_at=at + timedelta(hours=2) if signed else None,
                )
            )
    Visit.objects.bulk_create(visits)
    for c in clients[::5]:
        SafetyFlagFactory(administration__client=c)
        referral = ReferralFactory(client=c, referred_by=supervisor)
        type(referral).objects.filter(pk=referral.pk).update(created_at=now - timedelta(days=45))
        CarePlan.objects.create(
            client=c,
            team=team,
            number=1,
            status=PlanStatus.SUBMITTED,
            created_by=supervisor,
            submitted_at=now,
        )
        EmergencyAccess.objects.create(
            user=supervisor,
            client_id=c.pk,
            team=team,
            agency=team.agency,
            reason="A test of the review queue, long enough.",
            granted_at=now - timedelta(hours=1),
            expires_at=now + timedelta(hours=3),
        )


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_dashboard_costs_the_same_queries_at_twice_the_size(
    client, supervisor, team_a, django_assert_max_num_queries
):
    _grow(team_a, supervisor, managers=20, clients_each=20, tag="one")
    client.force_login(supervisor)
    url = reverse("supervision:dashboard", args=[team_a.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    body = response.content.decode()
    assert "one Manager 19" in body and "Notes to co-sign" in body
    first, _ = _count(client, url)

    _grow(team_a, supervisor, managers=20, clients_each=20, tag="two")
    second, body = _count(client, url)
    assert "two Manager 19" in body
    assert second == first, f"{first} queries for 400 clients, {second} for 800"


def test_a_list_behind_a_number_costs_the_same_queries_at_twice_the_size(
    client, supervisor, team_a
):
    _grow(team_a, supervisor, managers=2, clients_each=30, tag="one")
    client.force_login(supervisor)
    staff = User.objects.get(email="one0@example.test")
    url = reverse("supervision:metric_list", args=[team_a.pk, "caseload"]) + f"?staff={staff.pk}"
    client.get(url)
    first, _ = _count(client, url)
    _grow(team_a, supervisor, managers=2, clients_each=60, tag="two")
    Assignment.objects.filter(client__record_number__startswith="two-", role="primary").update(
        staff=staff
    )
    second, body = _count(client, url)
    assert 'data-count="150"' in body  # 30, then 120 more handed to them
    assert second == first
