"""The "My caseload" list: the clients a person serves (a current assignment, primary or
secondary), or for a supervisor every client of the teams they supervise. One page costs the
same queries at any caseload size: the primary case manager's name comes from a subquery,
program and team are joined, and the due marker is arithmetic on the denormalised
`Client.next_contact_due`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework import access
from casework.access import EqualsAny
from casework.models import Program, User
from casework.prepared import Prepared
from clients.models import Assignment, Client, Status
from clients.selectors.clients import with_summary
from clients.selectors.search import client_search

OPEN_STATUSES = (Status.REFERRED, Status.ACTIVE, Status.ON_HOLD)


class Scope:
    MINE = "mine"
    TEAMS = "teams"


# Each sort keeps a stable tie-break so pages never repeat or skip a client.
SORTS = {
    "due": (F("next_contact_due").asc(nulls_last=True), "family_name", "given_name", "pk"),
    "name": ("family_name", "given_name", "pk"),
    "last": (F("last_contact_on").desc(nulls_last=True), "family_name", "given_name", "pk"),
}
# What a caseload row and the dashboard's panel show: the other columns of a client (address,
# phone, notes...) are neither read from the database nor made into Python.
ROW_FIELDS = (
    "pk", "given_name", "preferred_name", "family_name", "record_number", "status",
    "risk_level", "date_of_birth", "justice_involved", "co_occurring_substance_use",
    "homeless", "needs_interpreter", "primary_language", "last_contact_on", "next_contact_due",
)  # fmt: skip
SORT_LABELS = {"due": "Next contact due", "name": "Name", "last": "Last contact"}
STATUS_CHOICES = [("open", "Open"), *Status.choices, ("all", "All statuses")]


@dataclass(frozen=True)
class CaseloadFilters:
    scope: str = Scope.MINE
    program_id: int | None = None
    status: str = "open"
    overdue_only: bool = False
    q: str = ""
    sort: str = "due"

    @classmethod
    def from_query(cls, params, *, may_see_teams: bool) -> CaseloadFilters:
        """Read the GET parameters; anything unknown falls back to the default."""
        scope = Scope.TEAMS if params.get("scope") == Scope.TEAMS and may_see_teams else Scope.MINE
        program = params.get("program", "")
        status = params.get("status", "open")
        sort = params.get("sort", "due")
        return cls(
            scope=scope,
            program_id=int(program) if program.isdecimal() and len(program) < 10 else None,
            status=status if status in dict(STATUS_CHOICES) else "open",
            overdue_only=params.get("overdue") == "1",
            q=" ".join(params.get("q", "").split())[:100],
            sort=sort if sort in SORTS else "due",
        )


@dataclass(frozen=True)
class DueMarker:
    label: str
    css: str
    overdue: bool


def due_marker(next_due: date | None, today: date) -> DueMarker | None:
    """A marker such as "Overdue 3 days" or "Due today": what a case manager reads first."""
    if next_due is None:
        return None
    days = (next_due - today).days
    if days < 0:
        n = -days
        return DueMarker(f"Overdue {n} day{'s' if n != 1 else ''}", "text-bg-danger", True)
    if days == 0:
        return DueMarker("Due today", "text-bg-warning", False)
    if days <= 2:
        return DueMarker(
            f"Due in {days} day{'s' if days != 1 else ''}", "text-bg-light border", False
        )
    return None


def may_see_teams(viewer: User) -> bool:
    return bool(access.access_for(viewer).supervised_team_ids)


def caseload_for(*, viewer: User, filters: CaseloadFilters, today: date) -> QuerySet[Client]:
    team_ids = _supervised(viewer) if filters.scope == Scope.TEAMS else []
    return _rows(_scoped(viewer, filters, today, team_ids=team_ids), viewer, filters.sort)


def _supervised(viewer: User) -> list[int]:
    return sorted(access.access_for(viewer).supervised_team_ids)


def _scoped(
    viewer: User,
    filters: CaseloadFilters,
    today: date,
    *,
    team_ids: list[int],
    now: datetime | None = None,
) -> QuerySet[Client]:
    """The clients of the list, without what a row shows."""
    clients = Client.objects.visible_to(viewer, now=now)
    if filters.scope == Scope.TEAMS:
        ids = Value(team_ids, output_field=ArrayField(BigIntegerField()))
        clients = clients.filter(EqualsAny(F("team_id"), ids))
    else:
        serving = Assignment.objects.filter(
            client=OuterRef("pk"), staff=viewer, ended_on__isnull=True
        )
        clients = clients.filter(Exists(serving))
    if filters.status == "open":
        clients = clients.filter(status__in=OPEN_STATUSES)
    elif filters.status != "all":
        clients = clients.filter(status=filters.status)
    if filters.program_id is not None:
        # The enrolment's program, else the team's: the one whose standard applies.
        clients = clients.alias(
            effective_program_id=Coalesce("program_id", "team__program_id")
        ).filter(effective_program_id=filters.program_id)
    if filters.overdue_only:
        clients = clients.filter(next_contact_due__lt=today)
    if filters.q:
        clients = client_search(clients, filters.q)
    return clients


def _rows(clients: QuerySet[Client], viewer: User, sort: str) -> QuerySet[Client]:
    """What a row shows: the viewer's own part in each client's care (primary or secondary),
    marked in lists, and the summary, in the sort's order."""
    mine = Assignment.objects.filter(client=OuterRef("pk"), staff=viewer, ended_on__isnull=True)
    clients = with_summary(clients.only(*ROW_FIELDS)).annotate(
        my_role=Subquery(mine.order_by("role").values("role")[:1])
    )
    return clients.order_by(*SORTS[sort])


