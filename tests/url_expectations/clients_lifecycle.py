"""clients: status lifecycle, discharge, re-opening, program enrolment, the status panel."""

from __future__ import annotations

from clients.models import Status
from tests.factories import ClientFactory, EpisodeFactory

_WRITE_GET = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 403,
    "admin_user": 404,
    "outsider": 404,
}
# An empty POST re-renders the form with field errors and changes nothing.
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}


def _discharged_client(cast: dict) -> dict:
    client = ClientFactory(team=cast["client_a"].team, status=Status.DISCHARGED)
    EpisodeFactory(
        client=client, number=1, closed_on=client.created_at.date(), discharge_reason="moved"
    )
    return {"pk": client.pk}


def _client_a(cast: dict) -> dict:
    return {"pk": cast["client_a"].pk}


EXPECTED: dict[str, tuple] = {
    "clients:status_change": (_client_a, _WRITE_GET, _WRITE_POST),
    "clients:discharge": (_client_a, _WRITE_GET, _WRITE_POST),
    "clients:reopen": (_discharged_client, _WRITE_GET, _WRITE_POST),
    "clients:enrolment_change": (_client_a, _WRITE_GET, _WRITE_POST),
    "clients:status_panel": (
        lambda c: {"client_id": c["client_a"].pk},
        {
            "anonymous": 302,
            "case_manager": 200,
            "supervisor": 200,
            "compliance": 200,
            "admin_user": 404,
            "outsider": 404,
        },
        405,
    ),
}
