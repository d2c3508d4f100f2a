"""Who may do what across the project, decided from the access policy (casework/access.py).

User-level predicates, `may_<verb>(user) -> bool`, named by views in `@requires(...)`
(casework/permissions.py) and asked by templates and services alike. Object-level ones live
beside their objects, in each app's `predicates.py` (`clients.predicates.may_change_client`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model

from casework.access import access_for
from casework.models import User

if TYPE_CHECKING:
    from casework.staffing.selectors import ProfileTarget


def may_change_records(user: User) -> bool:
    """A case manager or supervisor of some team: may add clients, book, ask for emergency
    access."""
    return bool(access_for(user).writable_team_ids)


def may_supervise(user: User) -> bool:
    return bool(access_for(user).supervised_team_ids)


def may_administer(user: User) -> bool:
    """An agency admin, of a team or of the agency as a whole."""
    return bool(access_for(user).admin_agency_ids)


def may_review_audit(user: User) -> bool:
    """A compliance reviewer of some agency: reads its audit trail."""
    return bool(access_for(user).compliance_agency_ids)


def may_see_staff(user: User) -> bool:
    """Supervisors and agency admins keep the staff list; case managers see their own
    profile only."""
    return may_supervise(user) or may_administer(user)


def may_edit_profile(user: User, target: ProfileTarget) -> bool:
    """A profile the user keeps (a supervisor or agency admin of the person's teams, as
    `staffing.selectors.profile_user_for` found). One's own profile is read-only: supervisors
    confirm training."""
    return target.editable


def may_see_who_opened(user: User, client: Model) -> bool:
    """Who may see who opened a client's record (`client`: a clients.Client): supervisors of
    the client's team and compliance reviewers of its agency."""
    access = access_for(user)
    return (
        client.team_id in access.supervised_team_ids
        or client.agency_id in access.compliance_agency_ids
    )
