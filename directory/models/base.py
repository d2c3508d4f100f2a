"""What every directory table shares: the tenant and the HSDS id, the verification pair, and
the constraint naming them.

Every row belongs to one agency (the tenant) and carries its HSDS `id` as `hsds_id`, unique
per agency: two agencies may import the same public package without colliding, and a
re-import finds its rows again by id. Text that HSDS does not limit is a TextField: an import
never refuses a long name.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.fields import staff_ref
from casework.models import Agency

VERIFY_EVERY_DAYS = 365


class Row(models.Model):
    """What every directory table has: the tenant and the HSDS id. Rows are listed in the
    order they were written (an import keeps the publisher's order); a table's own Meta
    subclasses `Row.Meta` (or `NamedRow.Meta`) to keep that ordering."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
        ordering = ["id"]


class NamedRow(Row):
    """An entry people look for by its name (an organisation, a service, a taxonomy term):
    listed by name and shown by it. The table declares `name` itself, required or not as
    HSDS has it."""

    class Meta(Row.Meta):
        abstract = True
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


def hsds_unique(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["agency", "hsds_id"], name=f"{name}_hsds_id_unique")


def range_ordered(low: str, high: str, *, name: str) -> models.CheckConstraint:
    """A range HSDS lets either end of be missing (ages, a fee's or a schedule's validity):
    when both are given, the low end is not after the high one."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{low}__isnull": True})
        | models.Q(**{f"{high}__isnull": True})
        | models.Q(**{f"{low}__lte": models.F(high)}),
        name=name,
    )


def text(label: str = "", **kwargs) -> models.TextField:
    """Optional free text: HSDS sets no length, and absent is the empty string."""
    return models.TextField(_(label) if label else None, blank=True, **kwargs)


def link(model: str, related_name: str, **kwargs) -> models.ForeignKey:
    """An optional parent (HSDS lets a phone, contact, schedule or language have several)."""
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name, **kwargs
    )


class Verified(models.Model):
    """An entry someone checks with the provider from time to time (HSDS assured_date)."""

    verified_on = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = staff_ref(verbose_name=_("verified by"))
    # HSDS assurer_email: who verified, as imported; set from verified_by on verification.
    assurer_email = models.EmailField(_("verified by (e-mail)"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def verification_overdue(self) -> bool:
        """Not verified for 12 months (or never): the admins' list and reminder."""
        if self.verified_on is None:
            return True
        return (timezone.localdate() - self.verified_on).days > VERIFY_EVERY_DAYS

    @property
    def verifier(self) -> str:
        return str(self.verified_by) if self.verified_by_id else self.assurer_email
