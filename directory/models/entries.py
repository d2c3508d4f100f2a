"""The agency's directory of community services, shaped after Open Referral HSDS 3.0 and 3.1
(shared/domain/hsds.md) so that it imports and exports in that format without losing a field
Casework knows (docs/hsds.md lists what it does not keep).

Entries are deactivated, never deleted, because referrals point at them. Organisations and
services carry when they were last verified and by whom, and a `version` checked on save so a
second admin's edit never overwrites the first one's silently.

HSDS lets a phone, contact or language belong to several rows at once (an organisation, a
service, a location, a service at a location ...): each parent is its own optional link, and
a row may have several of them, or none.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref
from directory.models.base import (
    VERIFY_EVERY_DAYS,
    NamedRow,
    Row,
    Verified,
    hsds_unique,
    link,
    range_ordered,
    text,
)

__all__ = ["VERIFY_EVERY_DAYS"]

# Languages offered in the service form (ISO 639 codes); an import may bring any other code.
LANGUAGES = (
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("fa", "Persian"),
    ("so", "Somali"),
    ("ase", "American Sign Language"),
)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


def _search_vector() -> SearchVector:
    return SearchVector("name", weight="A", config="english") + SearchVector(
        "description", weight="B", config="english"
    )


class Organization(NamedRow, Verified):
    name = models.TextField(_("name"))
    alternate_name = text("alternate name")
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = text("website")
    tax_status = text("tax status")
    tax_id = text("tax identifier")
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    legal_status = text("legal status")
    logo = text("logo")
    uri = text("persistent identifier (URI)")
    parent_organization = optional_ref(
        "self", related_name="member_organizations", verbose_name=_("parent organisation")
    )
    is_active = models.BooleanField(_("active"), default=True)
    search = models.GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("organization")]
        indexes = [
            models.Index(fields=["agency", "name"], name="organization_agency_name_idx"),
            GinIndex(fields=["search"], name="organization_search_idx"),
            GinIndex(
                fields=["name"], opclasses=["gin_trgm_ops"], name="organization_name_trgm_idx"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("directory:organization_detail", kwargs={"pk": self.pk})


class Program(NamedRow):
    """Services an organisation groups together (HSDS program)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="programs"
    )
    name = models.TextField(_("name"))
    alternate_name = text("alternate name")
    description = text("description")

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("program")]


