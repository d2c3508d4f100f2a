"""HSDS 3.1 capacity: a service's free beds or places show in search and where a case
manager chooses a service to refer to; an agency admin updates them from the service's page,
under a version check, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from directory.models import ServiceCapacity, Unit
from directory.services.capacity import service_capacity_set
from directory.services.errors import DirectoryError, StaleEntryError
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(agency):
    service = ServiceFactory(organization__agency=agency, name="Emergency Shelter Beds")
    unit = Unit.objects.create(agency=agency, name="Bed")
    ServiceCapacity.objects.create(
        agency=agency, service=service, unit=unit, available=6, maximum=120,
        updated=timezone.now(),
    )  # fmt: skip
    return service


def _url(service) -> str:
    return reverse("directory:service_capacity_edit", args=[service.pk])


def test_capacity_shows_in_search_and_on_the_referral_choice(
    client, case_manager, shelter, client_a
):
    client.force_login(case_manager)
    search = client.get(reverse("directory:search"), {"q": "shelter"}).content.decode()
    choose = client.get(
        reverse("referrals:referral_create", args=[client_a.pk]), {"q": "shelter"}
    ).content.decode()
    detail = client.get(shelter.get_absolute_url()).content.decode()
    for page in (search, choose, detail):
        assert "6 of 120 beds free" in page


def test_an_admin_updates_the_capacity_and_it_is_audited(client, admin_user, shelter):
    capacity = ServiceCapacity.objects.get(service=shelter)
    client.force_login(admin_user)
    page = client.get(_url(shelter)).content.decode()
    assert "Last updated" in page and 'value="120"' in page and 'value="6"' in page

    response = client.post(_url(shelter), {
        "capacity_id": capacity.pk, "version": capacity.version, "unit": "bed",
        "available": "2", "maximum": "120", "description": "Tonight",
    })  # fmt: skip

    assert response.status_code == 302
    capacity.refresh_from_db()
    assert (capacity.available, capacity.version, capacity.unit.name) == (2, 2, "Bed")
    event = AuditEvent.objects.get(action="directory.service.capacity_changed")
    assert event.detail["available"] == "2" and event.detail["capacity_id"] == capacity.pk
    assert "2 of 120 beds free" in client.get(shelter.get_absolute_url()).content.decode()


def test_a_stale_page_is_refused_and_the_newer_figures_stay(admin_user, shelter):
    capacity = ServiceCapacity.objects.get(service=shelter)
    service_capacity_set(
        service_id=shelter.pk, capacity_id=capacity.pk, unit_name="Bed", available=Decimal(5),
        maximum=Decimal(120), description="", version=1, changed_by=admin_user,
    )  # fmt: skip
    with pytest.raises(StaleEntryError):
        service_capacity_set(
            service_id=shelter.pk, capacity_id=capacity.pk, unit_name="Bed",
            available=Decimal(9), maximum=Decimal(120), description="", version=1,
            changed_by=admin_user,
        )  # fmt: skip
    capacity.refresh_from_db()
    assert capacity.available == 5


def test_a_new_capacity_and_bad_figures(client, admin_user, shelter):
    client.force_login(admin_user)
    page = client.post(_url(shelter), {"unit": "Bed", "available": "130", "maximum": "120"})
    assert "More available than the maximum" in page.content.decode()
    client.post(_url(shelter), {"unit": "Appointment", "available": "3"})
    assert ServiceCapacity.objects.filter(service=shelter, unit__name="Appointment").exists()
    with pytest.raises(DirectoryError):
        service_capacity_set(
            service_id=shelter.pk, capacity_id=None, unit_name=" ", available=Decimal(1),
            maximum=None, description="", version=None, changed_by=admin_user,
        )  # fmt: skip


@pytest.mark.parametrize("role", ["case_manager", "supervisor", "compliance"])
def test_staff_who_are_not_directory_admins_get_403(client, shelter, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(shelter)).status_code == 403
    assert client.post(_url(shelter), {"unit": "Bed", "available": "1"}).status_code == 403


def test_the_referral_form_shows_the_chosen_services_capacity_in_one_query(
    client, case_manager, shelter, client_a, django_assert_max_num_queries
):
    """Once a service is chosen, the form says how much room it has and as of when; more
    capacity rows do not add queries."""
    client.force_login(case_manager)
    url = reverse("referrals:referral_create", args=[client_a.pk])
    with django_assert_max_num_queries(30) as one:
        page = client.get(url, {"service": shelter.pk}).content.decode()
    updated = timezone.localtime(ServiceCapacity.objects.get().updated).date().isoformat()
    assert "6 of 120 beds free" in page
    assert f'title="Updated {updated}"' in page
    for name in ("Place", "Appointment"):
        ServiceCapacity.objects.create(
            agency=shelter.agency, service=shelter, available=0,
            unit=Unit.objects.create(agency=shelter.agency, name=name), updated=timezone.now(),
        )  # fmt: skip
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url, {"service": shelter.pk}).content.decode()
    assert "0 places free" in page and "0 appointments free" in page


def test_the_referral_form_without_capacity_shows_none(client, case_manager, client_a):
    client.force_login(case_manager)
    service = ServiceFactory(organization__agency=client_a.agency, name="Peer Support")
    url = reverse("referrals:referral_create", args=[client_a.pk])
    page = client.get(url, {"service": service.pk}).content.decode()
    assert "Peer Support" in page and "service-capacity" not in page
