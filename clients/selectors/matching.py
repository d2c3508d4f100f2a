"""Who should serve this client: the client's needs, each of the team's staff with their
acuity-weighted caseload and history with the client, ranked by `casework.staffing.matching`.

Only the given team's case managers and supervisors are ever candidates, and only for a
viewer who may change that team's clients. A team of any size costs one query (two with a
client's service area name to read)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from casework import access
from casework.models import CaseloadLimit, Membership, ServiceArea, Team, User
from casework.queries import per_outer_row
from casework.staffing.acuity import acuity_weight, acuity_weight_sql
from casework.staffing.matching import Needs, Suggestion, age_on, rank
from casework.staffing.selectors import candidate_from, team_candidates
from clients.models import Assignment, AssignmentRole, Client, Status


def needs_of(
    *, details: Any, service_area: ServiceArea | None = None, today: date | None = None
) -> Needs:
    """The needs of a client, or of anything with a client's fields (intake data as an
    object). `service_area` overrides the client's own (a transfer to a new area)."""
    today = today or timezone.localdate()
    area_id, area_name = _area(details, service_area)
    return Needs.of(
        age=age_on(getattr(details, "date_of_birth", None), today),
        justice_involved=bool(getattr(details, "justice_involved", False)),
        co_occurring_substance_use=bool(getattr(details, "co_occurring_substance_use", False)),
        homeless=bool(getattr(details, "homeless", False)),
        primary_language=getattr(details, "primary_language", "") or "",
        needs_interpreter=bool(getattr(details, "needs_interpreter", False)),
        service_area_id=area_id,
        service_area_name=area_name,
        weight=acuity_weight(getattr(details, "risk_level", None)),
    )


def _area(details: Any, override: ServiceArea | None) -> tuple[int | None, str]:
    """The area's id and, when already loaded, its name (no query just for a label)."""
    if override is not None:
        return override.pk, override.name
    area_id = getattr(details, "service_area_id", None)
    if area_id is None:
        return None, ""
    field = type(details)._meta.get_field("service_area")
    return area_id, details.service_area.name if field.is_cached(details) else ""


