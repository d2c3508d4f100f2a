"""A parent's contacts (HSDS contacts of an organisation or of a service), each with one
editable phone line, and the page that edits an organisation's own contacts: saved under the
organisation's version, in one transaction, all of them or none."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from casework.models import User, save_new_version
from directory.models import CONTACT_FIELDS, Contact, Organization, Phone
from directory.services.detail_rows import row_text, rows_sync
from directory.services.directory import audit_entry, check_version
from directory.services.errors import DirectoryRowError


def organization_contacts_update(
    *, organization_id: int, contacts: list[dict[str, Any]], version: int, changed_by: User
) -> Organization:
    """Save the organisation's contacts if nobody saved the organisation since the page was
    opened."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        check_version(organization, version)
        kept = contacts_sync(parent=organization, via="organization", rows=contacts)
        save_new_version(organization)
        audit_entry(
            "directory.organization.contacts_changed", organization, changed_by, contacts=kept
        )
    return organization


def contacts_sync(*, parent: models.Model, via: str, rows: list[dict[str, Any]]) -> int:
    """Check and save a parent's contacts, each with its first phone (`phone`, "" for none);
    returns how many it keeps. Call inside the caller's transaction."""
    contacts = [_clean_contact(index, row) for index, row in enumerate(rows)]
    saved = rows_sync(
        Contact, parent=parent, via=via, rows_name="contacts", rows=contacts, fields=CONTACT_FIELDS
    )
    for contact, row in zip(saved, contacts, strict=True):
        _sync_phone(contact, row["phone"])
    return len(contacts)


def _clean_contact(index: int, row: dict[str, Any]) -> dict[str, Any]:
    cleaned = {"pk": row.get("pk"), **row_text(row, (*CONTACT_FIELDS, "phone"))}
    if not any(cleaned[name] for name in CONTACT_FIELDS):
        raise DirectoryRowError(
            _("Give a name, a title, a department or an e-mail."),
            rows="contacts",
            index=index,
            field="name",
        )
    return cleaned


def _sync_phone(contact: Contact, number: str) -> None:
    """The contact's first phone carries the number; more phones (from an import) stay."""
    first = Phone.objects.filter(contact=contact).order_by("id").first()
    if not number:
        if first is not None:
            first.delete()
    elif first is None:
        Phone.objects.create(agency_id=contact.agency_id, contact=contact, number=number)
    elif first.number != number:
        # The page edits the number only: an extension kept from an import belonged to the
        # old number, so it goes with it.
        first.number, first.extension = number, None
        first.save(update_fields=["number", "extension"])
