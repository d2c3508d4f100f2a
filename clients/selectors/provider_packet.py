"""The client's own sections of "Send to provider" (clients/provider_packet.py), each a read
of the client the view found through the access policy, in one query or none. Never note
text: a provider gets dates, kinds and names, and asks the case manager for more."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework import access
from clients.models import (
    Appointment,
    AppointmentKind,
    Assignment,
    CareProvider,
    Client,
    Disclosure,
    Outcome,
)
from clients.provider_packet import Section
from clients.selectors.visits import completed_visits

RECENT_DAYS = 90
RECENT_SHOWN = 20
UPCOMING_SHOWN = 20


def _identity(client: Client) -> dict:
    return {}


def _care_team(client: Client) -> dict:
    return {
        "staff": list(
            Assignment.objects.filter(client=client, ended_on__isnull=True)
            .select_related("staff")
            .order_by("role", "staff__full_name")
        ),
        "providers": list(
            CareProvider.objects.filter(client=client, ended_on__isnull=True).order_by(
                "kind", "name", "id"
            )
        ),
    }


def _appointments(client: Client) -> dict:
    return {
        "appointments": list(
            Appointment.objects.filter(
                client=client,
                kind=AppointmentKind.APPOINTMENT,
                outcome=Outcome.SCHEDULED,
                starts_at__gte=timezone.now(),
            )
            .select_related("provider")
            .order_by("starts_at", "id")[:UPCOMING_SHOWN]
        )
    }


def _recent_contacts(client: Client) -> dict:
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return {
        "days": RECENT_DAYS,
        "contacts": list(
            completed_visits()
            .filter(client=client, contact_at__gte=since)
            .only("contact_at", "mode", "place", "duration_minutes")[:RECENT_SHOWN]
        ),
    }


def _substance_use(client: Client) -> dict:
    return {}


_TEMPLATES = "clients/careteam/packet/"
SECTIONS = (
    Section("identity", "Identity and contact details", ("general",),
            _TEMPLATES + "_identity.html", _identity),
    Section("care_team", "Who else serves the client", ("general", "mental_health"),
            _TEMPLATES + "_care_team.html", _care_team),
    Section("appointments", "Appointments coming up", ("general", "mental_health"),
            _TEMPLATES + "_appointments.html", _appointments),
    Section("recent_contacts", f"Contacts with the case manager (last {RECENT_DAYS} days)",
            ("mental_health",), _TEMPLATES + "_recent_contacts.html", _recent_contacts),
    Section("substance_use", "Co-occurring substance use", ("substance_use",),
            _TEMPLATES + "_substance_use.html", _substance_use),
)  # fmt: skip


def disclosure_of(*, client: Client, provider: CareProvider, pk: int) -> Disclosure:
    """A disclosure sent to this provider of this client (both found through the access
    policy), else 404: a disclosure logged for another recipient never prints here."""
    return access.child_or_404(
        Disclosure.objects.select_related("consent", "disclosed_by"),
        pk=pk,
        client=client,
        client_id=client.pk,
        care_provider=provider,
    )
