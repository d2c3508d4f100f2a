"""Whose team is it: the one place supervision decides who may open a team's pages.

A supervisor of the team sees everything; an agency admin sees the team's numbers and charts
but no client (design.md: admins see no clinical records), so every client list, queue and
action refuses them. Anyone else: 404 for a team outside their scope, 403 for a member of
the team without the role (shared/style.md: outside scope is 404, a refused role 403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework import access
from casework.access import access_for
from casework.models import Team, User
from casework.prepared import Prepared
from clients.models import Client


@dataclass(frozen=True)
class TeamView:
    team: Team
    # True for the team's supervisors: client names, queues and actions.
    clinical: bool


def teams_for(*, viewer: User) -> QuerySet[Team]:
    """Teams whose dashboard the viewer may open: supervised ones, and every team of the
    agencies they administer."""
    acc = access_for(viewer)
    return Team.objects.filter(
        Q(pk__in=acc.supervised_team_ids) | Q(agency_id__in=acc.admin_agency_ids), is_active=True
    ).order_by("name", "pk")


def team_get_for(*, viewer: User, team_id: int, clinical: bool = False) -> TeamView:
    """The team as the viewer may see it; `clinical=True` for pages that show clients."""
    acc = access_for(viewer)
    team = Team.objects.select_related("program").filter(pk=team_id, is_active=True).first()
    if team is None:
        raise Http404("No team matches the given query.")
    if team.pk in acc.supervised_team_ids:
        return TeamView(team, clinical=True)
    if team.agency_id in acc.admin_agency_ids:
        if clinical:
            raise PermissionDenied
        return TeamView(team, clinical=False)
    if acc.can_read_team(team.pk):
        raise PermissionDenied  # a member of the team without the supervisor's role
    raise access.OutOfScope("No team matches the given query.", agency_id=team.agency_id)


def team_clients(*, viewer: User, view: TeamView, now: datetime | None = None) -> QuerySet[Client]:
    """The team's clients in the viewer's scope (emergency grants unexpired at `now`, by
    default the present). For an admin this feeds counts only; no page lists them
    (`team_get_for(clinical=True)` refuses admins)."""
    if view.clinical:
        return Client.objects.visible_to(viewer, now=now).filter(team=view.team)
    if view.team.agency_id in access_for(viewer).admin_agency_ids:
        return Client.objects.filter(agency_id=view.team.agency_id, team=view.team)
    return Client.objects.none()


def team_client_rows(
    *, viewer: User, view: TeamView, rows: QuerySet, now: datetime | None = None
) -> QuerySet:
    """`rows` (visits, or anything with a `client`) of the clients `team_clients` gives, by a
    join to the client instead of `client IN (team_clients)`. The same scope, the one access
    policy's; but where the rows have an index of their own by team and time, PostgreSQL
    reads them from it rather than probing once per client of the team (the dashboard's
    contacts per week, docs/benchmarks.md)."""
    if view.clinical:
        return rows.filter(access.team_scope(viewer, team_field="client__team", now=now)).filter(
            client__team=view.team
        )
    if view.team.agency_id in access_for(viewer).admin_agency_ids:
        return rows.filter(client__agency_id=view.team.agency_id, client__team=view.team)
    return rows.none()


def is_supervised(*, viewer: User, view: TeamView) -> bool:
    """A supervisor's own team (`team_get_for` made the view clinical): its dashboard's
    statements are built once per process (`supervised_statement`)."""
    return view.clinical and access.active(viewer)


def supervised_statement(
    model: type[Model], build: Callable[..., QuerySet], **stand_ins
) -> Prepared:
    """A statement of a supervisor's own team, built once per process (casework.prepared):
    `build(viewer=, view=, now=, **values)` with a stand-in supervisor, team and time; each
    call passes the real ones (`supervised_values`) and its own `values`."""

    def from_ids(_shape, *, viewer_id: int, team_id: int, **values) -> QuerySet:
        viewer = User(pk=viewer_id, is_active=True)
        return build(viewer=viewer, view=TeamView(Team(pk=team_id), clinical=True), **values)

    return Prepared(
        model,
        from_ids,
        viewer_id=-2_000_000_059,  # no request's
        team_id=-2_000_000_061,
        now=datetime(1901, 1, 2, 3, 4, 5, 6791, tzinfo=UTC),
        **stand_ins,
    )


def supervised_values(*, viewer: User, view: TeamView) -> dict:
    """The supervisor, team and time a `supervised_statement` runs with."""
    return {"viewer_id": viewer.pk, "team_id": view.team.pk, "now": timezone.now()}
