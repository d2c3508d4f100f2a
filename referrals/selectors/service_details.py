"""Reads for the page that edits a service's contacts, fees and documents. The service comes
from `referrals.selectors.directory.service_get_for(change=True)`, which scopes it to the
viewer's agency and refuses non-admins."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from referrals.models import Contact, Phone, Service
from referrals.services.service_details import (
    CONTACT_FIELDS,
    COST_OPTION_FIELDS,
    DOCUMENT_FIELDS,
    ServiceDetails,
)


def service_details_for(*, service: Service) -> ServiceDetails:
    """The service's own rows (not its organisation's contacts) in the order they were
    added, each contact with its first phone. Three queries."""
    first_phone = Phone.objects.filter(contact=OuterRef("pk")).order_by("id").values("number")
    contacts = Contact.objects.filter(service=service).annotate(
        phone=Coalesce(Subquery(first_phone[:1]), Value(""))
    )
    return ServiceDetails(
        contacts=_rows(contacts, (*CONTACT_FIELDS, "phone")),
        cost_options=_rows(service.cost_options.all(), COST_OPTION_FIELDS),
        documents=_rows(service.required_documents.all(), DOCUMENT_FIELDS),
    )


def _rows(queryset, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return list(queryset.order_by("id").values("pk", *fields))
