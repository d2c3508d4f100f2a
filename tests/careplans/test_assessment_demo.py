"""The demo gives clients assessments and repeated scores that show trends."""

from __future__ import annotations

import pytest
from django.db.models import Count, Max, Min

from careplans import instruments
from careplans.models import Administration, Assessment, SafetyFlag
from careplans.reminders import SAFETY_FLAG
from casework.models import Reminder

pytestmark = pytest.mark.django_db


def test_the_demo_has_assessments_trends_and_a_few_flags(demo):
    assert Assessment.objects.filter(signed_at__isnull=False).count() > 100
    trends = (
        Administration.objects.filter(instrument="phq9")
        .values("client_id")
        .annotate(n=Count("id"), low=Min("score"), high=Max("score"))
    )
    assert sum(1 for t in trends if t["n"] >= 3 and t["high"] - t["low"] >= 4) > 50
    flags = SafetyFlag.objects.filter(acknowledged_at__isnull=True)
    assert 1 <= flags.count() <= 6
    # Every stored result is what the registry computes from its answers.
    for row in Administration.objects.order_by("?")[:200]:
        result = instruments.get(row.instrument).score(row.answers, row.settings_used)
        assert (result.score, result.band.code) == (row.score, row.band)
    assert Reminder.objects.filter(kind=SAFETY_FLAG).exists() or not flags.exists()
