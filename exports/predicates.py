"""Who may export what. A client's bundle and copy: whoever may read the record (the access
policy). The whole agency: its admins and compliance reviewers, nobody else."""

from __future__ import annotations

from casework.access import access_for
from casework.models import User


def export_agency_ids(user: User) -> frozenset[int]:
    """Agencies whose whole export the user may request and download."""
    access = access_for(user)
    return access.admin_agency_ids | access.compliance_agency_ids


def may_export_agency(user: User) -> bool:
    return bool(export_agency_ids(user))
