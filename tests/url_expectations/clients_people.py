"""clients: the people in a client's life."""

from tests.factories import RelatedPersonFactory

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


def _client(c):
    return {"client_id": c["client_a"].pk}


def _person(c):
    return {"client_id": c["client_a"].pk, "pk": RelatedPersonFactory(client=c["client_a"]).pk}


EXPECTED: dict[str, tuple] = {
    "clients:people": (_client, _READ, 405),
    "clients:people_panel": (_client, _READ, 405),
    "clients:person_create": (_client, _WRITE, _WRITE_POST),
    "clients:person_edit": (_person, _WRITE, _WRITE_POST),
    # GET asks for confirmation; POST marks inactive (tests/clients/test_people_views.py).
    "clients:person_deactivate": (_person, _WRITE, None),
    # POST only; an active person cannot be re-activated: message and redirect, no change.
    "clients:person_reactivate": (
        _person,
        {"anonymous": 302, "*": 405},
        {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404},
    ),
}
