"""Reads for the page that edits a service's contacts, fees and documents. The service comes
from `directory.selectors.directory.service_get_for(change=True)`, which scopes it to the
viewer's agency and refuses non-admins."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directory.models import COST_OPTION_FIELDS, DOCUMENT_FIELDS, Contact, Service
from directory.selectors.contacts import contact_rows


@dataclass
class ServiceDetails:
    """The three lists as the page holds them: each row a dict of its fields, with `pk`
    (None for a new row). A row of the service left out of its list is removed; contacts
    also carry `phone`, their first phone number ("" for none). The read returns it and the
    write (directory.services.service_details) takes it."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    cost_options: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)


def service_details_for(*, service: Service) -> ServiceDetails:
    """The service's own rows (not its organisation's contacts) in the order they were
    added, each contact with its first phone. Three queries."""
    return ServiceDetails(
        contacts=contact_rows(Contact.objects.filter(service=service)),
        cost_options=_rows(service.cost_options.all(), COST_OPTION_FIELDS),
        documents=_rows(service.required_documents.all(), DOCUMENT_FIELDS),
    )


def _rows(queryset, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return list(queryset.order_by("id").values("pk", *fields))
