"""Who may use the agency admin's pages: agency admins, for the agencies they administer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from casework.access import access_for
from casework.models import Agency, User
from casework.predicates import may_administer


def may_administer_agency(user: User) -> bool:
    """Every page here needs it (the pages then work on one agency the user administers)."""
    return may_administer(user)


def may_work_on_agency(user: User, agency_id: int | None) -> bool:
    """The agency the admin's pages work on is one the user administers."""
    return agency_id is not None and agency_id in access_for(user).admin_agency_ids


def administered_agencies(viewer: User) -> list[Agency]:
    """Every agency the viewer administers, by name; 403 for someone who administers none."""
    agency_ids = access_for(viewer).admin_agency_ids
    if not agency_ids:
        raise PermissionDenied
    return list(Agency.objects.filter(pk__in=agency_ids).order_by("name", "pk"))
