"""The client's outside care team: add, edit (optimistic locking), end (kept), whether a
release covers each provider; the record panel; the demo calendars."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.demo import seed_clients
from clients.demo.appointments import seed_appointments
from clients.models import Appointment, AppointmentKind, CareProvider, Outcome, ProviderKind
from clients.services import careteam as services
from clients.services.errors import ClientRecordError, StaleRecordError
from tests.factories import (
    AppointmentFactory,
    AssignmentFactory,
    CareProviderFactory,
    ConsentReleaseFactory,
    OrganizationFactory,
)
from tests.shared_rows import seed_demo_with

pytestmark = pytest.mark.django_db


def _details(**overrides):
    details = {
        "kind": ProviderKind.PROBATION,
        "name": "Officer Dana Wells",
        "organization_name": "County Probation",
        "directory_organization_id": None,
        "role": "PO",
        "phone": "555-0190",
        "email": "",
        "started_on": None,
    }
    return {**details, **overrides}


def test_it_adds_edits_and_ends_a_provider_keeping_the_row(case_manager, client_a):
    provider = services.care_provider_add(
        client_id=client_a.pk, details=_details(), added_by=case_manager
    )
    services.care_provider_update(
        client_id=client_a.pk,
        provider_id=provider.pk,
        details=_details(phone="555-0191"),
        version=provider.version,
        changed_by=case_manager,
    )
    with pytest.raises(StaleRecordError):
        services.care_provider_update(
            client_id=client_a.pk,
            provider_id=provider.pk,
            details=_details(phone="555-0000"),
            version=provider.version,
            changed_by=case_manager,
        )
    services.care_provider_end(
        client_id=client_a.pk,
        provider_id=provider.pk,
        ended_on=timezone.localdate(),
        ended_by=case_manager,
    )
    provider.refresh_from_db()
    assert provider.phone == "555-0191" and provider.ended_on == timezone.localdate()
    with pytest.raises(ClientRecordError):
        services.care_provider_end(
            client_id=client_a.pk,
            provider_id=provider.pk,
            ended_on=timezone.localdate(),
            ended_by=case_manager,
        )


def test_a_provider_needs_a_name_or_an_organisation(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        services.care_provider_add(
            client_id=client_a.pk,
            details=_details(name=" ", organization_name=""),
            added_by=case_manager,
        )
    assert refused.value.field == "name"
    assert not CareProvider.objects.exists()


def test_a_release_naming_the_organisation_covers_the_provider(client_a):
    covered = CareProviderFactory(client=client_a, organization_name="Harbor Community Clinic")
    other = CareProviderFactory(client=client_a, name="", organization_name="Mission Pharmacy")
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name="harbor  community clinic",
    )
    statuses = services.sharing_for_providers([covered, other])
    assert statuses[covered.pk].may_share
    assert not statuses[other.pk].may_share
    assert "no release on file" in statuses[other.pk].label


def test_the_directory_id_decides_when_both_sides_have_one(client_a):
    clinic = OrganizationFactory(agency=client_a.agency)
    provider = CareProviderFactory(
        client=client_a, name="", organization_name="Harbor Clinic", directory_organization=clinic
    )
    release = ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name="Harbor Community Clinic (old name)",
    )
    release.directory_organization = clinic
    release.save(update_fields=["directory_organization_id"])
    assert services.sharing_for_providers([provider])[provider.pk].may_share


def test_a_revoked_release_no_longer_covers(client_a):
    provider = CareProviderFactory(client=client_a, name="Dr. Rosa Prescott")
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="person",
        related_person=None,
        recipient_name="Dr. Rosa Prescott",
        revoked_on=timezone.localdate() - timedelta(days=1),
        revocation_method="written",
    )
    status = services.sharing_for_providers([provider])[provider.pk]
    assert not status.may_share and "no active release" in status.label


def test_the_page_shows_staff_providers_and_ended_ones(client, case_manager, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    CareProviderFactory(client=client_a, name="Dr. Current")
    CareProviderFactory(
        client=client_a,
        name="Dr. Former",
        started_on=timezone.localdate() - timedelta(days=200),
        ended_on=timezone.localdate() - timedelta(days=10),
    )
    client.force_login(case_manager)
    body = client.get(reverse("clients:care_team", args=[client_a.pk])).content.decode()
    assert "Casey Manager" in body and "Primary case manager" in body
    assert body.index("Dr. Current") < body.index("Dr. Former")
    assert "until" in body


def test_the_panel_costs_the_same_queries_whatever_the_team_size(
    client, case_manager, client_a, django_assert_max_num_queries
):
    client.force_login(case_manager)
    url = reverse("clients:care_team_panel", args=[client_a.pk])
    CareProviderFactory(client=client_a)
    AppointmentFactory(client=client_a, staff=case_manager)
    client.get(url)
    # session, user, client, staff, providers, their releases, upcoming, audit (+ chain),
    # memberships, the 2FA/notification bits of the frame.
    with django_assert_max_num_queries(14) as small:
        client.get(url)
    for _ in range(8):
        CareProviderFactory(client=client_a)
        AppointmentFactory(client=client_a, staff=case_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- Demo -----------------------------------------------------------------------------------


SEEDERS = [seed_clients, seed_appointments]


@pytest.fixture
def seeded(db, demo_base):
    return demo_base.seed(SEEDERS)  # what seed_demo() gives with these seeders alone


def test_the_demo_gives_care_teams_and_a_calendar_around_today(seeded):
    assert CareProvider.objects.filter(ended_on__isnull=False).exists()
    now = timezone.now()
    appointments = Appointment.objects.all()
    assert appointments.filter(starts_at__lt=now, outcome=Outcome.ATTENDED).exists()
    assert appointments.filter(outcome=Outcome.MISSED, followed_up_at__isnull=True).exists()
    assert appointments.filter(starts_at__gt=now, transport=True).exists()
    assert appointments.filter(kind=AppointmentKind.PLANNED_VISIT, starts_at__gt=now).exists()


def test_the_demo_runs_twice_without_doubling(seeded):
    counts = (CareProvider.objects.count(), Appointment.objects.count())
    seed_demo_with(SEEDERS)
    assert (CareProvider.objects.count(), Appointment.objects.count()) == counts
