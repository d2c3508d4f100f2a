"""careplans: care plans (versions, goals, participants, approval, reviews, printouts) and
the visit's goals fragment."""

from careplans.models import ParticipantKind
from careplans.services import plans as services
from tests.factories import VisitFactory, active_plan, draft_plan, first_goal, submitted_plan

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
# An empty POST to a form re-renders it with errors and saves nothing.
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}
_POST_ONLY = {"anonymous": 302, "*": 405}
# An empty POST to an action (no version) changes nothing and redirects with a message.
_ACTION_POST = {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404}
# Approval and sending back: a supervisor of the client's team only.
_SUPERVISOR_POST = {"supervisor": 302, "case_manager": 403, "compliance": 403, "*": 404}


def _client(c):
    return {"client_id": c["client_a"].pk}


def _draft(c):
    plan = draft_plan(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": plan.pk}


def _goal(c):
    plan = draft_plan(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": plan.pk, "goal_id": first_goal(plan).pk}


def _participant(c):
    plan = draft_plan(client=c["client_a"], author=c["case_manager"])
    person = services.participant_add(
        plan=plan, editor=c["case_manager"], kind=ParticipantKind.CLIENT, version=plan.version
    )
    return {"client_id": c["client_a"].pk, "pk": plan.pk, "participant_id": person.pk}


def _submitted(c):
    plan = submitted_plan(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": plan.pk}


def _active(c):
    plan = active_plan(client=c["client_a"], author=c["case_manager"], supervisor=c["supervisor"])
    return {"client_id": c["client_a"].pk, "pk": plan.pk}


def _compare(c):
    active_plan(client=c["client_a"], author=c["case_manager"], supervisor=c["supervisor"])
    return {"client_id": c["client_a"].pk}


def _visit(c):
    active_plan(client=c["client_a"], author=c["case_manager"], supervisor=c["supervisor"])
    visit = VisitFactory(client=c["client_a"], author=c["case_manager"])
    return {"client_id": c["client_a"].pk, "visit_id": visit.pk}


EXPECTED: dict[str, tuple] = {
    "careplans:plan_panel": (_client, _READ, 405),
    "careplans:plan_list": (_client, _READ, 405),
    "careplans:plan_start": (_client, _POST_ONLY, _ACTION_POST),
    "careplans:plan_compare": (_compare, _READ, 405),
    "careplans:plan_detail": (_draft, _READ, 405),
    "careplans:plan_edit": (_draft, _WRITE, _WRITE_POST),
    "careplans:plan_autosave": (_draft, _POST_ONLY, _WRITE_POST),
    "careplans:goal_create": (_draft, _WRITE, _WRITE_POST),
    "careplans:goal_edit": (_goal, _WRITE, _WRITE_POST),
    "careplans:goal_autosave": (_goal, _POST_ONLY, _WRITE_POST),
    "careplans:goal_remove": (_goal, _POST_ONLY, _ACTION_POST),
    "careplans:participant_add": (_draft, _POST_ONLY, _WRITE_POST),
    "careplans:participant_remove": (_participant, _POST_ONLY, _ACTION_POST),
    "careplans:plan_submit": (_draft, _POST_ONLY, _ACTION_POST),
    "careplans:plan_approve": (_submitted, _POST_ONLY, _SUPERVISOR_POST),
    "careplans:plan_return": (_submitted, _POST_ONLY, _SUPERVISOR_POST),
    "careplans:review_create": (_active, _WRITE, _WRITE_POST),
    "careplans:crisis_plan": (_active, _READ, 405),
    "careplans:advance_statement": (_active, _READ, 405),
    # An empty POST unmarks every goal (none were marked) and returns to the visit.
    "careplans:visit_goals": (_visit, _READ, _ACTION_POST),
}
