"""factory_boy factories for the care team and appointments (kept apart from
tests/factories.py so parallel work does not edit one file)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from clients.models import Appointment, AppointmentKind, CareProvider, Outcome, ProviderKind
from tests.factories import ClientFactory, UserFactory


class CareProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareProvider

    client = factory.SubFactory(ClientFactory)
    kind = ProviderKind.PSYCHIATRIST
    name = "Dr. Rosa Prescott"
    organization_name = "Harbor Community Clinic"
    phone = "555-0142"


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A scheduled appointment tomorrow at 10:00 with the client's psychiatrist's clinic."""

    class Meta:
        model = Appointment

    client = factory.SubFactory(ClientFactory)
    team = factory.SelfAttribute("client.team")
    staff = factory.SubFactory(UserFactory)
    kind = AppointmentKind.APPOINTMENT
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            + timedelta(days=1)
        )
    )
    duration_minutes = 60
    place = "Harbor Community Clinic, 300 Pier St"
    with_name = "Dr. Rosa Prescott"
    purpose = "Medication review"
    outcome = Outcome.SCHEDULED


class MissedAppointmentFactory(AppointmentFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    outcome = Outcome.MISSED
    outcome_on = factory.LazyFunction(timezone.now)
