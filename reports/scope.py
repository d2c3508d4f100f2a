"""Whose figures a report may show: the teams a person reports on, and the team, program or
agency they chose. Decided here once so every report and export asks the same question.

Supervisors report on the teams they supervise and compliance reviewers on the teams they
review; an agency admin reports on the whole agency but, holding no clinical role, sees the
figures only, never the lists of clients behind them. Case managers get no reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from casework import access
from casework.models import Agency, Program, Role, Team, User

REPORT_ROLES = frozenset({Role.SUPERVISOR, Role.COMPLIANCE})


@dataclass(frozen=True)
class ReportScope:
    """The chosen teams; `key` is what the form sends ("team-3", "program-2", "agency-1")."""

    key: str
    label: str
    agency_id: int
    team_ids: frozenset[int]
    # Client lists (names, record numbers) only for people who may read every team's clients.
    shows_clients: bool

    def client_filter(self, viewer: User, *, team_field: str = "client__team") -> Q:
        """Rows of clients the viewer may see, attributed to one of the scope's teams by
        `team_field` (the visit's team at the time, or the client's current team)."""
        rows = Q(**{f"{team_field}__in": self.team_ids}, client__agency_id=self.agency_id)
        if self.shows_clients:
            rows &= access.team_scope(viewer, team_field="client__team")
        return rows


def reports_visible(acc: access.Access) -> bool:
    """Whether someone with this access has any report (the navigation asks too)."""
    return bool(acc.admin_agency_ids) or any(r in REPORT_ROLES for r in acc.roles)


def scope_choices(viewer: User) -> list[ReportScope]:
    """Every scope the viewer may choose, teams first, then programs, then whole agencies.
    Two queries (teams, agencies) whatever the number of teams."""
    acc = access.access_for(viewer)
    if not reports_visible(acc):
        raise PermissionDenied
    own = frozenset(t for t, role in acc.roles_by_team.items() if role in REPORT_ROLES)
    teams = list(
        Team.objects.filter(Q(pk__in=own) | Q(agency_id__in=acc.admin_agency_ids), is_active=True)
        .select_related("program")
        .order_by("agency_id", "name", "pk")
    )
    readable = acc.readable_team_ids
    choices = [
        ReportScope(f"team-{t.pk}", t.name, t.agency_id, frozenset({t.pk}), t.pk in readable)
        for t in teams
    ]
    programs: dict[int, tuple[Program, list[Team]]] = {}
    for t in teams:
        programs.setdefault(t.program_id, (t.program, []))[1].append(t)
    for program, members in sorted(programs.values(), key=lambda pm: pm[0].name):
        ids = frozenset(t.pk for t in members)
        choices.append(
            ReportScope(
                f"program-{program.pk}",
                f"{program.name} (program)",
                program.agency_id,
                ids,
                ids <= readable,
            )
        )
    for agency in Agency.objects.filter(pk__in=acc.admin_agency_ids).order_by("name"):
        ids = frozenset(t.pk for t in teams if t.agency_id == agency.pk)
        choices.append(
            ReportScope(f"agency-{agency.pk}", f"{agency.name} (all teams)", agency.pk, ids, False)
        )
    return choices


def scope_get(viewer: User, key: str | None) -> tuple[ReportScope, list[ReportScope]]:
    """The chosen scope (the first one when none is asked for) and all choices: 403 for
    people with no reports, 404 for a team, program or agency outside their reach."""
    choices = scope_choices(viewer)
    if not choices:
        raise Http404("No team to report on.")
    if not key:
        return choices[0], choices
    for choice in choices:
        if choice.key == key:
            return choice, choices
    raise Http404("No such team, program or agency.")
