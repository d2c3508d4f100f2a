"""Who may use the agency admin's pages: agency admins, for their own agency only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from casework.access import access_for
from casework.models import Agency, User


def is_agency_admin(viewer: User) -> bool:
    return bool(access_for(viewer).admin_agency_ids)


def administered_agency(viewer: User) -> Agency:
    """The agency the viewer administers; 403 for everyone else. A person who administers
    several agencies works on the first (as the directory's pages do)."""
    agency_ids = access_for(viewer).admin_agency_ids
    if not agency_ids:
        raise PermissionDenied
    return Agency.objects.get(pk=min(agency_ids))
