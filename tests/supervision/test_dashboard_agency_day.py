"""The team dashboard's figures and its overdue trend read the agency's day at every hour and
across both daylight-saving changes: a client created at 17:00 is on that day's trend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.services.contact_dates import contact_dates_refresh
from referrals.models import Referral
from supervision import metrics
from supervision.metrics import REFERRAL_OPEN_DAYS
from supervision.scope import team_get_for
from supervision.selectors.trends import overdue_trend
from tests.clock import agency_moments
from tests.factories import AssignmentFactory, ClientFactory, ReferralFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _overdue_client(team, case_manager):
    """Created now (no episode), last seen 15 days ago on a 7-day standard: overdue today."""
    client = ClientFactory(team=team)
    AssignmentFactory(client=client, staff=case_manager)
    seen = timezone.now() - timedelta(days=15)
    VisitFactory(client=client, author=case_manager, contact_at=seen, signed_at=seen)
    contact_dates_refresh(client_ids=[client.pk])
    return client


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_client_created_today_is_on_todays_overdue_trend(
    clock, day, hour, team_a, case_manager, supervisor
):
    clock.at(hour, day)
    _overdue_client(team_a, case_manager)
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    trend = overdue_trend(viewer=supervisor, view=view, today=timezone.localdate())
    assert (trend[-1].day, trend[-1].overdue) == (day, 1)
    figures, _ = metrics.figures_by_staff(viewer=supervisor, view=view, today=day)
    assert figures[case_manager.pk]["overdue"] == 1


def test_a_client_created_at_five_in_the_evening_counts_that_same_day(
    clock, team_a, case_manager, supervisor
):
    clock.at("17:00")
    _overdue_client(team_a, case_manager)
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    trend = overdue_trend(viewer=supervisor, view=view, today=timezone.localdate())
    assert trend[-1].overdue == 1


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_draft_referral_is_open_too_long_from_the_agency_day_it_was_made(
    clock, day, hour, team_a, case_manager, supervisor
):
    client = _overdue_client(team_a, case_manager)
    older, newer = (
        ReferralFactory(client=client, referred_by=case_manager),
        ReferralFactory(client=client, referred_by=case_manager),
    )
    for referral, days in ((older, REFERRAL_OPEN_DAYS + 1), (newer, REFERRAL_OPEN_DAYS)):
        made = clock.at(hour, day - timedelta(days=days))
        Referral.objects.filter(pk=referral.pk).update(created_at=made)
    clock.at(hour, day)
    view = team_get_for(viewer=supervisor, team_id=team_a.pk)
    shown = metrics.rows_for(metric="referrals", viewer=supervisor, view=view, today=day)
    assert list(shown.values_list("pk", flat=True)) == [older.pk]
