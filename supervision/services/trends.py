"""The dashboard's overdue trend with its history cached per team per hour.

The eleven past points (the end of each of the last eleven weeks) are the page's most
expensive SQL: two correlated subqueries per client and day. They change only when a contact
is recorded late, a client changes team or a discharge is back-dated, so they are counted at
most once an hour per team (`TrendSnapshot`) and the page says when ("as of"). Today's point
is never cached: it is the dashboard's live "Check-ins overdue" total, the same rule
(tests/supervision/test_trends.py holds the two equal).

The snapshot holds whole-team counts, keyed by the team only. That is right because every
viewer `supervision.scope.team_get_for` lets through (the team's supervisors, the agency's
admins) sees all of the team's clients; any narrower scope is counted live and never stored.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from casework.access import access_for
from casework.models import User
from supervision.models import TrendSnapshot
from supervision.scope import TeamView
from supervision.selectors.trends import WEEKS, TrendPoint, overdue_counts

SNAPSHOT_MAX_AGE = timedelta(hours=1)


def _whole_team(viewer: User, view: TeamView) -> bool:
    """The viewer's scope covers every client of the team (scope.team_clients)."""
    acc = access_for(viewer)
    if view.clinical:
        return acc.can_read_team(view.team.pk)
    return view.team.agency_id in acc.admin_agency_ids


def overdue_trend_with_today(
    *, viewer: User, view: TeamView, today: date, overdue_today: int, now: datetime | None = None
) -> tuple[list[TrendPoint], datetime | None]:
    """The WEEKS points of the overdue trend, oldest first, the last one `overdue_today`
    (the dashboard's live total), and when the earlier ones were counted (None: just now,
    uncached). One query when the team's snapshot is fresh; three when it is recounted."""
    now = now or timezone.now()
    past = [today - timedelta(weeks=k) for k in range(WEEKS - 1, 0, -1)]
    today_point = TrendPoint(today, overdue_today)
    if not _whole_team(viewer, view):
        counts = overdue_counts(viewer=viewer, view=view, days=past)
        return [*(TrendPoint(d, n) for d, n in zip(past, counts, strict=True)), today_point], None
    snapshot = TrendSnapshot.objects.filter(
        team=view.team, day=today, computed_at__gt=now - SNAPSHOT_MAX_AGE
    ).first()
    if snapshot is None:
        counts = overdue_counts(viewer=viewer, view=view, days=past)
        snapshot = TrendSnapshot(
            team=view.team,
            day=today,
            computed_at=now,
            points=[[d.isoformat(), n] for d, n in zip(past, counts, strict=True)],
        )
        TrendSnapshot.objects.bulk_create(
            [snapshot],
            update_conflicts=True,
            unique_fields=["team"],
            update_fields=["day", "computed_at", "points"],
        )
    points = [TrendPoint(date.fromisoformat(d), n) for d, n in snapshot.points]
    return [*points, today_point], snapshot.computed_at
