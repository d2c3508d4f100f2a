"""Who may do what to care plans, assessments and safety flags. Views, their templates'
contexts and the services ask the same functions; finding the record is the selectors' job
(404 outside the viewer's teams)."""

from __future__ import annotations

from careplans.models import Assessment, CarePlan, SafetyFlag
from casework.access import access_for
from casework.models import User


def may_approve_plan(user: User, plan: CarePlan) -> bool:
    """A supervisor of the client's team approves a submitted plan, or sends it back."""
    return plan.client.team_id in access_for(user).supervised_team_ids


def may_add_assessment_addendum(user: User, assessment: Assessment) -> bool:
    """The author while they may change the record, or a supervisor of the client's team."""
    access = access_for(user)
    if assessment.author_id == user.pk:
        return access.can_change_team(assessment.client.team_id)
    return assessment.client.team_id in access.supervised_team_ids


def may_acknowledge_flag(user: User, flag: SafetyFlag) -> bool:
    """Whoever may change the client's record acknowledges its safety flag."""
    return access_for(user).can_change_team(flag.client.team_id)
