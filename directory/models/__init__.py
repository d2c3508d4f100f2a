"""The service directory's data, shaped after Open Referral HSDS (shared/domain/hsds.md)."""

from directory.models.entries import (
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
from directory.models.service_details import (
    Accessibility,
    Contact,
    CostOption,
    RequiredDocument,
)

__all__ = [
    "LANGUAGES",
    "Accessibility",
    "Address",
    "Category",
    "Contact",
    "CostOption",
    "Language",
    "Location",
    "LocationType",
    "Organization",
    "Phone",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "Weekday",
]
