"""Who may read and keep the service directory: every member of an agency reads its
directory; its agency admins change it."""

from __future__ import annotations

from casework.access import access_for
from casework.models import User


def may_read_directory(user: User) -> bool:
    """Anyone with a role in some agency (a person of no agency is refused, 403)."""
    return bool(access_for(user).agency_ids)


def may_edit_directory(user: User, agency_id: int | None = None) -> bool:
    """An admin of the entry's agency; without an agency, of any agency (the manage pages
    then work on the one they administer)."""
    admin_ids = access_for(user).admin_agency_ids
    return bool(admin_ids) if agency_id is None else agency_id in admin_ids
