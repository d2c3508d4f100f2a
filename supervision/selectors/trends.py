"""The dashboard's time series, each one query whatever the team's size: completed contacts
per case manager per week, and how many clients were overdue for a check-in at the end of
each of the last weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone

from casework.models import User
from clients.models import Episode, Status, Visit
from clients.selectors.visits import completed_visits
from supervision.scope import (
    TeamView,
    is_supervised,
    supervised_statement,
    supervised_values,
    team_client_rows,
    team_clients,
)

WEEKS = 12


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last `weeks` weeks, the current (partial) week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def contacts_per_week(
    *, viewer: User, view: TeamView, today: date
) -> tuple[list[date], dict[int, list[int]]]:
    """Completed contacts (not attempts, not retracted) with the team's clients, by author
    and week: (the weeks, {author id: one count per week}). One query."""
    weeks = week_starts(today)
    since, until = _start_of(weeks[0]), _start_of(today + timedelta(days=1))
    if is_supervised(viewer=viewer, view=view):
        values = supervised_values(viewer=viewer, view=view)
        rows = _CONTACTS.rows(**values, since=since, until=until)
    else:
        found = _contacts(viewer=viewer, view=view, since=since, until=until)
        rows = [(r["author_id"], r["week"], r["n"]) for r in found]
    index = {w: i for i, w in enumerate(weeks)}
    counts: dict[int, list[int]] = {}
    for author_id, week, n in rows:
        series = counts.setdefault(author_id, [0] * len(weeks))
        if week in index:
            series[index[week]] += n
    return weeks, counts


def _contacts(
    *, viewer: User, view: TeamView, since: datetime, until: datetime, now: datetime | None = None
) -> QuerySet:
    visits = completed_visits().filter(team=view.team, contact_at__gte=since, contact_at__lt=until)
    return (
        team_client_rows(viewer=viewer, view=view, rows=visits, now=now)
        .annotate(week=TruncDate(TruncWeek("contact_at")))
        .order_by()
        .values("author_id", "week")
        .annotate(n=Count("*"))  # not the id, which the index does not hold
    )


_CONTACTS = supervised_statement(
    Visit,
    _contacts,
    since=datetime(1901, 2, 3, 4, 5, 6, 7919, tzinfo=UTC),  # stand-ins no request passes
    until=datetime(1901, 3, 4, 5, 6, 7, 8923, tzinfo=UTC),
)


@dataclass(frozen=True)
class TrendPoint:
    day: date
    overdue: int


def overdue_trend(*, viewer: User, view: TeamView, today: date) -> list[TrendPoint]:
    """Clients overdue for a check-in at the end of each of the last WEEKS weeks (a day a
    week, today last); see overdue_counts. One query. The dashboard counts the past weeks at
    most hourly per team (supervision.services.trends)."""
    days = [today - timedelta(weeks=k) for k in range(WEEKS - 1, -1, -1)]
    counts = overdue_counts(viewer=viewer, view=view, days=days)
    return [TrendPoint(day, n) for day, n in zip(days, counts, strict=True)]


def overdue_counts(*, viewer: User, view: TeamView, days: list[date]) -> list[int]:
    """How many clients were overdue for a check-in at the end of each of `days`, by the
    rule of clients.services.contact_dates applied to the contacts known on that day: due on
    the date the latest completed contact set, else its date plus the program's standard;
    before any contact, the episode's start plus the standard. A client counts while open on
    the day (created by then, not yet discharged). Clients are the team's current ones. One
    query: two subqueries per client and day."""
    standard = Coalesce(
        F("program__contact_standard_days"), F("team__program__contact_standard_days")
    )
    opened = Subquery(
        Episode.objects.filter(client=OuterRef("pk")).order_by("-number").values("opened_on")[:1]
    )
    clients = team_clients(viewer=viewer, view=view).annotate(
        sv_standard=standard,
        sv_start=Coalesce(opened, TruncDate("created_at")),
    )
    counts = {}
    for i, day in enumerate(days):
        known = completed_visits().filter(
            client=OuterRef("pk"), contact_at__lt=_start_of(day + timedelta(days=1))
        )
        last = Subquery(known.annotate(d=TruncDate("contact_at")).values("d")[:1])
        chosen = Subquery(known.values("next_contact_due")[:1])
        due = Coalesce(
            chosen,
            ExpressionWrapper(last + F("sv_standard"), output_field=DateField()),
            ExpressionWrapper(F("sv_start") + F("sv_standard"), output_field=DateField()),
        )
        clients = clients.annotate(**{f"sv_due_{i}": due})
        open_then = Q(sv_start__lte=day) & (~Q(status=Status.DISCHARGED) | Q(status_since__gt=day))
        counts[f"n{i}"] = Count("pk", filter=open_then & Q(**{f"sv_due_{i}__lt": day}))
    totals = clients.aggregate(**counts)
    return [totals[f"n{i}"] for i in range(len(days))]
