"""The access policy: the one place that decides which teams' records a person may see or
change. Every client-scoped query and view asks here (via `Client.objects.visible_to`,
`clients.selectors`), so a rule changes in one place.

Decisions (shared/domain/security.md): deny by default; case managers and supervisors see and
change the records of their teams; compliance reviewers read them and change nothing; an agency
admin without a clinical role sees no client data at all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import connections, router
from django.db.models import F, Lookup, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.models import Agency, AgencyStaff, EmergencyAccess, Membership, Role, Team, User

READ_ROLES = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR, Role.COMPLIANCE})
WRITE_ROLES = frozenset({Role.CASE_MANAGER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Access:
    """What one person may do, computed once per request from their memberships."""

    roles_by_team: dict[int, str] = field(default_factory=dict)
    agency_by_team: dict[int, int] = field(default_factory=dict)
    # Agencies the person administers as a whole (AgencyStaff.is_admin), team or no team.
    agency_admin_ids: frozenset[int] = frozenset()

    def _teams(self, roles: frozenset[str]) -> frozenset[int]:
        return frozenset(t for t, role in self.roles_by_team.items() if role in roles)

    @property
    def readable_team_ids(self) -> frozenset[int]:
        return self._teams(READ_ROLES)

    @property
    def writable_team_ids(self) -> frozenset[int]:
        return self._teams(WRITE_ROLES)

    @property
    def supervised_team_ids(self) -> frozenset[int]:
        return self._teams(frozenset({Role.SUPERVISOR}))

    @property
    def admin_agency_ids(self) -> frozenset[int]:
        admin_teams = self._teams(frozenset({Role.ADMIN}))
        return frozenset(self.agency_by_team[t] for t in admin_teams) | self.agency_admin_ids

    @property
    def compliance_agency_ids(self) -> frozenset[int]:
        """Agencies whose audit trail the user reviews (as a compliance reviewer)."""
        teams = self._teams(frozenset({Role.COMPLIANCE}))
        return frozenset(self.agency_by_team[t] for t in teams)

    @property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(self.agency_by_team.values()) | self.agency_admin_ids

    @property
    def roles(self) -> frozenset[str]:
        agency_roles = {Role.ADMIN} if self.agency_admin_ids else set()
        return frozenset(self.roles_by_team.values()) | agency_roles

    @property
    def sees_clients(self) -> bool:
        return bool(self.readable_team_ids)

    def can_read_team(self, team_id: int) -> bool:
        return team_id in self.readable_team_ids

    def can_change_team(self, team_id: int) -> bool:
        return team_id in self.writable_team_ids


_NO_ACCESS = Access()


def active(user: User) -> bool:
    """A signed-in, active person: anyone else has no scope at all."""
    return getattr(user, "is_authenticated", False) and user.is_active


def access_for(user: User) -> Access:
    """The user's access, cached on the user object (which lives for one request)."""
    if not active(user):
        return _NO_ACCESS
    cached = getattr(user, "_casework_access", None)
    if cached is None:
        rows = _role_rows(user)
        teams = [row for row in rows if row[0] is not None]
        cached = Access(
            roles_by_team={team_id: role for team_id, role, _ in teams},
            agency_by_team={team_id: agency_id for team_id, _, agency_id in teams},
            agency_admin_ids=frozenset(agency_id for t, _, agency_id in rows if t is None),
        )
        user._casework_access = cached
    return cached


def _role_rows(user: User) -> list[tuple[int | None, str, int]]:
    """(team, role, agency) per membership of an active team, and (None, "admin", agency) per
    agency the user administers as a whole, in one plain statement: every signed-in page asks,
    and the ORM spent more CPU building this union (about 0.7 ms) than PostgreSQL answering."""
    db = router.db_for_read(Membership)
    with connections[db].cursor() as cursor:
        cursor.execute(_roles_sql(db), [user.pk, Role.ADMIN.value, user.pk])
        return cursor.fetchall()


