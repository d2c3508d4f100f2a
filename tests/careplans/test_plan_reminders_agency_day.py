"""The reassessment and care-plan review reminders count from the agency's day at every hour
and across both daylight-saving changes: a client opened, or a plan approved, at 23:30 started
on that local day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from careplans import reminders as rules
from careplans.models import CarePlan
from careplans.selectors.programs import DEFAULT_INTAKE_WINDOW_DAYS
from tests.clock import agency_moments
from tests.factories import AssignmentFactory, ClientFactory, KeyEventFactory, active_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_the_first_assessment_is_due_from_the_agency_day_the_client_was_opened(
    clock, day, hour, team_a, case_manager
):
    clock.at(hour, day - timedelta(days=DEFAULT_INTAKE_WINDOW_DAYS))
    client = ClientFactory(team=team_a)  # no episode: its creation opens the record
    AssignmentFactory(client=client, staff=case_manager)
    now = clock.at(hour, day)
    [candidate] = rules.reassessment_candidates(now)
    assert (candidate.object_id, candidate.due_on) == (client.pk, day)


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_hospital_stay_after_the_approval_day_brings_the_review_forward(
    clock, day, hour, client_a, case_manager, supervisor
):
    AssignmentFactory(client=client_a, staff=case_manager)
    approved_on = day - timedelta(days=5)
    clock.at(hour, approved_on)
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    assert CarePlan.objects.get(pk=plan.pk).first_review_due > day
    now = clock.at(hour, day)
    # Discharged on the approval day itself: the plan already knew of it.
    same_day = KeyEventFactory(client=client_a, ended_on=approved_on, recorded_by=case_manager)
    assert rules.plan_review_candidates(now) == []
    same_day.delete()
    KeyEventFactory(
        client=client_a, ended_on=approved_on + timedelta(days=1), recorded_by=case_manager
    )
    [candidate] = rules.plan_review_candidates(now)
    assert (candidate.object_id, candidate.due_on) == (plan.pk, approved_on + timedelta(days=1))
