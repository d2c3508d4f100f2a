"""The agency's own details and date policies, edited by its admin: the address and phone
printed on a client's papers, the day its records begin and the longest release it allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from administration.services import AdministrationError
from casework.audit import audit_record
from casework.models import Agency, User

AGENCY_FIELDS = ("address", "phone", "records_begin_on", "release_max_months")
# A release longer than ten years is no policy a reviewer would sign.
RELEASE_MONTHS = (1, 120)
EARLIEST_RECORDS = date(1900, 1, 1)


@transaction.atomic
def agency_details_update(*, agency: Agency, fields: dict[str, Any], changed_by: User) -> Agency:
    """Save the details after checking them; audited with the names of what changed."""
    begins, months = fields.get("records_begin_on"), fields.get("release_max_months")
    if begins and not EARLIEST_RECORDS <= begins <= timezone.localdate():
        raise AdministrationError(
            "The records cannot begin before 1900 or after today.", field="records_begin_on"
        )
    low, high = RELEASE_MONTHS
    if months is not None and not low <= months <= high:
        raise AdministrationError(
            f"Give between {low} and {high} months, or leave it empty.",
            field="release_max_months",
        )
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = [name for name in AGENCY_FIELDS if getattr(locked, name) != fields.get(name)]
    for name in AGENCY_FIELDS:
        setattr(locked, name, fields.get(name))
    locked.save(update_fields=list(AGENCY_FIELDS))
    audit_record(
        action="casework.agency.details_changed",
        actor=changed_by,
        obj=locked,
        agency_id=locked.pk,
        detail={"changed": changed},
    )
    return locked
