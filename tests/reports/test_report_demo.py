"""The demo gives every report something to show on every team for the default period
(the last whole month), a missed follow-up among them; seeding again adds nothing."""

from __future__ import annotations

import pytest

from casework.models import Team, User
from clients.demo import seed_clients
from clients.demo.consent import seed_consents
from clients.models import KeyEvent
from directory.demo import seed_directory
from referrals.demo.referrals import seed_referrals
from referrals.models import Referral
from reports.demo import seed_report_examples
from reports.period import last_month
from reports.registry import REPORTS
from reports.scope import scope_get
from tests.shared_rows import module_rows

pytestmark = pytest.mark.django_db


# Seeded once for the module (from the worker's demo_base); each test reads it in a savepoint
# (tests/shared_rows.py).
seeded = module_rows(
    lambda demo_base: demo_base.seed(
        [
            seed_clients,
            seed_consents,
            seed_directory,
            seed_referrals,
            seed_report_examples,
        ]
    )
)


def test_every_report_has_numbers_for_every_team_last_month(seeded):
    admin = User.objects.get(email="admin@bayview.test")
    teams = Team.objects.filter(agency=seeded)
    assert teams.count() == 3
    for team in teams:
        scope, _ = scope_get(admin, f"team-{team.pk}")
        for slug, kind in REPORTS.items():
            report = kind.build(viewer=admin, scope=scope, period=last_month())
            numbers = [v for _, v in report.figures if isinstance(v, int | float)]
            assert any(numbers), f"{slug} is empty for {team}"
        follow_up = REPORTS["follow-up"].build(viewer=admin, scope=scope, period=last_month())
        assert follow_up.table("Follow-up after hospital discharge").rows[0][3] >= 1, team


def test_a_supervisor_sees_the_lists_behind_the_demo_numbers(seeded):
    supervisor = User.objects.get(email="supervisor.fsp@bayview.test")
    scope, _ = scope_get(supervisor, None)
    report = REPORTS["follow-up"].build(viewer=supervisor, scope=scope, period=last_month())
    assert len(report.table("Missed follow-ups").rows) >= 1


def test_seeding_twice_adds_nothing(seeded):
    counts = (Referral.objects.count(), KeyEvent.objects.count())
    seed_report_examples(seeded)
    assert (Referral.objects.count(), KeyEvent.objects.count()) == counts