@functools.cache
def _roles_sql(db: str) -> str:
    q = connections[db].ops.quote_name
    membership, team, staff = Membership._meta, Team._meta, AgencyStaff._meta

    def col(meta, name: str) -> str:
        return q(meta.get_field(name).column)

    return (
        f"SELECT m.{col(membership, 'team')}, m.{col(membership, 'role')},"  # noqa: S608 - model names
        f" t.{col(team, 'agency')} FROM {q(membership.db_table)} m"
        f" INNER JOIN {q(team.db_table)} t ON t.{q(team.pk.column)} = m.{col(membership, 'team')}"
        f" WHERE m.{col(membership, 'user')} = %s AND t.{col(team, 'is_active')}"
        f" UNION ALL SELECT NULL, %s, s.{col(staff, 'agency')} FROM {q(staff.db_table)} s"
        f" WHERE s.{col(staff, 'user')} = %s AND s.{col(staff, 'is_admin')}"
    )


def _teams_in_role(user: User, roles: Iterable[str]) -> QuerySet[Team]:
    """The active teams where the user holds one of `roles`, as a lazy query for subqueries;
    none for an anonymous or deactivated user."""
    if not active(user):
        return Team.objects.none()
    return Team.objects.filter(is_active=True, memberships__user=user, memberships__role__in=roles)


def readable_teams(user: User) -> QuerySet[Team]:
    """Teams whose client records the user may read, as a lazy query for subqueries."""
    return _teams_in_role(user, READ_ROLES)


def writable_teams(user: User) -> QuerySet[Team]:
    return _teams_in_role(user, WRITE_ROLES)


def emergency_client_ids(user: User, *, now: datetime | None = None) -> QuerySet[EmergencyAccess]:
    """Ids of the clients the user holds an unexpired emergency grant for, as a lazy
    subquery: expiry needs no job. Expiry is read on the application's clock, the one that
    set it, not the database's (`now`, by default the present)."""
    if not active(user):
        return EmergencyAccess.objects.none().values("client_id")
    now = now or timezone.now()
    return (
        EmergencyAccess.objects.filter(user=user, user__is_active=True, expires_at__gt=now)
        .order_by()
        .values("client_id")
    )


def _client_field(team_field: str) -> str | None:
    # "team" scopes Client rows themselves; "<path>__team" scopes rows whose <path> is the
    # client (client__team: visits, documents, consent...). Other shapes get no grants.
    if team_field == "team":
        return "pk"
    if team_field.endswith("__team"):
        return team_field.removesuffix("__team")
    return None


def team_scope(
    user: User, *, team_field: str = "team", write: bool = False, now: datetime | None = None
) -> Q:
    """A filter limiting any team-owned client rows to the user's scope, in SQL subqueries.

    Reads also include the clients the user holds an active emergency grant for (unexpired
    at `now`, by default the present); emergency access is read-only, so writes
    (`write=True`) never do.
    """
    teams = writable_teams(user) if write else readable_teams(user)
    client_field = None if write else _client_field(team_field)
    if client_field is None:
        return Q(**{f"{team_field}__in": teams.values("pk")})
    # `x IN (subquery) OR y IN (subquery)` defeats PostgreSQL's indexes (a sequential scan
    # with hashed subplans: 6x slower on 100,000 clients). `x = ANY(ARRAY(subquery))` makes
    # each subquery an InitPlan run once, and the two sides one BitmapOr over the team and
    # primary-key indexes: within a few milliseconds of the team-only scope.
    return Q(EqualsAny(F(team_field), ArraySubquery(teams.values("pk")))) | Q(
        EqualsAny(F(client_field), ArraySubquery(emergency_client_ids(user, now=now)))
    )


_FOUND_FOR = "_casework_found_for"


def client_found(client: Any, user: User) -> Any:
    """Note on this request's client instance that the access policy found it for `user`
    (`client_get_for` and the record page's lookup), so its rows need no second scope."""
    setattr(client, _FOUND_FOR, user.pk)
    return client


def found_for(client: Any, user: User) -> bool:
    """Whether the access policy found this client instance for `user` (`client_found`):
    its rows then need no second scope."""
    found = getattr(client, _FOUND_FOR, None)
    return found is not None and found == user.pk


