"""The demo gives most open clients a care-plan history that keeps every rule."""

from __future__ import annotations

import pytest

from careplans.models import CarePlan, Goal, PlanReview, PlanStatus
from clients.models import Client, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_plan_histories(demo):
    open_clients = Client.objects.filter(status__in=[Status.ACTIVE, Status.ON_HOLD]).count()
    active = CarePlan.objects.filter(status=PlanStatus.ACTIVE)
    assert active.count() > open_clients / 2
    assert CarePlan.objects.filter(status=PlanStatus.SUPERSEDED).count() == active.count()
    assert not active.filter(approved_by__isnull=True).exists()
    assert PlanReview.objects.exists()
    # A goal carries on from version 1 (superseded) to version 2 (in force); a client whose
    # revision waits for approval (the supervisors' demo queue) carries it into version 3.
    goal = Goal.objects.filter(plan__status=PlanStatus.ACTIVE).first()
    versions = Goal.objects.filter(lineage=goal.lineage).order_by("plan__number")
    assert list(versions.values_list("plan__number", "plan__status"))[:2] == [
        (1, PlanStatus.SUPERSEDED),
        (2, PlanStatus.ACTIVE),
    ]
