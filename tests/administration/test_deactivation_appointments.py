"""A deactivated person's appointments ahead do not stay with an account nobody reads: each
goes to the client's current primary case manager (audited on the client's record), and the
deactivation waits while one has nobody to take it. The admin's page shows counts, never a
client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import Appointment
from tests.factories import AppointmentFactory, AssignmentFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _url(person):
    return reverse("administration:staff_deactivate", kwargs={"user_id": person.pk})


def test_appointments_ahead_go_to_the_clients_new_case_manager(
    client, agency_admin, case_manager, supervisor, team_a
):
    served = ClientFactory(team=team_a)
    AssignmentFactory(client=served, staff=supervisor)  # the primary since the reassignment
    ahead = AppointmentFactory(client=served, staff=case_manager)
    past = AppointmentFactory(
        client=served, staff=case_manager, starts_at=timezone.now() - timedelta(days=3)
    )
    cancelled = AppointmentFactory(
        client=served, staff=case_manager, outcome="cancelled", outcome_on=timezone.now(),
        outcome_by=case_manager,
    )  # fmt: skip
    client.force_login(agency_admin)
    page = client.get(_url(case_manager)).content.decode()
    assert "appointment ahead goes to each client" in page and "1 in Team A" in page
    assert served.family_name not in page
    assert client.post(_url(case_manager)).status_code == 302
    case_manager.refresh_from_db()
    assert not case_manager.is_active
    assert Appointment.objects.get(pk=ahead.pk).staff == supervisor
    assert Appointment.objects.get(pk=ahead.pk).version == ahead.version + 1
    # What happened stays as it was.
    assert Appointment.objects.get(pk=past.pk).staff == case_manager
    assert Appointment.objects.get(pk=cancelled.pk).staff == case_manager
    event = AuditEvent.objects.get(action="clients.appointment.handed_over")
    assert event.client_id == served.pk and event.actor == agency_admin
    assert event.detail == {"from": case_manager.pk, "to": supervisor.pk}


def test_deactivation_waits_while_an_appointment_has_nobody_to_take_it(
    client, agency_admin, case_manager, team_a
):
    # A client with no primary case manager (discharged, or never assigned).
    alone = ClientFactory(team=team_a, status="discharged")
    stranded = AppointmentFactory(client=alone, staff=case_manager)
    client.force_login(agency_admin)
    page = client.get(_url(case_manager)).content.decode()
    assert "Team A</strong>: 1 appointment nobody takes" in page
    assert alone.family_name not in page
    client.post(_url(case_manager))
    case_manager.refresh_from_db()
    assert case_manager.is_active
    assert Appointment.objects.get(pk=stranded.pk).staff == case_manager
    assert not AuditEvent.objects.filter(action="clients.appointment.handed_over").exists()
