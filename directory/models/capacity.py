"""A service's capacity to take referrals (HSDS 3.1 service_capacity and unit): beds, places
or appointments available out of a maximum, as of when it was last updated. Admins update it
from the service's page (versioned and audited like the other directory edits); an import
brings the publisher's figures."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.base import NamedRow, Row, hsds_unique, text
from directory.models.entries import Service


class Unit(NamedRow):
    """What a capacity counts: "Bed", "Place", "Appointment" (HSDS unit)."""

    name = models.TextField(_("name"))
    scheme = text("scheme")
    identifier = text("identifier in the scheme")
    uri = text("URI")

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("unit")]


class ServiceCapacity(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="capacities")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    available = models.DecimalField(_("available"), max_digits=12, decimal_places=2)
    maximum = models.DecimalField(
        _("maximum"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = text("description")
    updated = models.DateTimeField(_("updated"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta(Row.Meta):
        verbose_name_plural = "service capacities"
        constraints = [
            hsds_unique("service_capacity"),
            models.CheckConstraint(
                condition=models.Q(available__gte=0), name="service_capacity_available_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(maximum__isnull=True) | models.Q(maximum__gte=0),
                name="service_capacity_maximum_positive",
            ),
        ]
        indexes = [models.Index(fields=["service", "unit"], name="service_capacity_unit_idx")]

    def __str__(self) -> str:
        return f"{self.available.normalize():f} {self.unit_id}"
