"""The agency's directory of community services, shaped after Open Referral HSDS 3.0
(shared/domain/hsds.md) so that it imports and exports in that format.

Every row belongs to one agency (the tenant) and carries its HSDS `id` as `hsds_id`, unique
per agency: two agencies may import the same public package without colliding, and a
re-import finds its rows again by id. Entries are deactivated, never deleted, because
referrals will point at them. Organisations and services carry when they were last verified
and by whom, and a `version` checked on save so a second admin's edit never overwrites the
first one's silently.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Agency

VERIFY_EVERY_DAYS = 365

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


class Weekday(models.TextChoices):
    """iCalendar BYDAY codes, Monday first like Python's weekday()."""

    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class _Row(models.Model):
    """What every directory table has: the tenant and the HSDS id."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    hsds_id = models.UUIDField(_("HSDS id"), default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


def _hsds_unique(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["agency", "hsds_id"], name=f"{name}_hsds_id_unique")


def one_parent(
    name: str, parents: tuple[str, ...] = ("organization", "service", "location")
) -> models.CheckConstraint:
    """A row belongs to exactly one of `parents` (a contact to one organisation, service or
    location; a phone may also belong to a contact; a schedule to a service or location)."""
    condition = models.Q()
    for parent in parents:
        condition |= models.Q(
            **{f"{parent}__isnull": False}, **{other: None for other in parents if other != parent}
        )
    return models.CheckConstraint(condition=condition, name=f"{name}_one_parent")


class _Verified(models.Model):
    """An entry someone checks with the provider from time to time (HSDS assured_date)."""

    verified_on = models.DateField(_("last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
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


def _search_vector() -> SearchVector:
    return SearchVector("name", weight="A", config="english") + SearchVector(
        "description", weight="B", config="english"
    )


class Organization(_Row, _Verified):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search = models.GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [_hsds_unique("organization")]
        indexes = [
            models.Index(fields=["agency", "name"], name="organization_agency_name_idx"),
            GinIndex(fields=["search"], name="organization_search_idx"),
            GinIndex(
                fields=["name"], opclasses=["gin_trgm_ops"], name="organization_name_trgm_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization_detail", kwargs={"pk": self.pk})


class Service(_Row, _Verified):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    accepting_referrals = models.BooleanField(_("accepting referrals"), default=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    search = models.GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            _hsds_unique("service"),
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "name"], name="service_agency_status_idx"),
            models.Index(fields=["agency", "verified_on"], name="service_agency_verified_idx"),
            GinIndex(fields=["search"], name="service_search_idx"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="service_name_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == ServiceStatus.ACTIVE


class Location(_Row):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    services = models.ManyToManyField(
        Service, through="ServiceAtLocation", related_name="locations"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [_hsds_unique("location")]

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class ServiceAtLocation(_Row):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _hsds_unique("service_at_location"),
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_once"
            ),
        ]

    def __str__(self) -> str:
        return f"service {self.service_id} at location {self.location_id}"


class Address(_Row):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    address_1 = models.CharField(_("street address"), max_length=200)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state_province = models.CharField(_("state"), max_length=100)
    postal_code = models.CharField(_("ZIP code"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="US")
    address_type = models.CharField(max_length=10, default="physical")

    class Meta:
        ordering = ["id"]
        constraints = [_hsds_unique("address")]

    def __str__(self) -> str:
        return f"{self.address_1}, {self.city}"


class Phone(_Row):
    """A phone number of exactly one organisation, service, location or contact."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    # A named person's own line (HSDS contact.phones); the contact model lives with the
    # service details, hence the string reference.
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    number = models.CharField(_("phone"), max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _hsds_unique("phone"),
            one_parent("phone", ("organization", "service", "location", "contact")),
        ]
        indexes = [models.Index(fields=["contact"], name="phone_contact_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def tel(self) -> str:
        """The number for a tel: link: digits and a leading +, the extension after a pause."""
        digits = "".join(c for c in self.number if c.isdigit() or c == "+")
        extension = "".join(c for c in self.extension if c.isdigit())
        return f"{digits},{extension}" if extension else digits


class Schedule(_Row):
    """Weekly opening hours of a service or of one location (the HSDS RRULE subset:
    FREQ=WEEKLY, BYDAY)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(max_length=10, default="WEEKLY")
    byday = models.CharField(max_length=30, help_text=_("Comma-separated: MO,TU,WE"))
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            _hsds_unique("schedule"),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_closing",
            ),
            one_parent("schedule", ("service", "location")),
        ]
        indexes = [
            models.Index(fields=["service", "byday"], name="schedule_service_day_idx"),
            models.Index(fields=["location", "byday"], name="schedule_location_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.days_label} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def days_label(self) -> str:
        """ "MO,TU,WE,TH,FR" reads "Mon–Fri"; "MO,WE" reads "Mon, Wed"."""
        order = list(Weekday.values)
        days = sorted(
            {d.strip() for d in self.byday.split(",") if d.strip() in order}, key=order.index
        )
        short = [str(Weekday(d).label)[:3] for d in days]
        indexes = [order.index(d) for d in days]
        consecutive = (
            indexes == list(range(indexes[0], indexes[0] + len(indexes))) if days else False
        )
        if consecutive and len(days) > 2:
            return f"{short[0]}–{short[-1]}"
        return ", ".join(short)


class ServiceArea(_Row):
    """Where a service takes clients from (HSDS service_area), by name."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [_hsds_unique("service_area")]
        indexes = [models.Index(fields=["agency", "name"], name="service_area_agency_name_idx")]

    def __str__(self) -> str:
        return self.name


class Language(_Row):
    """A language spoken at a service, or at one of its locations (HSDS language)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=3, help_text=_("ISO 639 code"))

    class Meta:
        ordering = ["name", "id"]
        constraints = [_hsds_unique("language"), one_parent("language", ("service", "location"))]
        indexes = [
            models.Index(fields=["agency", "code"], name="language_agency_code_idx"),
            models.Index(fields=["location"], name="language_location_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Taxonomy(_Row):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "taxonomies"
        constraints = [_hsds_unique("taxonomy")]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(_Row):
    """A category services are filed under (housing, food, crisis ...)."""

    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [_hsds_unique("taxonomy_term")]

    def __str__(self) -> str:
        return self.name


class Category(_Row):
    """A service filed under a term: HSDS `attribute` with link_entity "service"."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="categories")
    term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "categories"
        constraints = [
            _hsds_unique("category"),
            models.UniqueConstraint(fields=["service", "term"], name="category_once_per_service"),
        ]
        indexes = [models.Index(fields=["term", "service"], name="category_term_service_idx")]

    def __str__(self) -> str:
        return f"service {self.service_id} in term {self.term_id}"
