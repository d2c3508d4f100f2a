"""The referrals app's data: the service directory (HSDS-shaped) now, referrals later."""

from referrals.models.directory import (
    LANGUAGES,
    Address,
    Category,
    Language,
    Location,
    LocationType,
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

__all__ = [
    "LANGUAGES",
    "Address",
    "Category",
    "Language",
    "Location",
    "LocationType",
    "Organization",
    "Phone",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "Weekday",
]
