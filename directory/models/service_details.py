"""What HSDS records about an entry beyond its core (shared/domain/hsds.md): named contacts,
structured fees (cost_option), documents to bring (required_document) and a location's
accessibility. They come in with an import, go out with an export and show on the service's
page, so a case manager can tell the client what to bring and what it costs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.base import NamedRow, Row, hsds_unique, link, range_ordered, text
from directory.models.entries import Location, Organization, Service, ServiceAtLocation

# The fields a page edits of each kind of row, in the order the page shows them: the services
# that save the rows and the selectors that read them for that page use the same lists.
CONTACT_FIELDS = ("name", "title", "department", "email")
COST_OPTION_FIELDS = (
    "option",
    "amount",
    "currency",
    "amount_description",
    "valid_from",
    "valid_to",
)
DOCUMENT_FIELDS = ("document", "uri")


class Contact(NamedRow):
    """A named person to ask for at an organisation, service, location or service at a
    location (HSDS lets one contact serve several of them)."""

    organization = link(Organization, "contacts")
    service = link(Service, "contacts")
    location = link(Location, "contacts")
    service_at_location = link(ServiceAtLocation, "contacts")
    name = text("name")
    title = text("title")
    department = text("department")
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("contact")]

    def __str__(self) -> str:
        return self.name or self.title or self.department or self.email


class CostOption(Row):
    """A fee of a service (HSDS cost_option), optionally for a period."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = text("what it is for")
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code"))
    amount = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    amount_description = text()

    class Meta(Row.Meta):
        constraints = [
            hsds_unique("cost_option"),
            range_ordered("valid_from", "valid_to", name="cost_option_period_ordered"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="cost_option_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.amount is None:
            return self.option or self.amount_description
        amount = self.amount.normalize()
        return f"{self.option or _('Fee')}: {amount:f} {self.currency}".strip()


class RequiredDocument(Row):
    """A document the client must bring to use the service."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = text("document")
    uri = text("more about it")

    class Meta(Row.Meta):
        constraints = [hsds_unique("required_document")]

    def __str__(self) -> str:
        return self.document


class Accessibility(Row):
    """How accessible a location is (step-free access, hearing loop ...)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = text("description")
    details = text("details")
    url = text("more about it")

    class Meta(Row.Meta):
        verbose_name_plural = "accessibility"
        constraints = [hsds_unique("accessibility")]

    def __str__(self) -> str:
        return self.description or self.details
