"""supervision: the team dashboard, the lists behind its numbers, the review actions and the
note's review fragment. Team pages: a supervisor of the team, and an agency admin for the
figures only (no client: lists, queues and actions are 403 to them); a member of the team
without the role 403; anyone outside the team 404."""

from django.utils import timezone

from casework.models import EmergencyAccess
from supervision.models import NoteReturn
from tests.factories import VisitFactory


def _team(c):
    return {"team_id": c["client_a"].team_id}


def _list(c):
    return {"team_id": c["client_a"].team_id, "metric": "caseload"}


def _signed_visit(c):
    now = timezone.now()
    return VisitFactory(
        client=c["client_a"],
        author=c["case_manager"],
        contact_at=now - timezone.timedelta(days=2),
        signed_at=now - timezone.timedelta(days=1),
    )


def _team_visit(c):
    return {"team_id": c["client_a"].team_id, "visit_id": _signed_visit(c).pk}


def _client_visit(c):
    return {"client_id": c["client_a"].pk, "visit_id": _signed_visit(c).pk}


def _grant(c):
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        user=c["outsider"],
        client_id=c["client_a"].pk,
        team_id=c["client_a"].team_id,
        agency_id=c["client_a"].agency_id,
        reason="Crisis call at the shelter, needs the safety plan",
        granted_at=now,
        expires_at=now + timezone.timedelta(hours=4),
    )
    return {"team_id": c["client_a"].team_id, "grant_id": grant.pk}


def _return(c):
    visit = _signed_visit(c)
    returned = NoteReturn.objects.create(
        visit=visit,
        team_id=visit.client.team_id,
        returned_by=c["supervisor"],
        comment="Add the plan.",
    )
    return {"pk": returned.pk}


_TEAM_FIGURES = {
    "anonymous": 302,
    "supervisor": 200,
    "admin_user": 200,
    "outsider": 404,
    "*": 403,
}
_TEAM_CLINICAL = {"anonymous": 302, "supervisor": 200, "outsider": 404, "*": 403}
_POST_ONLY = {"*": 405}
_ACTION = {"supervisor": 302, "outsider": 404, "*": 403}

EXPECTED: dict[str, tuple] = {
    # One team each for the supervisor (straight to it); the admin chooses among the agency's.
    "supervision:home": (
        None,
        {"anonymous": 302, "supervisor": 302, "admin_user": 200, "*": 403},
        405,
    ),
    "supervision:dashboard": (_team, _TEAM_FIGURES, 405),
    "supervision:metric_list": (_list, _TEAM_CLINICAL, 405),
    # An empty POST shows the list again with the form's message (nothing changes).
    "supervision:reassign": (_team, _POST_ONLY, {"supervisor": 200, "outsider": 404, "*": 403}),
    "supervision:cosign": (_team_visit, _POST_ONLY, _ACTION),
    "supervision:return": (
        _team_visit,
        _TEAM_CLINICAL,
        {"supervisor": 200, "outsider": 404, "*": 403},
    ),
    "supervision:cosign_queue": (_team, _TEAM_CLINICAL, 405),
    "supervision:cosign_review": (_team_visit, _TEAM_CLINICAL, 405),
    "supervision:cosign_next": (_team_visit, _POST_ONLY, _ACTION),
    "supervision:emergency_review": (_grant, _POST_ONLY, _ACTION),
    "supervision:visit_review": (
        _client_visit,
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "compliance": 200,
            "*": 404,
        },
        405,
    ),
    # Only the note's author answers a return; for anyone else it does not exist.
    "supervision:return_resolve": (_return, _POST_ONLY, {"case_manager": 302, "*": 404}),
}