class Service(NamedRow, Verified):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    name = models.TextField(_("name"))
    alternate_name = text("alternate name")
    description = text("description")
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    accepting_referrals = models.BooleanField(_("accepting referrals"), default=True)
    url = text("web page")
    email = models.EmailField(_("e-mail"), blank=True)
    interpretation_services = text("interpretation")
    application_process = text("how to apply")
    fees_description = text("fees")
    eligibility_description = text("eligibility")
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = text("alert")
    # Deprecated in HSDS 3.0 but still published: kept so an export gives them back.
    wait_time = text("wait time")
    fees = text("fees (deprecated field)")
    accreditations = text("accreditations")
    licenses = text("licences")
    # HSDS 3.1: when the publisher last changed the service.
    last_modified = models.DateTimeField(_("last modified (as published)"), null=True, blank=True)
    search = models.GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta(NamedRow.Meta):
        constraints = [
            hsds_unique("service"),
            range_ordered("minimum_age", "maximum_age", name="service_age_range_ordered"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "name"], name="service_agency_status_idx"),
            models.Index(fields=["agency", "verified_on"], name="service_agency_verified_idx"),
            GinIndex(fields=["search"], name="service_search_idx"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="service_name_trgm_idx"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == ServiceStatus.ACTIVE


class Location(NamedRow):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = text("web page")
    name = text("name")
    alternate_name = text("alternate name")
    description = text("description")
    transportation = text("getting there")
    # Double precision: a JSON number comes back exactly as it was published.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = text("external identifier")
    external_identifier_type = text("external identifier type")
    services = models.ManyToManyField(
        Service, through="ServiceAtLocation", related_name="locations"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta(NamedRow.Meta):
        constraints = [
            hsds_unique("location"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class ServiceAtLocation(Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    description = text()

    class Meta(Row.Meta):
        constraints = [
            hsds_unique("service_at_location"),
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_once"
            ),
        ]

    def __str__(self) -> str:
        return f"service {self.service_id} at location {self.location_id}"


class Address(Row):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = text("for the attention of")
    address_1 = models.TextField(_("street address"))
    address_2 = text("address line 2")
    city = models.TextField(_("city"))
    region = text("region")
    state_province = models.TextField(_("state"))
    postal_code = models.TextField(_("ZIP code"))
    country = models.CharField(_("country"), max_length=2, default="US")
    address_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta(Row.Meta):
        constraints = [hsds_unique("address")]

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city}"


class Phone(Row):
    """A phone number of any of an organisation, service, location, service at a location or
    contact (HSDS lets one number serve several of them)."""

    organization = link(Organization, "phones")
    service = link(Service, "phones")
    location = link(Location, "phones")
    service_at_location = link(ServiceAtLocation, "phones")
    # A named person's own line (HSDS contact.phones); the contact model lives with the
    # service details, hence the string reference.
    contact = link("directory.Contact", "phones")
    number = models.TextField(_("phone"))
    # HSDS types the extension as a number.
    extension = models.PositiveBigIntegerField(null=True, blank=True)
    type = text()
    description = text()

    class Meta(Row.Meta):
        constraints = [hsds_unique("phone")]
        indexes = [models.Index(fields=["contact"], name="phone_contact_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def tel(self) -> str:
        """The number for a tel: link: digits and a leading +, the extension after a pause."""
        digits = "".join(c for c in self.number if c.isdigit() or c == "+")
        return f"{digits},{self.extension}" if self.extension is not None else digits


class ServiceArea(NamedRow):
    """Where a service takes clients from (HSDS service_area), by name."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = text("name")
    description = text("description")
    extent = text("extent")
    extent_type = text("extent type")
    uri = text("URI")

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("service_area")]
        indexes = [models.Index(fields=["agency", "name"], name="service_area_agency_name_idx")]


class Language(NamedRow):
    """A language spoken at a service, at a location, or on a phone line (HSDS language)."""

    service = link(Service, "languages")
    location = link(Location, "languages")
    phone = link(Phone, "languages")
    name = text("name")
    code = models.CharField(max_length=3, blank=True, help_text=_("ISO 639 code"))
    note = text("note")

    class Meta(NamedRow.Meta):
        constraints = [hsds_unique("language")]
        indexes = [
            models.Index(fields=["agency", "code"], name="language_agency_code_idx"),
            # The search filters' language list skips through it (filter_options_for).
            models.Index(fields=["agency", "name", "code"], name="language_agency_name_code_idx"),
            models.Index(fields=["location"], name="language_location_idx"),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class OrganizationIdentifier(Row):
    """A registration, charity or tax number of an organisation (HSDS organization_identifier)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = text("scheme")
    identifier_type = models.TextField(_("type"))
    identifier = models.TextField(_("identifier"))

    class Meta(Row.Meta):
        constraints = [hsds_unique("organization_identifier")]

    def __str__(self) -> str:
        return f"{self.identifier_type}: {self.identifier}"


class Funding(Row):
    """Who funds an organisation or a service (HSDS funding), in words."""

    organization = link(Organization, "funding")
    service = link(Service, "funding")
    source = text("source")

    class Meta(Row.Meta):
        constraints = [hsds_unique("funding")]

    def __str__(self) -> str:
        return self.source


class Url(Row):
    """A further website of an organisation or service, with its label (HSDS 3.1 url)."""

    organization = link(Organization, "urls")
    service = link(Service, "urls")
    label = text("label")
    url = models.TextField(_("address"))

    class Meta(Row.Meta):
        constraints = [hsds_unique("url")]

    def __str__(self) -> str:
        return self.label or self.url
