"""The overdue trend's past weeks, kept an hour per team (supervision.services.trends): the
same points as counting live, never another team's, recounted when stale or on another day,
today's point always live, and the page says when the rest was counted."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Role
from clients.models import Client
from clients.services.contact_dates import contact_dates_refresh
from supervision.models import TrendSnapshot
from supervision.scope import TeamView, team_get_for
from supervision.selectors.trends import overdue_trend
from supervision.services.trends import SNAPSHOT_MAX_AGE, overdue_trend_with_today
from tests.factories import ClientFactory, EpisodeFactory, MembershipFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _overdue_for_weeks(team, author, *, n: int = 1):
    """`n` clients opened 60 days ago, seen once 40 days ago on a 7-day standard: overdue at
    every weekly point from 33 days ago on."""
    noon = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=40), time(12))
    )
    ids = []
    for _ in range(n):
        c = ClientFactory(team=team)
        EpisodeFactory(client=c, opened_on=timezone.localdate() - timedelta(days=60))
        Client.objects.filter(pk=c.pk).update(created_at=timezone.now() - timedelta(days=60))
        VisitFactory(client=c, author=author, contact_at=noon, signed_at=noon)
        ids.append(c.pk)
    contact_dates_refresh(client_ids=ids)


def _trend(viewer, team, *, now=None, overdue_today=0):
    view = team_get_for(viewer=viewer, team_id=team.pk)
    return overdue_trend_with_today(
        viewer=viewer,
        view=view,
        today=timezone.localdate(),
        overdue_today=overdue_today,
        now=now,
    )


def test_the_snapshot_gives_the_live_counts_and_today_is_passed_in(
    supervisor, case_manager, team_a
):
    _overdue_for_weeks(team_a, case_manager, n=2)
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    live = overdue_trend(viewer=supervisor, view=view, today=timezone.localdate())
    points, as_of = _trend(supervisor, team_a, overdue_today=live[-1].overdue)
    assert points == live
    assert as_of is not None
    assert [p.overdue for p in live][:4] == [0, 0, 0, 0]
    assert live[-2].overdue == 2  # a week ago both were overdue: the snapshot is not all zero


def test_a_fresh_snapshot_is_reused_and_a_stale_one_recounted(
    supervisor, case_manager, team_a, django_assert_num_queries
):
    now = timezone.now()
    first, as_of = _trend(supervisor, team_a, now=now)
    assert [p.overdue for p in first] == [0] * 12
    _overdue_for_weeks(team_a, case_manager)
    # Within the hour: the earlier count, in one query, and the same "as of".
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    with django_assert_num_queries(1):
        again, again_as_of = overdue_trend_with_today(
            viewer=supervisor,
            view=view,
            today=timezone.localdate(),
            overdue_today=0,
            now=now + SNAPSHOT_MAX_AGE / 2,
        )
    assert again == first and again_as_of == as_of
    # Today's point is never cached.
    assert _trend(supervisor, team_a, now=now, overdue_today=7)[0][-1].overdue == 7
    # An hour on: counted again.
    later = now + SNAPSHOT_MAX_AGE + timedelta(seconds=1)
    recounted, recounted_as_of = _trend(supervisor, team_a, now=later)
    assert recounted[-2].overdue == 1 and recounted_as_of == later
    assert TrendSnapshot.objects.filter(team=team_a).count() == 1


def test_a_snapshot_of_another_day_is_not_used(supervisor, case_manager, team_a):
    _trend(supervisor, team_a)
    TrendSnapshot.objects.filter(team=team_a).update(day=timezone.localdate() - timedelta(days=1))
    _overdue_for_weeks(team_a, case_manager)
    points, _ = _trend(supervisor, team_a)
    assert points[-2].overdue == 1


def test_one_teams_snapshot_is_never_shown_for_another(supervisor, case_manager, team_a, team_b):
    other = MembershipFactory(team=team_b, role=Role.SUPERVISOR).user
    _overdue_for_weeks(team_a, case_manager, n=3)
    mine, _ = _trend(supervisor, team_a)
    theirs, _ = _trend(other, team_b)
    assert mine[-2].overdue == 3 and theirs[-2].overdue == 0
    assert set(TrendSnapshot.objects.values_list("team_id", flat=True)) == {team_a.pk, team_b.pk}
    # And the cached ones stay apart.
    assert _trend(other, team_b)[0][-2].overdue == 0
    assert _trend(supervisor, team_a)[0][-2].overdue == 3


def test_the_dashboard_says_when_the_trend_was_counted(client, supervisor, team_a):
    client.force_login(supervisor)
    body = client.get(reverse("supervision:dashboard", args=[team_a.pk])).content.decode()
    snapshot = TrendSnapshot.objects.get(team=team_a)
    shown = timezone.localtime(snapshot.computed_at).strftime("%H:%M")
    assert f"Earlier weeks as of {shown}" in body


def test_a_narrower_scope_is_counted_live_and_never_stored(case_manager, outsider, team_a):
    """team_get_for lets no such viewer through; the guard holds if a caller ever did."""
    _overdue_for_weeks(team_a, case_manager)
    view = TeamView(team_a, clinical=True)  # outsider reads team B only
    points, as_of = overdue_trend_with_today(
        viewer=outsider, view=view, today=timezone.localdate(), overdue_today=0
    )
    assert as_of is None and [p.overdue for p in points] == [0] * 12
    assert not TrendSnapshot.objects.exists()
