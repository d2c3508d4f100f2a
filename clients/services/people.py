"""People in the client's life: add, edit under optimistic locking, mark inactive (never
deleted, so the record keeps who was involved and when).

`disclosure_status_for` is THE seam for consent: every page that shows a related person asks
it what may be shared with them. The answer comes from the consent gate's rules
(`clients.selectors.consent_gate`): the person's active releases and what they cover, or "nothing".
Lists call `disclosure_statuses_prefetch` first: one query for the whole page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import User, save_new_version
from clients.models import Client, RelatedPerson, RelationshipKind
from clients.selectors.consent_gate import SharingStatus, sharing_for_people
from clients.services.details import only_fields
from clients.services.errors import ClientRecordError, StaleRecordError

# What a person may type; client, version, is_active and the audit columns have services.
PERSON_FIELDS = (
    "kind",
    "full_name",
    "relationship",
    "phone",
    "email",
    "address",
    "is_emergency_contact",
    "notes",
)


DisclosureStatus = SharingStatus


def disclosure_status_for(person: RelatedPerson) -> DisclosureStatus:
    """What staff may tell this person today: their active releases and the categories these
    cover, or nothing. One query, none after `disclosure_statuses_prefetch` (lists)."""
    cached = getattr(person, "_sharing_status", None)
    if cached is not None:
        return cached
    return sharing_for_people([person])[person.pk]


def disclosure_statuses_prefetch(people: Iterable[RelatedPerson]) -> None:
    """Answer `disclosure_status_for` for a whole list in one query (kept on each person)."""
    people = list(people)
    statuses = sharing_for_people(people)
    for person in people:
        person._sharing_status = statuses[person.pk]


def _check(details: dict[str, Any]) -> dict[str, Any]:
    only_fields(details, PERSON_FIELDS, "related-person")
    if details.get("kind") not in RelationshipKind.values:
        raise ClientRecordError(_("Choose the person's role."), field="kind")
    name = (details.get("full_name") or "").strip()
    if not name:
        raise ClientRecordError(_("Enter the person's name."), field="full_name")
    return {**details, "full_name": name}


def _audit(action: str, person: RelatedPerson, client: Client, by: User) -> None:
    audit_client(action, person, client, actor=by, detail={"kind": person.kind})


def related_person_add(*, client_id: int, details: dict[str, Any], added_by: User) -> RelatedPerson:
    details = _check(details)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        person = RelatedPerson.objects.create(client=client, created_by=added_by, **details)
        _audit("clients.related_person.added", person, client, added_by)
    return person


def _locked(client_id: int, person_id: int) -> tuple[Client, RelatedPerson]:
    client = Client.objects.get(pk=client_id)
    person = RelatedPerson.objects.select_for_update().get(pk=person_id, client=client)
    return client, person


def related_person_update(
    *, client_id: int, person_id: int, details: dict[str, Any], version: int, changed_by: User
) -> RelatedPerson:
    """Save the form's details if nobody saved the person since the form was opened."""
    details = _check(details)
    with transaction.atomic():
        client, person = _locked(client_id, person_id)
        if person.version != version:
            raise StaleRecordError(
                _(
                    "Someone else changed this person's details after you opened the form. "
                    "Your changes were not saved; reload to see theirs, then apply yours again."
                )
            )
        save_new_version(person, **details)
        _audit("clients.related_person.changed", person, client, changed_by)
    return person


def related_person_deactivate(
    *, client_id: int, person_id: int, deactivated_by: User
) -> RelatedPerson:
    """No longer involved: kept on the record, listed apart, never deleted."""
    return _set_active(
        "clients.related_person.deactivated", client_id, person_id, False, deactivated_by
    )


def related_person_reactivate(
    *, client_id: int, person_id: int, reactivated_by: User
) -> RelatedPerson:
    return _set_active(
        "clients.related_person.reactivated", client_id, person_id, True, reactivated_by
    )


def _set_active(
    action: str, client_id: int, person_id: int, active: bool, by: User
) -> RelatedPerson:
    """Mark the person involved again, or no longer: one flag, saved and audited (as
    `action`) the same way both ways; refused when it is already so."""
    with transaction.atomic():
        client, person = _locked(client_id, person_id)
        if person.is_active == active:
            raise ClientRecordError(
                _("This person is already active.")
                if active
                else _("This person is already marked inactive.")
            )
        save_new_version(person, is_active=active)
        _audit(action, person, client, by)
    return person
