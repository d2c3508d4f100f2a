"""Changes to the service directory: create, edit under optimistic locking, deactivate and
reactivate (never delete: referrals will point at entries), verify. Each is one transaction
that locks the row, checks, changes and writes one audit event with ids only.

Callers (views, the import, the demo seeder) pass the agency explicitly; who may call is
decided before, by `directory.selectors.directory` (admins only).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_record
from casework.models import Agency, User, save_new_version
from directory.hours import SIMPLE
from directory.models import (
    LANGUAGES,
    Address,
    Category,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
    Weekday,
)
from directory.services.errors import DirectoryError, StaleEntryError

ORGANIZATION_FIELDS = ("name", "description", "email", "website")
SERVICE_FIELDS = (
    "name",
    "description",
    "status",
    "accepting_referrals",
    "url",
    "email",
    "application_process",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "fees_description",
    "interpretation_services",
    "alert",
)
LOCATION_FIELDS = ("name", "location_type", "description", "transportation")
ADDRESS_FIELDS = ("address_1", "address_2", "city", "state_province", "postal_code")

# The categories every agency starts from (issue 7); stable codes, so imports can match.
DEFAULT_CATEGORIES = (
    ("housing", "Housing"),
    ("benefits", "Benefits and financial"),
    ("employment", "Employment"),
    ("education", "Education"),
    ("food", "Food"),
    ("clothing", "Clothing"),
    ("transport", "Transport"),
    ("id-documents", "ID documents"),
    ("therapy", "Therapy"),
    ("psychiatry", "Psychiatry"),
    ("primary-care", "Primary care"),
    ("substance-use", "Substance-use treatment"),
    ("clubhouse", "Clubhouse"),
    ("peer-support", "Peer support"),
    ("legal-aid", "Legal aid"),
    ("recreation", "Recreation"),
    ("crisis", "Crisis"),
)
CATEGORY_TAXONOMY = "Casework service categories"
_LANGUAGE_NAMES = dict(LANGUAGES)
_STALE = _(
    "Someone else changed this entry after you opened the form. Your changes were not saved; "
    "reload to see theirs, then apply yours again."
)


@dataclass
class ServiceLinks:
    """The rows hanging off a service that its form edits together with it."""

    categories: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    phone: str = ""
    # Weekday code -> (opens, closes); a day missing is closed.
    hours: dict[str, tuple[time, time]] = field(default_factory=dict)


def audit_entry(action: str, obj, by: User | None, **detail: Any) -> None:
    """Audit a change to a directory entry under its agency (shared by the directory's
    service modules)."""
    audit_record(action=action, actor=by, obj=obj, agency_id=obj.agency_id, detail=detail)


def _clean_text(details: dict[str, Any], allowed: tuple[str, ...], *, required=("name",)):
    unknown = set(details) - set(allowed)
    if unknown:
        raise ValueError(f"Not directory fields: {sorted(unknown)}")
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in details.items()}
    for name in required:
        if not cleaned.get(name):
            raise DirectoryError(_("This field is required."), field=name)
    return cleaned


def check_version(obj, version: int) -> None:
    """Refuse a save made from an older version of the entry (a concurrent edit)."""
    if obj.version != version:
        raise StaleEntryError(_STALE)


# Organisations -------------------------------------------------------------------------


def organization_create(
    *, agency: Agency, details: dict[str, Any], created_by: User
) -> Organization:
    details = _clean_text(details, ORGANIZATION_FIELDS, required=("name", "description"))
    with transaction.atomic():
        # Whoever enters an organisation has just checked its details with it.
        organization = Organization.objects.create(
            agency=agency, **details, **_verified_now(created_by)
        )
        audit_entry("directory.organization.created", organization, created_by)
    return organization


def organization_update(
    *, organization_id: int, details: dict[str, Any], version: int, changed_by: User
) -> Organization:
    details = _clean_text(details, ORGANIZATION_FIELDS, required=("name", "description"))
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        check_version(organization, version)
        save_new_version(organization, **details)
        audit_entry("directory.organization.changed", organization, changed_by)
    return organization


def organization_set_active(
    *, organization_id: int, active: bool, changed_by: User
) -> Organization:
    """An inactive organisation's services leave search results; nothing is deleted."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        if organization.is_active == active:
            raise DirectoryError(
                _("This organisation is already active.")
                if active
                else _("This organisation is already inactive.")
            )
        organization.is_active = active
        save_new_version(organization, "is_active")
        action = "reactivated" if active else "deactivated"
        audit_entry(f"directory.organization.{action}", organization, changed_by)
    return organization


def organization_verify(*, organization_id: int, verified_by: User, on: date | None = None):
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        _mark_verified(organization, verified_by, on)
        audit_entry("directory.organization.verified", organization, verified_by)
    return organization


def _verified_now(by: User) -> dict[str, Any]:
    return {"verified_on": timezone.localdate(), "verified_by": by, "assurer_email": by.email}


