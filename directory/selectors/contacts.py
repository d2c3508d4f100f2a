"""Reads of a parent's contacts (an organisation's or a service's): as the rows of the page
that edits them, and for showing, each with its own phones. The parent comes from the
directory's access helpers (directory.selectors.directory), which scope it to the viewer's
agency."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from directory.models import CONTACT_FIELDS, Contact, Organization, Phone


def contact_rows(contacts: QuerySet[Contact]) -> list[dict[str, Any]]:
    """The contacts as the edit page holds them, in the order they were added, each with its
    first phone (`phone`, "" for none). One query."""
    first_phone = Phone.objects.filter(contact=OuterRef("pk")).order_by("id").values("number")
    annotated = contacts.annotate(
        phone=Coalesce(Subquery(first_phone[:1]), Value(""), output_field=TextField())
    )
    return list(annotated.order_by("id").values("pk", *CONTACT_FIELDS, "phone"))


def organization_contact_rows(*, organization: Organization) -> list[dict[str, Any]]:
    """The organisation's own contacts (not its services') for its contacts page."""
    return contact_rows(Contact.objects.filter(organization=organization))


def with_phones(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """The contacts with their phones in `phone_list`, in the order added (one more query)."""
    return contacts.prefetch_related(
        Prefetch("phones", Phone.objects.order_by("id"), to_attr="phone_list")
    )
