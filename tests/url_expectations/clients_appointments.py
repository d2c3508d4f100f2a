"""clients: the care team, appointments, "My week" and the private calendar feed."""

from clients.provider_packet import chosen
from clients.services.appointments import calendar_feed_create
from clients.services.provider_packet import provider_send
from pages.provider_packet import SECTIONS
from tests.factories import (
    AppointmentFactory,
    CareProviderFactory,
    ConsentReleaseFactory,
    MissedAppointmentFactory,
)

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
# Pages of one's own week and calendar link: staff who serve clients (any team).
_MINE = {"anonymous": 302, "compliance": 403, "admin_user": 403, "*": 200}


def _client(c):
    return {"client_id": c["client_a"].pk}


def _provider(c):
    return {"client_id": c["client_a"].pk, "pk": CareProviderFactory(client=c["client_a"]).pk}


def _sent(c):
    """A provider sent identity details under a release naming their organisation."""
    provider = CareProviderFactory(client=c["client_a"])
    ConsentReleaseFactory(
        client=c["client_a"],
        recipient_kind="organization",
        related_person=None,
        recipient_name=provider.organization_name,
        categories=["general"],
    )
    disclosure = provider_send(
        client_id=c["client_a"].pk,
        provider_id=provider.pk,
        sections=chosen(SECTIONS, ["identity"]),
        purpose="",
        method="letter",
        sent_by=c["case_manager"],
    )
    return {"client_id": c["client_a"].pk, "pk": provider.pk, "disclosure_id": disclosure.pk}


def _appointment(c):
    appointment = AppointmentFactory(client=c["client_a"], staff=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": appointment.pk}


def _missed(c):
    appointment = MissedAppointmentFactory(client=c["client_a"], staff=c["case_manager"])
    return {"client_id": c["client_a"].pk, "pk": appointment.pk}


def _feed(c):
    return {"token": calendar_feed_create(user=c["case_manager"])}


EXPECTED: dict[str, tuple] = {
    "clients:care_team": (_client, _READ, 405),
    "clients:care_team_panel": (_client, _READ, 405),
    "clients:provider_create": (_client, _WRITE, _WRITE_POST),
    "clients:provider_edit": (_provider, _WRITE, _WRITE_POST),
    "clients:provider_end": (_provider, _WRITE, _WRITE_POST),
    # Sending is a disclosure: those who change the record (tests/clients/test_provider_send.py).
    "clients:provider_send": (_provider, _WRITE, _WRITE_POST),
    "clients:provider_packet": (_sent, _WRITE, 405),
    "clients:appointment_create": (_client, _WRITE, _WRITE_POST),
    "clients:appointment_edit": (_appointment, _WRITE, _WRITE_POST),
    "clients:appointment_outcome": (_appointment, _WRITE, _WRITE_POST),
    "clients:appointment_rebook": (_missed, _WRITE, _WRITE_POST),
    # POST only: marks a missed appointment followed up (tests/clients/test_appointments.py).
    "clients:appointment_followed_up": (
        _missed,
        {"anonymous": 302, "*": 405},
        {"case_manager": 302, "supervisor": 302, "compliance": 403, "*": 404},
    ),
    "clients:my_week": (None, _MINE, 405),
    # Any team the viewer reads: supervisors, and case managers covering for a colleague.
    "clients:team_week": (None, {"anonymous": 302, "admin_user": 403, "*": 200}, 405),
    # POST makes a new link (the page shows it once).
    "clients:feed_settings": (None, _MINE, {"compliance": 403, "admin_user": 403, "*": 200}),
    "clients:feed_revoke": (None, {"anonymous": 302, "*": 405}, 302),
    # The token is the credential (a calendar app has no session): everyone holding it gets
    # the feed, which carries initials only (tests/clients/test_calendar_feed.py).
    "clients:calendar_feed": (_feed, {"*": 200}, 405),
}