def caseload_load_sql(staff_ref: str = "pk") -> Coalesce:
    """A person's acuity-weighted caseload: the open clients they are the current primary
    case manager of, in every team (a person's capacity is their whole caseload; only the sum
    is shown, never the clients)."""
    rows = Assignment.objects.filter(
        staff=OuterRef(staff_ref), role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).exclude(client__status=Status.DISCHARGED)
    return Coalesce(
        per_outer_row(rows, "staff", load=Sum(acuity_weight_sql("client__risk_level"))),
        Decimal("0"),
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


def members_with_capacity(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Memberships annotated with `load` (the person's acuity-weighted caseload, see
    `caseload_load_sql`) and `limit` (their own CaseloadLimit for the team's program, else the
    program's ratio): what the staffing panel and the team dashboard compare."""
    own_limit = CaseloadLimit.objects.filter(
        user=OuterRef("user"), program_id=OuterRef("team__program_id")
    )
    return memberships.annotate(
        load=caseload_load_sql("user"),
        limit=Coalesce(
            Subquery(own_limit.values("limit")[:1]),
            F("team__program__caseload_ratio"),
            output_field=IntegerField(),
        ),
    )


def suggestions_for(
    *,
    viewer: User,
    team: Team,
    needs: Needs,
    client_id: int | None = None,
    exclude_staff_ids: Collection[int] = (),
    favour_last_primary: bool = False,
    today: date | None = None,
) -> list[Suggestion]:
    """The team's staff ranked for `needs`, best first; empty for a team the viewer cannot
    change. `client_id` adds continuity (past assignments of that client), and with
    `favour_last_primary` the client's last primary case manager comes first of those."""
    if not access.access_for(viewer).can_change_team(team.pk):
        return []
    today = today or timezone.localdate()
    rows = team_candidates(team=team, today=today).annotate(load=caseload_load_sql())
    if client_id is not None:
        history = Assignment.objects.filter(client_id=client_id)
        # Any earlier period with the client, primary or secondary, ended or not.
        rows = rows.annotate(worked_with_client=Exists(history.filter(staff=OuterRef("pk"))))
        if favour_last_primary:
            last = history.filter(role=AssignmentRole.PRIMARY).order_by("-started_on", "-pk")
            rows = rows.annotate(last_primary=Exact(F("pk"), Subquery(last.values("staff")[:1])))
    if exclude_staff_ids:
        rows = rows.exclude(pk__in=list(exclude_staff_ids))
    return rank(needs, [candidate_from(u) for u in rows])


def client_needs(client: Client, *, secondary: bool = False) -> Needs:
    """The client's needs of a primary or, with `secondary`, of secondary staff: a secondary
    period adds nothing to a caseload (which counts primaries), so it asks for no room
    beyond not being over the limit already."""
    needs = needs_of(details=client)
    return replace(needs, weight=Decimal(0)) if secondary else needs


def client_suggestions(
    *,
    viewer: User,
    client: Client,
    exclude_staff_ids: Collection[int] = (),
    favour_last_primary: bool = False,
    secondary: bool = False,
) -> list[Suggestion]:
    """The client's own team ranked for the client, with continuity. Left out are the staff
    who cannot be chosen (read by the caller with the history): the current primary for a
    reassignment, everyone serving the client now for secondary staff. Re-opening favours
    the last primary, if still on the team, among those who meet the same rules."""
    return suggestions_for(
        viewer=viewer,
        team=client.team,
        needs=client_needs(client, secondary=secondary),
        client_id=client.pk,
        exclude_staff_ids=exclude_staff_ids,
        favour_last_primary=favour_last_primary,
    )


def outside_team_area(client: Client) -> bool:
    """The client lives in a service area other than their team's (they moved): flag for
    transfer. No query when the team is already loaded."""
    team_area = client.team.service_area_id
    return bool(client.service_area_id and team_area and client.service_area_id != team_area)


def receiving_teams(*, viewer: User, client: Client) -> list[Team]:
    """The viewer's own active teams (the only ones a clinical user may name) that cover the
    client's service area, other than the client's team."""
    if not client.service_area_id:
        return []
    return list(
        access.writable_teams(viewer)
        .filter(agency_id=client.agency_id, service_area_id=client.service_area_id)
        .exclude(pk=client.team_id)
        .select_related("program", "service_area")
        .distinct()
        .order_by("name")
    )


def staff_suggestion(
    *, team: Team, staff: User, needs: Needs, today: date | None = None
) -> Suggestion | None:
    """How one member of the team measures up to `needs` (for the services' rule check; the
    caller has already checked access). None when they are not assignable in the team."""
    rows = team_candidates(team=team, today=today or timezone.localdate()).filter(pk=staff.pk)
    users = list(rows.annotate(load=caseload_load_sql()))
    return rank(needs, [candidate_from(u) for u in users])[0] if users else None


TOP = 5  # suggestions shown before "everyone else on the team"


@dataclass(frozen=True)
class RankedChoice:
    """A ranked list as a form shows it: the best few, then the rest folded away (unfolded
    when the one chosen is there)."""

    suggestions: list[Suggestion]
    chosen: int | None = None

    @property
    def top(self) -> list[Suggestion]:
        return self.suggestions[:TOP]

    @property
    def rest(self) -> list[Suggestion]:
        return self.suggestions[TOP:]

    @property
    def chosen_in_rest(self) -> bool:
        return any(s.user_id == self.chosen for s in self.rest)


def transfer_flag(client: Client) -> dict | None:
    """The record header's "outside the team's area" badge (pages.record): no query
    when the client's team is loaded, as on the record page."""
    return {"client": client} if outside_team_area(client) else None
