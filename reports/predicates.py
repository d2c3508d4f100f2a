"""Who may read reports: supervisors, compliance reviewers and agency admins
(`reports.scope` decides on what; the navigation asks the same rule)."""

from __future__ import annotations

from casework.access import access_for
from casework.models import User
from reports.scope import reports_visible


def may_read_reports(user: User) -> bool:
    return reports_visible(access_for(user))
