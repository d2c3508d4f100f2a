"""Each report page and download runs the same number of queries however much data there
is: counted once on the hand-worked world, again after adding as much again, and held to a
budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import EventKind, Mode, Place
from referrals.models import ReferralStatus
from reports.registry import REPORTS
from tests.factories import ClientFactory, EpisodeFactory, KeyEventFactory
from tests.reports.conftest import at, d, referral, visit

pytestmark = pytest.mark.django_db

PARAMS = {"start": "2026-03-01", "end": "2026-04-30"}
# Session, user, memberships, the scope's teams, reminder count; then the report's own
# queries, at most 6 (the clients report: three counts and three lists). The session's
# idle-time update (3 more) comes at most once a minute; the first request below takes it.
BUDGET = 11


def _more(team, n):
    """n more clients, each with contacts, an episode, a discharge and a referral."""
    for i in range(n):
        c = ClientFactory(team=team)
        visit(c, at(3, 2 + i % 20), 30, services=["housing", "food"])
        visit(c, at(4, 1 + i % 20), 15, mode=Mode.ATTEMPTED, place=Place.STREET)
        EpisodeFactory(client=c, number=1, opened_on=d(3, 1 + i % 20))
        KeyEventFactory(client=c, kind=EventKind.HOSPITAL, started_on=d(3, 1), ended_on=d(3, 4))
        referral(c, "coping", d(3, 3), ReferralStatus.COMPLETED, d(3, 10 + i % 9))


def _count(client, url, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_a_report_costs_the_same_queries_at_any_size(
    client, world, supervisor, team_a, slug, django_assert_max_num_queries
):
    client.force_login(supervisor)
    params = {**PARAMS, "scope": f"team-{team_a.pk}"}
    urls = [
        reverse("reports:report", args=[slug]),
        reverse("reports:download_csv", args=[slug]),
        reverse("reports:download_xlsx", args=[slug]),
    ]
    client.get(urls[0], params)  # the session's refresh, so that each count is a steady one
    before = [_count(client, url, params) for url in urls]
    _more(team_a, 8)
    after = [_count(client, url, params) for url in urls]
    assert after == before
    _more(team_a, 16)
    with django_assert_max_num_queries(BUDGET):
        client.get(urls[0], params)