def client_rows(user: User, client: Any, *, client_field: str = "client") -> Q:
    """The rows of one client (its people, documents, events...). The client found through
    the policy for this user already decided the scope: its id alone, a plain indexed filter
    without the team and emergency-grant subqueries. Any other instance gets the team scope
    as well."""
    rows = Q(**{client_field: client})
    if found_for(client, user):
        return rows
    return rows & team_scope(user, team_field=f"{client_field}__team")


class EqualsAny(Lookup):
    """`lhs = ANY(rhs)` where rhs is an array (here `ARRAY(subquery)`): PostgreSQL runs the
    subquery once, as an InitPlan, and never folds it into the outer query's plan."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class OutOfScope(Http404):
    """404 for something that exists but lies outside the viewer's scope (another team's
    dashboard, a colleague's reminder, a staff profile): the page is the same as for a
    missing id, and `AccessDeniedAuditMiddleware` audits the refusal."""

    client_id: int | None = None
    agency_id: int | None = None

    def __init__(self, message: str = "Not found.", *, agency_id: int | None = None) -> None:
        super().__init__(message)
        self.agency_id = agency_id


def refuse(queryset: QuerySet, pk: object, *, agency_field: str | None = None) -> NoReturn:
    """Raise 404 for `pk`: `OutOfScope` (audited) when it exists, a plain Http404 when not.
    One SELECT, on refusals only."""
    fields = ("pk", agency_field) if agency_field else ("pk",)
    try:
        found = queryset.model._base_manager.filter(pk=pk).values_list(*fields).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    name = queryset.model._meta.verbose_name
    if found is None:
        raise Http404(f"No {name} matches the given query.")
    raise OutOfScope(
        f"No {name} matches the given query.", agency_id=found[-1] if agency_field else None
    )


class ClientOutOfScope(OutOfScope):
    """404 for a client that exists but lies outside the viewer's scope. The page is the same
    as for a non-existent id; `AccessDeniedAuditMiddleware` audits the refusal."""

    def __init__(self, *, client_id: int, agency_id: int | None = None) -> None:
        super().__init__("No Client matches the given query.", agency_id=agency_id)
        self.client_id = client_id


class ClientWriteRefused(PermissionDenied):
    """403 for a write to a client the viewer may only read; audited like `ClientOutOfScope`."""

    def __init__(self, *, client_id: int, agency_id: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.agency_id = agency_id


def refuse_client(pk: int) -> NoReturn:
    """Raise 404 for a client the viewer cannot see: `ClientOutOfScope` (audited) when the
    client exists, a plain Http404 when it does not. One extra SELECT, on refusals only."""
    agency_id = Agency.objects.filter(clients__pk=pk).values_list("pk", flat=True).first()
    if agency_id is None:
        raise Http404("No Client matches the given query.")
    raise ClientOutOfScope(client_id=pk, agency_id=agency_id)


class ChildOutOfScope(ClientOutOfScope):
    """404 for an object that exists but not under the parent the URL names (another
    client's visit, a disclosure sent to another provider): the page is the same as for a
    missing id, and the refusal is audited against the client in the URL."""


def child_or_404(queryset: QuerySet | type, *, pk: object, client: object, **parents: object):
    """The object `pk` of `queryset` under its parents (`parents`, e.g. `plan=plan`; by
    default `client=client`), else 404. Every view loads a child object through here, after
    finding the parent through the access policy, so an id from another client or another
    parent never opens. An id that exists elsewhere is refused as `ChildOutOfScope`, audited
    against the child's own client when it has one (the record probed), else the URL's; one
    that does not exist is a plain 404. One extra SELECT, on refusals only."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return qs.get(pk=pk, **(parents or {"client": client}))
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        pass
    model = qs.model
    owner = ("client_id", "client__agency_id") if _has_client(model) else ("pk",)
    try:
        found = model._base_manager.filter(pk=pk).values_list(*owner).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        raise Http404(f"No {model._meta.object_name} matches the given query.")
    if len(found) == 2:
        raise ChildOutOfScope(client_id=found[0], agency_id=found[1])
    raise ChildOutOfScope(client_id=client.pk, agency_id=client.agency_id)


def _has_client(model: type) -> bool:
    try:
        field = model._meta.get_field("client")
    except FieldDoesNotExist:  # the child hangs off another parent (a goal off its plan)
        return False
    return field.is_relation and field.related_model._meta.model_name == "client"
