"""Edits of what a service lists beyond its core: whom to ask (contacts, each with one phone
line), fees (cost options) and documents to bring. The page saves the three lists at once,
under the service's version, in one transaction: all of it or, when one row breaks a rule,
none of it. Rows keep their HSDS ids while they exist, so a later import still finds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from casework.models import User
from referrals.models import Contact, CostOption, Phone, RequiredDocument, Service
from referrals.services.directory import audit_entry, check_version
from referrals.services.errors import DirectoryRowError

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
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class ServiceDetails:
    """The three lists as the page holds them: each row a dict of its fields, with `pk`
    (None for a new row). A row of the service left out of its list is removed; contacts
    also carry `phone`, their first phone number ("" for none)."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    cost_options: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)


def service_details_update(
    *, service_id: int, details: ServiceDetails, version: int, changed_by: User
) -> Service:
    """Save the three lists if nobody saved the service since the page was opened."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service_id)
        check_version(service, version)
        contacts = [_clean_contact(i, row) for i, row in enumerate(details.contacts)]
        fees = [_clean_cost_option(i, row) for i, row in enumerate(details.cost_options)]
        documents = [_clean_document(i, row) for i, row in enumerate(details.documents)]
        saved = _sync(Contact, service, "contacts", contacts, CONTACT_FIELDS)
        for contact, row in zip(saved, contacts, strict=True):
            _sync_phone(contact, row["phone"])
        _sync(CostOption, service, "cost_options", fees, COST_OPTION_FIELDS)
        _sync(RequiredDocument, service, "documents", documents, DOCUMENT_FIELDS)
        service.version += 1
        service.save(update_fields=["version", "updated_at"])
        audit_entry(
            "referrals.service.details_changed",
            service,
            changed_by,
            contacts=len(contacts),
            cost_options=len(fees),
            documents=len(documents),
        )
    return service


def _text(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, str]:
    return {name: (row.get(name) or "").strip() for name in names}


def _clean_contact(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {"pk": row.get("pk"), **_text(row, (*CONTACT_FIELDS, "phone"))}
    if not any(cleaned[name] for name in CONTACT_FIELDS):
        raise DirectoryRowError(
            _("Give a name, a title, a department or an e-mail."),
            rows="contacts",
            index=index,
            field="name",
        )
    return cleaned


def _clean_cost_option(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {
        "pk": row.get("pk"),
        **_text(row, ("option", "currency", "amount_description")),
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
    if cleaned["currency"] and not _CURRENCY.match(cleaned["currency"]):
        raise refuse(_("Use a three-letter currency code such as USD."), "currency")
    start, end = cleaned["valid_from"], cleaned["valid_to"]
    if start is not None and end is not None and start > end:
        raise refuse(_("The end comes before the start."), "valid_to")
    return cleaned


def _clean_document(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {"pk": row.get("pk"), **_text(row, DOCUMENT_FIELDS)}
    if not cleaned["document"]:
        raise DirectoryRowError(
            _("Name the document."), rows="documents", index=index, field="document"
        )
    return cleaned


def _sync(
    model: type[models.Model],
    service: Service,
    rows_name: str,
    rows: list[dict[str, Any]],
    fields: tuple[str, ...],
) -> list[models.Model]:
    """Make the service's rows of `model` say what `rows` says, touching only what differs;
    returns the saved objects in the order of `rows`."""
    existing = {obj.pk: obj for obj in model.objects.filter(service=service)}
    saved: list[models.Model] = []
    for index, row in enumerate(rows):
        obj = existing.get(row["pk"]) if row["pk"] is not None else None
        if row["pk"] is not None and obj is None:
            # Removed by someone else, or a row of another service: never written.
            raise DirectoryRowError(
                _("This row no longer exists; reload the page."), rows=rows_name, index=index
            )
        values = {name: row[name] for name in fields}
        if obj is None:
            obj = model.objects.create(agency_id=service.agency_id, service=service, **values)
        elif differ := [name for name, value in values.items() if getattr(obj, name) != value]:
            for name in differ:
                setattr(obj, name, values[name])
            obj.save(update_fields=differ)
        saved.append(obj)
    kept = {obj.pk for obj in saved}
    model.objects.filter(service=service).exclude(pk__in=kept).delete()
    return saved


def _sync_phone(contact: Contact, number: str) -> None:
    """The contact's first phone carries the number; more phones (from an import) stay."""
    first = Phone.objects.filter(contact=contact).order_by("id").first()
    if not number:
        if first is not None:
            first.delete()
    elif first is None:
        Phone.objects.create(agency_id=contact.agency_id, contact=contact, number=number)
    elif first.number != number:
        first.number = number
        first.save(update_fields=["number"])
