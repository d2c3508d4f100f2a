"""A report's default period and its days follow the agency's day at every hour and across
both daylight-saving changes: "last month" turns over at local midnight, and a contact made
now is in today's report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from reports.period import Period, last_month
from reports.scope import scope_get
from reports.selectors.contacts import visits_in
from tests.clock import agency_moments
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_last_month_is_the_month_before_the_agency_day(clock, day, hour):
    clock.at(hour, day)
    period = last_month()
    assert period.end == day.replace(day=1) - timedelta(days=1)
    assert period.start == period.end.replace(day=1)


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_the_report_form_offers_last_month_by_the_agency_day(clock, day, hour, client, supervisor):
    clock.at(hour, day)
    client.force_login(supervisor)
    html = client.get(reverse("reports:report", kwargs={"slug": "contacts"})).content.decode()
    end = day.replace(day=1) - timedelta(days=1)
    assert f'value="{end.replace(day=1):%Y-%m-%d}"' in html
    assert f'value="{end:%Y-%m-%d}"' in html


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_contact_made_now_is_in_todays_report_only(
    clock, day, hour, supervisor, case_manager, client_a
):
    now = clock.at(hour, day)
    visit = VisitFactory(client=client_a, author=case_manager, contact_at=now, signed_at=now)
    scope, _ = scope_get(supervisor, f"team-{client_a.team_id}")

    def shown(start, end):
        return list(visits_in(viewer=supervisor, scope=scope, period=Period(start, end)))

    assert shown(day, day) == [visit]
    assert shown(day + timedelta(days=1), day + timedelta(days=1)) == []
    assert shown(day - timedelta(days=1), day - timedelta(days=1)) == []
