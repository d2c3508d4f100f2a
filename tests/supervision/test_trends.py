"""The time series: completed contacts per week, and the overdue trend worked out by hand
(the last point equals today's overdue count on the dashboard)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db.models import Count
from django.db.models.functions import TruncDate, TruncWeek
from django.http import Http404
from django.utils import timezone

from casework.models import EmergencyAccess
from clients.models import Client, Mode, Status
from clients.selectors.visits import completed_visits
from clients.services.contact_dates import contact_dates_refresh
from supervision import metrics
from supervision.scope import team_clients, team_get_for
from supervision.selectors.trends import contacts_per_week, overdue_trend, week_starts
from tests.factories import ClientFactory, EpisodeFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _noon(days_ago: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12)))


def _client(team, *, status=Status.ACTIVE, status_since=None):
    c = ClientFactory(team=team, status=status)
    EpisodeFactory(client=c, opened_on=timezone.localdate() - timedelta(days=60))
    Client.objects.filter(pk=c.pk).update(
        created_at=timezone.now() - timedelta(days=60), status_since=status_since
    )
    return c


def test_the_overdue_trend_follows_the_contacts_known_each_week(supervisor, case_manager, team_a):
    # X: contacts 30 and 10 days ago (a 7-day standard): overdue today, not a week ago, ...
    x = _client(team_a)
    VisitFactory(client=x, author=case_manager, contact_at=_noon(30))
    VisitFactory(client=x, author=case_manager, contact_at=_noon(10))
    VisitFactory(client=x, author=case_manager, contact_at=_noon(2), mode=Mode.ATTEMPTED)
    # Y: never seen, discharged 20 days ago.
    y = _client(
        team_a, status=Status.DISCHARGED, status_since=timezone.localdate() - timedelta(days=20)
    )
    contact_dates_refresh(client_ids=[x.pk, y.pk])
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    trend = overdue_trend(viewer=supervisor, view=view, today=timezone.localdate())
    # Oldest first: 77, 70, 63, 56, 49, 42, 35, 28, 21, 14, 7 days ago, today (see the docstring
    # of overdue_trend; both were opened 60 days ago with a 7-day standard, so due 53 days ago).
    assert [p.overdue for p in trend] == [0, 0, 0, 0, 2, 2, 2, 1, 2, 1, 0, 1]
    figures, _ = metrics.figures_by_staff(viewer=supervisor, view=view, today=timezone.localdate())
    assert trend[-1].overdue == sum(f["overdue"] for f in figures.values())


def test_contacts_are_counted_per_author_and_week(supervisor, case_manager, team_a, client_a):
    VisitFactory(client=client_a, author=case_manager, contact_at=_noon(0))
    VisitFactory(client=client_a, author=case_manager, contact_at=_noon(0), mode=Mode.ATTEMPTED)
    retracted = VisitFactory(
        client=client_a, author=case_manager, contact_at=_noon(1), signed_at=_noon(1)
    )
    type(retracted).objects.filter(pk=retracted.pk).update(retracted_at=timezone.now())
    VisitFactory(client=client_a, author=case_manager, contact_at=_noon(7))
    VisitFactory(client=client_a, author=case_manager, contact_at=_noon(200))  # too old
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    today = timezone.localdate()
    weeks, counts = contacts_per_week(viewer=supervisor, view=view, today=today)
    assert weeks == week_starts(today) and len(weeks) == 12
    series = counts[case_manager.pk]
    assert sum(series) == 2
    assert series[-1] == 1 and series[-2] == 1


def _contacts_the_old_way(viewer, view, today):
    """contacts_per_week as it was: the visits' clients asked as `client IN (team_clients)`."""
    weeks = week_starts(today)
    rows = (
        completed_visits()
        .filter(
            team=view.team,
            client__in=team_clients(viewer=viewer, view=view).values("pk"),
            contact_at__gte=timezone.make_aware(datetime.combine(weeks[0], time.min)),
            contact_at__lt=timezone.make_aware(datetime.combine(today + timedelta(1), time.min)),
        )
        .annotate(week=TruncDate(TruncWeek("contact_at")))
        .order_by()
        .values("author_id", "week")
        .annotate(n=Count("pk"))
    )
    index = {w: i for i, w in enumerate(weeks)}
    counts: dict[int, list[int]] = {}
    for row in rows:
        counts.setdefault(row["author_id"], [0] * len(weeks))[index[row["week"]]] += row["n"]
    return weeks, counts


def test_contacts_per_week_count_what_the_team_clients_subquery_counted(
    supervisor, admin_user, case_manager, team_a, team_b, client_a, client_b
):
    """The contacts are joined to their client now (supervision.scope.team_client_rows): the
    same scope as `client IN (team_clients)`, for the team's supervisor and the agency's
    admin alike. A contact the team recorded with a client who moved to another team counts
    for neither team, nor does one another team recorded with this team's client."""
    moved = ClientFactory(team=team_a)
    for days in (0, 3, 9, 20, 40, 70, 76, 90):
        VisitFactory(client=client_a, author=case_manager, contact_at=_noon(days))
        VisitFactory(client=moved, author=supervisor, contact_at=_noon(days + 1))
    VisitFactory(client=client_b, author=case_manager, contact_at=_noon(2), team=team_a)
    VisitFactory(client=client_a, author=case_manager, contact_at=_noon(5), team=team_b)
    VisitFactory(client=client_a, author=supervisor, contact_at=_noon(6), mode=Mode.ATTEMPTED)
    Client.objects.filter(pk=moved.pk).update(team=team_b)  # after its first contacts
    VisitFactory(client=moved, author=supervisor, contact_at=_noon(4))
    EmergencyAccess.objects.create(
        user=supervisor,
        client_id=client_b.pk,
        team=team_b,
        agency=team_b.agency,
        reason="Seen at the crisis line tonight, record needed.",
        granted_at=timezone.now() - timedelta(hours=1),
        expires_at=timezone.now() + timedelta(hours=3),
    )
    today = timezone.localdate()
    for viewer in (supervisor, admin_user):
        for team in (team_a, team_b):
            try:
                view = team_get_for(viewer=viewer, team_id=team.pk)
            except Http404:
                continue
            new = contacts_per_week(viewer=viewer, view=view, today=today)
            assert new == _contacts_the_old_way(viewer, view, today)
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    _, counts = contacts_per_week(viewer=supervisor, view=view, today=today)
    assert sum(counts[case_manager.pk]) == 7  # client_a within the twelve weeks, team A's
    assert supervisor.pk not in counts  # the moved client's, and an attempt
