"""A service's capacity to take referrals (HSDS 3.1 service_capacity): an agency admin sets
how many beds, places or appointments are free now, out of a maximum, from the service's page.
Each change is checked against the version the form was read at (an import or another admin
may have moved the figures since), stamped with the time, and audited with the figures only."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import User
from directory.models import Service, ServiceCapacity, Unit
from directory.services.directory import audit_entry
from directory.services.errors import DirectoryError, StaleEntryError

CAPACITY_CHANGED = "directory.service.capacity_changed"


def _unit(agency_id: int, name: str) -> Unit:
    """The agency's unit of that name (any case), made when it is new."""
    name = " ".join(name.split())
    if not name:
        raise DirectoryError(_("Say what is counted: beds, places, appointments."), field="unit")
    unit = Unit.objects.filter(agency_id=agency_id, name__iexact=name).order_by("pk").first()
    return unit or Unit.objects.create(agency_id=agency_id, name=name)


def service_capacity_set(
    *,
    service_id: int,
    capacity_id: int | None,
    unit_name: str,
    available: Decimal,
    maximum: Decimal | None,
    description: str,
    version: int | None,
    changed_by: User,
) -> ServiceCapacity:
    """Set one capacity of the service (a new one without `capacity_id`)."""
    if available < 0 or (maximum is not None and maximum < 0):
        raise DirectoryError(_("A capacity cannot be negative."), field="available")
    if maximum is not None and available > maximum:
        raise DirectoryError(_("More available than the maximum."), field="available")
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        if capacity_id is None:
            capacity = ServiceCapacity(agency_id=service.agency_id, service=service, version=0)
        else:
            capacity = ServiceCapacity.objects.select_for_update().get(
                pk=capacity_id, service=service
            )
            if capacity.version != version:
                raise StaleEntryError(
                    _("Someone else changed this capacity after you opened the page; "
                      "reload to see their figures.")
                )  # fmt: skip
        capacity.unit = _unit(service.agency_id, unit_name)
        capacity.available, capacity.maximum = available, maximum
        capacity.description = description.strip()
        capacity.updated = timezone.now()
        capacity.version += 1
        capacity.save()
        audit_entry(
            CAPACITY_CHANGED,
            service,
            changed_by,
            capacity_id=capacity.pk,
            available=str(available),
            maximum=None if maximum is None else str(maximum),
            version=capacity.version,
        )
    return capacity
