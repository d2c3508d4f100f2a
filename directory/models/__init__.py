"""The service directory's data, shaped after Open Referral HSDS 3.0 and 3.1
(shared/domain/hsds.md)."""

from directory.models.capacity import ServiceCapacity, Unit
from directory.models.entries import (
    LANGUAGES,
    Address,
    Funding,
    Language,
    Location,
    LocationType,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Url,
)
from directory.models.schedules import Frequency, Schedule, Weekday
from directory.models.service_details import (
    CONTACT_FIELDS,
    COST_OPTION_FIELDS,
    DOCUMENT_FIELDS,
    Accessibility,
    Contact,
    CostOption,
    RequiredDocument,
)
from directory.models.taxonomy import Category, Taxonomy, TaxonomyTerm

__all__ = [
    "CONTACT_FIELDS",
    "COST_OPTION_FIELDS",
    "DOCUMENT_FIELDS",
    "LANGUAGES",
    "Accessibility",
    "Address",
    "Category",
    "Contact",
    "CostOption",
    "Frequency",
    "Funding",
    "Language",
    "Location",
    "LocationType",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Program",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceCapacity",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "Unit",
    "Url",
    "Weekday",
]
