"""Who may do what on the team pages. The team itself is found by `supervision.scope`
(404 outside the viewer's reach, 403 for a member who does not supervise it)."""

from __future__ import annotations

from casework.access import access_for
from casework.models import Team, User
from casework.predicates import may_administer, may_supervise
from clients.models import Visit
from supervision.models import NoteReturn


def may_see_team_dashboards(user: User) -> bool:
    """Supervisors, for their teams; agency admins, for the figures of their agency's."""
    return may_supervise(user) or may_administer(user)


def may_open_a_team_dashboard(user: User, teams: list[Team]) -> bool:
    """Someone with at least one active team to open (`teams`: `scope.teams_for`); an admin
    of an agency with no active team has none."""
    return bool(teams)


def may_cosign(user: User, visit: Visit, *, needed: bool, open_return: NoteReturn | None) -> bool:
    """A supervisor of the client's team co-signs a signed, live note that needs it, unless
    they wrote it or it is back with its author."""
    return (
        needed
        and visit.client.team_id in access_for(user).supervised_team_ids
        and visit.signed_at is not None
        and visit.cosigned_at is None
        and visit.retracted_at is None
        and open_return is None
        and visit.author_id != user.pk
    )
