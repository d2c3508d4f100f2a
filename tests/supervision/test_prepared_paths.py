"""The dashboard's statements built once per process (casework.prepared) serve a supervisor's
own team; an agency admin's view of the same team takes the ORM's path. Both count the same
clients here (the team's, all in the supervisor's scope), so their figures must agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from supervision import metrics
from supervision.scope import team_get_for
from supervision.selectors import trends
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_a_supervisors_figures_are_an_admins_figures(figures_cast, supervisor, admin_user, team_a):
    today = timezone.localdate()
    supervised = team_get_for(viewer=supervisor, team_id=team_a.pk)
    administered = team_get_for(viewer=admin_user, team_id=team_a.pk)
    assert supervised.clinical and not administered.clinical
    mine, _ = metrics.figures_by_staff(viewer=supervisor, view=supervised, today=today)
    theirs, _ = metrics.figures_by_staff(viewer=admin_user, view=administered, today=today)
    assert mine == theirs and len(mine) == 3


def test_a_supervisors_contacts_are_an_admins_contacts(supervisor, admin_user, team_a, client_a):
    for days in (0, 8, 30):
        VisitFactory(client=client_a, contact_at=timezone.now() - timedelta(days=days))
    today = timezone.localdate()
    mine = trends.contacts_per_week(
        viewer=supervisor, view=team_get_for(viewer=supervisor, team_id=team_a.pk), today=today
    )
    theirs = trends.contacts_per_week(
        viewer=admin_user, view=team_get_for(viewer=admin_user, team_id=team_a.pk), today=today
    )
    assert mine == theirs and sum(sum(s) for s in mine[1].values()) == 3
