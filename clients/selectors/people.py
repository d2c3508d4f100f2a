"""Reads of related persons, always through a client the viewer may read."""

from __future__ import annotations

from django.db.models import QuerySet

from casework.models import User
from clients.models import Client, RelatedPerson
from clients.selectors.clients import ClientRowsStatement, client_row_get_for, client_rows


def people_for(*, viewer: User, client: Client) -> QuerySet[RelatedPerson]:
    """Active people first (emergency contacts leading), then those no longer involved."""
    return _in_order(client_rows(RelatedPerson, viewer=viewer, client=client))


def _in_order(people: QuerySet[RelatedPerson], _shape: object = ()) -> QuerySet[RelatedPerson]:
    return people.order_by("-is_active", "-is_emergency_contact", "full_name", "id")


_ACTIVE = ClientRowsStatement(
    RelatedPerson, lambda people, _shape: _in_order(people).filter(is_active=True)
)


_ACTIVE_PEOPLE = "_clients_active_people"


def active_people_for(*, viewer: User, client: Client) -> list[RelatedPerson]:
    """The client's people still involved, in `people_for`'s order. Read once per client
    instance (one request's): the record's people and consent cards both show them."""
    cached = getattr(client, _ACTIVE_PEOPLE, None)
    if cached is None or cached[0] != viewer.pk:
        cached = (viewer.pk, _ACTIVE.list(viewer=viewer, client=client))
        setattr(client, _ACTIVE_PEOPLE, cached)
    return list(cached[1])


def person_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, RelatedPerson]:
    """The client and one of their people; 404 outside the viewer's teams,
    403 with `change=True` for read-only members."""
    return client_row_get_for(
        RelatedPerson, viewer=viewer, client_id=client_id, pk=pk, change=change
    )