def _mark_verified(entry, by: User, on: date | None) -> None:
    entry.verified_on = on or timezone.localdate()
    entry.verified_by = by
    entry.assurer_email = by.email
    entry.version += 1
    entry.save(
        update_fields=["verified_on", "verified_by", "assurer_email", "version", "updated_at"]
    )


# Services ------------------------------------------------------------------------------


def _clean_service(details: dict[str, Any]) -> dict[str, Any]:
    details = _clean_text(details, SERVICE_FIELDS)
    if details.get("status") not in ServiceStatus.values:
        raise DirectoryError(_("Choose a status."), field="status")
    low, high = details.get("minimum_age"), details.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise DirectoryError(
            _("The maximum age must not be below the minimum age."), field="maximum_age"
        )
    return details


def _clean_links(agency: Agency, links: ServiceLinks) -> ServiceLinks:
    known = set(
        TaxonomyTerm.objects.filter(agency=agency, pk__in=links.categories).values_list(
            "pk", flat=True
        )
    )
    if set(links.categories) - known:
        raise DirectoryError(_("Choose categories from the list."), field="categories")
    for day, (opens, closes) in links.hours.items():
        if day not in Weekday.values:
            raise ValueError(f"Not a weekday code: {day}")
        if opens >= closes:
            raise DirectoryError(
                _("Closing time must be after opening time."), field=f"{day.lower()}_closes"
            )
    areas = list(dict.fromkeys(a.strip() for a in links.areas if a.strip()))
    return ServiceLinks(
        categories=sorted(known),
        languages=sorted(set(links.languages)),
        areas=areas,
        phone=links.phone.strip(),
        hours=dict(links.hours),
    )


def service_create(
    *, organization_id: int, details: dict[str, Any], links: ServiceLinks, created_by: User
) -> Service:
    details = _clean_service(details)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        links = _clean_links(organization.agency, links)
        service = Service.objects.create(
            agency_id=organization.agency_id,
            organization=organization,
            **details,
            **_verified_now(created_by),
        )
        _sync_links(service, links)
        audit_entry("directory.service.created", service, created_by)
    return service


def service_update(
    *,
    service_id: int,
    details: dict[str, Any],
    links: ServiceLinks,
    version: int,
    changed_by: User,
) -> Service:
    """Save the form if nobody saved the service since it was opened."""
    details = _clean_service(details)
    with transaction.atomic():
        service = Service.objects.select_for_update().select_related("agency").get(pk=service_id)
        check_version(service, version)
        links = _clean_links(service.agency, links)
        save_new_version(service, **details)
        _sync_links(service, links)
        audit_entry("directory.service.changed", service, changed_by)
    return service


def _weekly_hours(service: Service):
    """The schedules the service form edits: plain weekly hours of this service alone, with
    no validity period. Others (monthly, fortnightly, a location's too, imported with dates)
    are kept as they are."""
    return service.schedules.filter(
        SIMPLE,
        location__isnull=True,
        service_at_location__isnull=True,
        valid_from__isnull=True,
        valid_to__isnull=True,
        until__isnull=True,
        dtstart__isnull=True,
        opens_at__isnull=False,
        closes_at__isnull=False,
    )


def service_links(service: Service) -> ServiceLinks:
    """The service's current links, as its form shows them."""
    hours: dict[str, tuple[time, time]] = {}
    for row in _weekly_hours(service).order_by("id"):
        for day in row.byday.split(","):
            hours.setdefault(day.strip(), (row.opens_at, row.closes_at))
    phone = service.phones.order_by("id").values_list("number", flat=True).first() or ""
    return ServiceLinks(
        categories=sorted(service.categories.values_list("term_id", flat=True)),
        languages=sorted(service.languages.values_list("code", flat=True)),
        areas=list(service.service_areas.order_by("name").values_list("name", flat=True)),
        phone=phone,
        hours=hours,
    )


def _sync_links(service: Service, links: ServiceLinks) -> None:
    """Make the link rows say what the form said, touching only what differs (imported rows
    keep their HSDS ids when unchanged)."""
    agency_id = service.agency_id
    current = service_links(service)
    Category.objects.filter(service=service).exclude(term_id__in=links.categories).delete()
    Category.objects.bulk_create(
        Category(agency_id=agency_id, service=service, term_id=term)
        for term in links.categories
        if term not in current.categories
    )
    Language.objects.filter(service=service).exclude(code__in=links.languages).delete()
    Language.objects.bulk_create(
        Language(
            agency_id=agency_id, service=service, code=code, name=_LANGUAGE_NAMES.get(code, code)
        )
        for code in links.languages
        if code not in current.languages
    )
    ServiceArea.objects.filter(service=service).exclude(name__in=links.areas).delete()
    ServiceArea.objects.bulk_create(
        ServiceArea(agency_id=agency_id, service=service, name=name)
        for name in links.areas
        if name not in current.areas
    )
    if links.phone != current.phone:
        first = service.phones.order_by("id").first()
        if not links.phone:
            service.phones.all().delete()
        elif first is None:
            Phone.objects.create(agency_id=agency_id, service=service, number=links.phone)
        else:
            first.number = links.phone
            first.save(update_fields=["number"])
    if links.hours != current.hours:
        _weekly_hours(service).delete()
        Schedule.objects.bulk_create(
            Schedule(
                agency_id=agency_id,
                service=service,
                freq="WEEKLY",
                byday=day,
                opens_at=opens,
                closes_at=closes,
            )
            for day, (opens, closes) in sorted(
                links.hours.items(), key=lambda item: Weekday.values.index(item[0])
            )
        )


