"""What HSDS records about an entry beyond its core (shared/domain/hsds.md): named contacts,
structured fees (cost_option), documents to bring (required_document) and a location's
accessibility. They come in with an import, go out with an export and show on the service's
page, so a case manager can tell the client what to bring and what it costs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.entries import (
    Location,
    Organization,
    Service,
    _hsds_unique,
    _Row,
    one_parent,
)


class Contact(_Row):
    """A named person to ask for at exactly one organisation, service or location."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            _hsds_unique("contact"),
            one_parent("contact"),
        ]

    def __str__(self) -> str:
        return self.name or self.title or self.department or self.email


class CostOption(_Row):
    """A fee of a service (HSDS cost_option), optionally for a period."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("what it is for"), max_length=200, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code"))
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _hsds_unique("cost_option"),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="cost_option_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="cost_option_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.amount is None:
            return self.option or self.amount_description
        return f"{self.option or _('Fee')}: {self.amount} {self.currency}".strip()


class RequiredDocument(_Row):
    """A document the client must bring to use the service."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.CharField(_("document"), max_length=300)
    uri = models.URLField(_("more about it"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [_hsds_unique("required_document")]

    def __str__(self) -> str:
        return self.document


class Accessibility(_Row):
    """How accessible a location is (step-free access, hearing loop ...)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(_("more about it"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "accessibility"
        constraints = [_hsds_unique("accessibility")]

    def __str__(self) -> str:
        return self.description or self.details
