"""The directory as other apps link to it: an organisation with as much as a care team shows
of it (name, first phone, page, whether it is still active), looked up by id or by name
within one agency. `clients` links its outside providers and consent recipients here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower

from directory.models import Organization, Phone


@dataclass(frozen=True)
class DirectoryEntry:
    """A directory organisation, as much as the care team shows of it."""

    id: int
    name: str
    phone: str
    url: str
    is_active: bool


def with_first_phone(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    first_phone = Phone.objects.filter(organization_id=OuterRef("pk")).order_by("id")
    return organizations.annotate(first_phone=Subquery(first_phone.values("number")[:1]))


def _entry(org: Organization) -> DirectoryEntry:
    return DirectoryEntry(
        id=org.pk,
        name=org.name,
        phone=org.first_phone or "",
        url=org.get_absolute_url(),
        is_active=org.is_active,
    )


def entries_by_id(*, agency_id: int, ids: list[int]) -> dict[int, DirectoryEntry]:
    """The agency's organisations among `ids`, in one query."""
    rows = with_first_phone(Organization.objects.filter(agency_id=agency_id, pk__in=ids))
    return {org.pk: _entry(org) for org in rows}


def entries_by_name(*, agency_id: int, names: list[str]) -> dict[str, DirectoryEntry]:
    """The agency's active organisations named one of `names` (any case), in one query."""
    folded = {name.casefold() for name in names}
    rows = with_first_phone(
        Organization.objects.filter(agency_id=agency_id, is_active=True)
        .annotate(folded=Lower("name"))
        .filter(folded__in=folded)
        .order_by("-pk")  # the oldest of two same-named entries wins (last in the dict)
    )
    return {org.name.casefold(): _entry(org) for org in rows}
