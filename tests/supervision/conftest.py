"""A hand-made team A for the dashboard's figures (the expected numbers are in
test_figures.py, worked out by hand from this list):

Casey (case manager): c1 high risk, overdue 3 days, an open safety flag, a draft note of a
  contact 4 days ago (unsigned > 72 h) and one of yesterday (not yet), a draft referral made
  40 days ago (open > 30 d); c2 moderate, due in 2 days, an acknowledged flag, a draft referral
  of 10 days ago; c3 low, on hold, overdue 1 day; c4 discharged (counts nowhere).
Dana (case manager): c5 high, due in 5 days, an active care plan whose first review is due in
  3 days; an unsigned note of 5 days ago on c5.
Nobody: c6 moderate, overdue 10 days, no primary case manager.
Team B: an overdue, flagged client that must never count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from casework.models import Role, User
from clients.models import Client, RiskLevel, Status
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    MembershipFactory,
    ReferralFactory,
    SafetyFlagFactory,
    VisitFactory,
)


@dataclass
class Cast:
    casey: User
    dana: User
    clients: dict[str, Client]


def _client(team, name, risk, due_in, status=Status.ACTIVE, primary=None):
    today = timezone.localdate()
    client = ClientFactory(
        team=team, given_name=name, family_name="Fixture", risk_level=risk, status=status
    )
    Client.objects.filter(pk=client.pk).update(next_contact_due=today + timedelta(days=due_in))
    if primary is not None:
        AssignmentFactory(client=client, staff=primary)
    client.refresh_from_db()
    return client


@pytest.fixture
def dana(team_a):
    return MembershipFactory(
        team=team_a, role=Role.CASE_MANAGER, user__full_name="Dana Second"
    ).user


@pytest.fixture
def figures_cast(team_a, team_b, case_manager, dana, supervisor, outsider) -> Cast:
    now = timezone.now()
    c = {
        "c1": _client(team_a, "Cyan", RiskLevel.HIGH, -3, primary=case_manager),
        "c2": _client(team_a, "Coral", RiskLevel.MODERATE, 2, primary=case_manager),
        "c3": _client(team_a, "Cedar", RiskLevel.LOW, -1, Status.ON_HOLD, primary=case_manager),
        "c4": _client(team_a, "Clay", RiskLevel.HIGH, -9, Status.DISCHARGED, primary=case_manager),
        "c5": _client(team_a, "Cobalt", RiskLevel.HIGH, 5, primary=dana),
        "c6": _client(team_a, "Cherry", RiskLevel.MODERATE, -10),
        "b1": _client(team_b, "Bramble", RiskLevel.HIGH, -30, primary=outsider),
    }
    SafetyFlagFactory(administration__client=c["c1"])
    SafetyFlagFactory(
        administration__client=c["c2"], acknowledged_at=now, acknowledged_by=case_manager
    )
    SafetyFlagFactory(administration__client=c["b1"])
    VisitFactory(client=c["c1"], author=case_manager, contact_at=now - timedelta(days=4))
    VisitFactory(client=c["c1"], author=case_manager, contact_at=now - timedelta(days=1))
    VisitFactory(client=c["c5"], author=dana, contact_at=now - timedelta(days=5))
    VisitFactory(
        client=c["c2"],
        author=case_manager,
        contact_at=now - timedelta(days=6),
        signed_at=now - timedelta(days=5),
    )
    VisitFactory(client=c["b1"], author=outsider, contact_at=now - timedelta(days=9))
    old = ReferralFactory(client=c["c1"], referred_by=case_manager)
    recent = ReferralFactory(client=c["c2"], referred_by=case_manager)
    ReferralFactory(client=c["b1"], referred_by=outsider)
    type(old).objects.filter(pk=old.pk).update(created_at=now - timedelta(days=40))
    type(old).objects.filter(pk=recent.pk).update(created_at=now - timedelta(days=10))
    type(old).objects.filter(client=c["b1"]).update(created_at=now - timedelta(days=90))
    CarePlan.objects.create(
        client=c["c5"],
        team=team_a,
        number=1,
        status=PlanStatus.ACTIVE,
        created_by=dana,
        approved_at=now - timedelta(days=87),
        approved_by=supervisor,
        first_review_due=timezone.localdate() + timedelta(days=3),
    )
    return Cast(casey=case_manager, dana=dana, clients=c)