def service_set_status(*, service_id: int, status: str, changed_by: User) -> Service:
    """Deactivate (inactive) or reactivate (active); never deleted."""
    if status not in ServiceStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        if service.status == status:
            raise DirectoryError(_("The service already has this status."))
        previous = service.status
        service.status = status
        save_new_version(service, "status")
        audit_entry(
            "directory.service.status_changed",
            service,
            changed_by,
            previous=previous,
            status=status,
        )
    return service


def service_verify(*, service_id: int, verified_by: User, on: date | None = None) -> Service:
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        _mark_verified(service, verified_by, on)
        audit_entry("directory.service.verified", service, verified_by)
    return service


# Locations -----------------------------------------------------------------------------


def _clean_location(details, address, service_ids, organization) -> tuple[dict, dict, list[int]]:
    details = _clean_text(details, LOCATION_FIELDS, required=("name",))
    address = _clean_text(address, ADDRESS_FIELDS, required=())
    if any(address.values()):
        for name in ("address_1", "city", "state_province", "postal_code"):
            if not address.get(name):
                raise DirectoryError(_("Enter the full address."), field=name)
    known = set(
        Service.objects.filter(organization=organization, pk__in=service_ids).values_list(
            "pk", flat=True
        )
    )
    if set(service_ids) - known:
        raise DirectoryError(_("Choose services of this organisation."), field="services")
    return details, address, sorted(known)


def location_create(
    *,
    organization_id: int,
    details: dict[str, Any],
    address: dict[str, Any],
    service_ids: list[int],
    created_by: User,
) -> Location:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        details, address, service_ids = _clean_location(details, address, service_ids, organization)
        location = Location.objects.create(
            agency_id=organization.agency_id, organization=organization, **details
        )
        _sync_location(location, address, service_ids)
        audit_entry("directory.location.created", location, created_by)
    return location


def location_update(
    *,
    location_id: int,
    details: dict[str, Any],
    address: dict[str, Any],
    service_ids: list[int],
    version: int,
    changed_by: User,
) -> Location:
    with transaction.atomic():
        location = (
            Location.objects.select_for_update().select_related("organization").get(pk=location_id)
        )
        check_version(location, version)
        details, address, service_ids = _clean_location(
            details, address, service_ids, location.organization
        )
        for name, value in details.items():
            setattr(location, name, value)
        location.version += 1
        location.save(update_fields=[*details, "version"])
        _sync_location(location, address, service_ids)
        audit_entry("directory.location.changed", location, changed_by)
    return location


def _sync_location(location: Location, address: dict[str, Any], service_ids: list[int]) -> None:
    first = location.addresses.order_by("id").first()
    if any(address.values()):
        if first is None:
            Address.objects.create(agency_id=location.agency_id, location=location, **address)
        elif any(getattr(first, k) != v for k, v in address.items()):
            for name, value in address.items():
                setattr(first, name, value)
            first.save(update_fields=list(address))
    elif first is not None:
        location.addresses.all().delete()
    links = ServiceAtLocation.objects.filter(location=location)
    links.exclude(service_id__in=service_ids).delete()
    linked = set(links.values_list("service_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(agency_id=location.agency_id, location=location, service_id=pk)
        for pk in service_ids
        if pk not in linked
    )


# Categories ----------------------------------------------------------------------------


def categories_ensure(*, agency: Agency) -> None:
    """Give an agency the standard categories once (stable ids derived from the agency), so
    the service form always has them. Terms an import brought are left alone."""
    if TaxonomyTerm.objects.filter(agency=agency).exists():
        return
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"casework:{agency.slug}:categories")
    taxonomy, _created = Taxonomy.objects.get_or_create(
        agency=agency,
        hsds_id=namespace,
        defaults={"name": CATEGORY_TAXONOMY, "description": "Categories of community services"},
    )
    TaxonomyTerm.objects.bulk_create(
        [
            TaxonomyTerm(
                agency=agency,
                hsds_id=uuid.uuid5(namespace, code),
                taxonomy=taxonomy,
                code=code,
                name=name,
                description=name,  # HSDS requires a term's description
            )
            for code, name in DEFAULT_CATEGORIES
        ],
        ignore_conflicts=True,
    )
