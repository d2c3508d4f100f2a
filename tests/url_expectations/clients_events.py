"""clients: key events on the client's timeline."""

from tests.factories import KeyEventFactory

_READ = {
    "anonymous": 302,
    "case_manager": 200,
    "supervisor": 200,
    "compliance": 200,
    "admin_user": 404,
    "outsider": 404,
}
_WRITE = {**_READ, "compliance": 403}
_WRITE_POST = {"case_manager": 200, "supervisor": 200, "compliance": 403, "*": 404}


def _client(c):
    return {"client_id": c["client_a"].pk}


def _event(c):
    return {"client_id": c["client_a"].pk, "pk": KeyEventFactory(client=c["client_a"]).pk}


def _open_stay(c):
    event = KeyEventFactory(client=c["client_a"], ended_on=None)
    return {"client_id": c["client_a"].pk, "pk": event.pk}


EXPECTED: dict[str, tuple] = {
    "clients:events": (_client, _READ, 405),
    "clients:events_panel": (_client, _READ, 405),
    "clients:event_create": (_client, _WRITE, _WRITE_POST),
    "clients:event_edit": (_event, _WRITE, _WRITE_POST),
    "clients:event_discharge": (_open_stay, _WRITE, _WRITE_POST),
    "clients:event_void": (_event, _WRITE, _WRITE_POST),
}
