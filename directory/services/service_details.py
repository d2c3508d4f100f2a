"""Edits of what a service lists beyond its core: whom to ask (contacts, each with one phone
line, as directory.services.contacts keeps them), fees (cost options) and documents to bring.
The page saves the three lists at once, under the service's version, in one transaction: all
of it or, when one row breaks a rule, none of it."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from casework.models import User, save_new_version
from directory.models import (
    COST_OPTION_FIELDS,
    DOCUMENT_FIELDS,
    CostOption,
    RequiredDocument,
    Service,
)
from directory.selectors.service_details import ServiceDetails
from directory.services.contacts import contacts_sync
from directory.services.detail_rows import row_text, rows_sync
from directory.services.directory import audit_entry, check_version
from directory.services.errors import DirectoryRowError


def service_details_update(
    *, service_id: int, details: ServiceDetails, version: int, changed_by: User
) -> Service:
    """Save the three lists if nobody saved the service since the page was opened."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        check_version(service, version)
        fees = [_clean_cost_option(i, row) for i, row in enumerate(details.cost_options)]
        documents = [_clean_document(i, row) for i, row in enumerate(details.documents)]
        contact_count = contacts_sync(parent=service, via="service", rows=details.contacts)
        sync = partial(rows_sync, parent=service, via="service")
        sync(CostOption, rows_name="cost_options", rows=fees, fields=COST_OPTION_FIELDS)
        sync(RequiredDocument, rows_name="documents", rows=documents, fields=DOCUMENT_FIELDS)
        save_new_version(service)
        audit_entry(
            "directory.service.details_changed",
            service,
            changed_by,
            contacts=contact_count,
            cost_options=len(fees),
            documents=len(documents),
        )
    return service


def _clean_cost_option(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "pk": row.get("pk"),
        **row_text(row, ("option", "currency", "amount_description")),
        **{name: row.get(name) for name in ("amount", "valid_from", "valid_to")},
    }
    cleaned["currency"] = cleaned["currency"].upper()

    def refuse(message: str, name: str):
        return DirectoryRowError(message, rows="cost_options", index=index, field=name)

    amount: Decimal | None = cleaned["amount"]
    if not (cleaned["option"] or amount is not None or cleaned["amount_description"]):
        raise refuse(_("Say what the fee is for, its amount or a description."), "option")
    if amount is not None and amount < 0:
        raise refuse(_("A fee cannot be negative."), "amount")
    if amount is not None and not cleaned["currency"]:
        raise refuse(_("Give the currency of the amount (USD)."), "currency")
    currency = cleaned["currency"]
    if currency and (len(currency) != 3 or pycountry.currencies.get(alpha_3=currency) is None):
        raise refuse(_("Use an ISO 4217 currency code such as USD."), "currency")
    start, end = cleaned["valid_from"], cleaned["valid_to"]
    if start is not None and end is not None and start > end:
        raise refuse(_("The end comes before the start."), "valid_to")
    return cleaned


def _clean_document(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {"pk": row.get("pk"), **row_text(row, DOCUMENT_FIELDS)}
    if not cleaned["document"]:
        raise DirectoryRowError(
            _("Name the document."), rows="documents", index=index, field="document"
        )
    return cleaned
