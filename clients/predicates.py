"""Who may do what to a client's record. Views name the user-level ones in `@requires`;
views, templates' contexts and services ask the object-level ones, so one rule answers all.
Finding a client the viewer may not see at all is the selectors' job (404)."""

from __future__ import annotations

from casework.access import access_for
from casework.models import Team, User
from casework.predicates import may_change_records
from clients.models import Client, Visit


def may_add_client(user: User) -> bool:
    """A case manager or supervisor of some team (the intake form offers only those teams)."""
    return may_change_records(user)


def may_keep_a_week(user: User) -> bool:
    """A case manager or supervisor of some team has a week of bookings and a calendar feed."""
    return may_change_records(user)


def may_see_team_weeks(user: User, teams: list[Team]) -> bool:
    """Someone who reads at least one active team (`teams`: those `week_teams_for` finds)
    sees a team's week; an agency admin or reviewer of no team does not."""
    return bool(teams)


def may_work_offline(user: User) -> bool:
    """People who log visits (a case manager or supervisor of some team) take today offline
    and upload visits made without signal."""
    return may_change_records(user)


def may_change_client(user: User, client: Client) -> bool:
    """A case manager or supervisor of the client's team. Compliance reviewers and emergency
    access read only."""
    return access_for(user).can_change_team(client.team_id)


def may_add_addendum(user: User, visit: Visit) -> bool:
    """To a signed note: its author while they may read the client, or a supervisor of the
    client's team."""
    if visit.author_id == user.pk:
        return access_for(user).can_read_team(visit.client.team_id)
    return visit.client.team_id in access_for(user).supervised_team_ids