# --- The page as two prepared statements (casework.prepared) ------------------------------
# Stand-ins no request passes: a negative id, a day in 1901.
_STAND_INS = {
    "viewer_id": -2_000_000_011,
    "team_ids": [-2_000_000_013],
    "status": "stand-in status",
    "program_id": -2_000_000_017,
    "today": date(1901, 1, 2),
    "now": datetime(1901, 1, 2, 3, 4, 5, 6789, tzinfo=UTC),
}


def _prepared_scope(shape: tuple, **values) -> QuerySet[Client]:
    scope, status, has_program, overdue, sort = shape
    filters = CaseloadFilters(
        scope=scope,
        program_id=values["program_id"] if has_program else None,
        status=values["status"] if status == "one" else status,
        overdue_only=overdue,
        sort=sort,
    )
    viewer = User(pk=values["viewer_id"], is_active=True)
    team_ids = values["team_ids"]
    return _scoped(viewer, filters, values["today"], team_ids=team_ids, now=values["now"])


def _prepared_rows(shape: tuple, **values) -> QuerySet[Client]:
    return _rows(_prepared_scope(shape, **values), User(pk=values["viewer_id"]), shape[-1])


_COUNT = Prepared(Client, lambda shape, **v: _prepared_scope(shape, **v).values("pk"), **_STAND_INS)
_PAGE = Prepared(Client, _prepared_rows, **_STAND_INS)


class CaseloadRows:
    """The caseload for a Paginator: `count()` and a page's slice, each one statement built
    by the ORM once per process (the same queryset as `caseload_for`'s, which a name search
    still builds each time)."""

    def __init__(self, *, viewer: User, filters: CaseloadFilters, today: date) -> None:
        if filters.status in ("open", "all"):
            status = filters.status
        else:
            status = "one"
        self.shape = (
            filters.scope, status, filters.program_id is not None, filters.overdue_only,
            filters.sort,
        )  # fmt: skip
        self.values = {
            "viewer_id": viewer.pk,
            "team_ids": _supervised(viewer) if filters.scope == Scope.TEAMS else [],
            "status": filters.status,
            "program_id": filters.program_id,
            "today": today,
            "now": timezone.now(),
        }

    def count(self) -> int:
        sql, params = _COUNT.sql(self.shape, **self.values)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS caseload", params)  # noqa: S608
            return cursor.fetchone()[0]

    def __getitem__(self, page: slice) -> list[Client]:
        sql, params = _PAGE.sql(self.shape, **self.values)
        limit = [page.stop - page.start, page.start]
        return list(Client.objects.raw(f"{sql} LIMIT %s OFFSET %s", [*params, *limit]))


def caseload_rows(
    *, viewer: User, filters: CaseloadFilters, today: date
) -> CaseloadRows | QuerySet[Client]:
    """The list for the caseload page: prepared statements, or with a name search (whose SQL
    depends on the words) the queryset of `caseload_for`."""
    if filters.q:
        return caseload_for(viewer=viewer, filters=filters, today=today)
    return CaseloadRows(viewer=viewer, filters=filters, today=today)


def caseload_programs(*, viewer: User) -> QuerySet[Program]:
    """Programs offered in the filter: those of the viewer's agencies."""
    agencies = access.access_for(viewer).agency_ids
    return Program.objects.filter(agency_id__in=agencies).only("name").order_by("name")


def caseload_overview(*, viewer: User, today: date, shown: int = 5) -> tuple[int, list[Client]]:
    """The dashboard's panel: how many of the viewer's open clients are overdue, and the next
    few due (overdue first). Two queries."""
    clients = caseload_for(viewer=viewer, filters=CaseloadFilters(), today=today)
    overdue = clients.filter(next_contact_due__lt=today).count()
    upcoming = list(clients.filter(next_contact_due__isnull=False)[:shown])
    for client in upcoming:
        client.due_marker = due_marker(client.next_contact_due, today)
    return overdue, upcoming
