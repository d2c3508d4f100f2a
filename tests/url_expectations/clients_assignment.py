"""clients: staff assignments and transfers."""

from __future__ import annotations

from clients.models import AssignmentRole
from tests.factories import AssignmentFactory

_CLIENT_A = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
# POST-only actions: GET is 405 once signed in; an empty POST re-renders the staff page with
# the form's errors (200) for writers and changes nothing.
_POST_ONLY_GET = {"anonymous": 302, "*": 405}
_POST_ONLY_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}


def _client_a(cast: dict) -> dict:
    return {"pk": cast["client_a"].pk}


def _secondary(cast: dict) -> dict:
    row = AssignmentFactory(
        client=cast["client_a"], staff=cast["supervisor"], role=AssignmentRole.SECONDARY
    )
    return {"pk": cast["client_a"].pk, "assignment_id": row.pk}


EXPECTED: dict[str, tuple] = {
    "clients:assignments": (_client_a, _CLIENT_A, 405),
    "clients:primary_reassign": (_client_a, _POST_ONLY_GET, _POST_ONLY_POST),
    "clients:secondary_add": (_client_a, _POST_ONLY_GET, _POST_ONLY_POST),
    "clients:secondary_end": (_secondary, _POST_ONLY_GET, _POST_ONLY_POST),
    "clients:transfer": (
        _client_a,
        {**_CLIENT_A, "compliance": 403},
        {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404},
    ),
}
