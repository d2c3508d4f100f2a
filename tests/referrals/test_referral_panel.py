"""The record's referrals card: the first five open referrals and the count of the others,
in one query (referrals.selectors.referral.referral_panel_for)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.selectors import client_get_for
from referrals.models import ReferralStatus
from referrals.selectors.referral import referral_panel_for
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _cancelled(client_a):
    return ReferralFactory(
        client=client_a,
        status=ReferralStatus.CANCELLED,
        closed_on=timezone.localdate(),
        outcome_note="No longer needed.",
    )


def _panel(case_manager, client_a):
    found = client_get_for(viewer=case_manager, pk=client_a.pk)
    with CaptureQueriesContext(connection) as queries:
        result = referral_panel_for(viewer=case_manager, client=found)
    assert len(queries) == 1
    return result


def test_it_lists_the_newest_five_open_and_counts_the_others(case_manager, client_a):
    drafts = [ReferralFactory(client=client_a) for _ in range(7)]
    for _ in range(2):
        _cancelled(client_a)
    open_rows, others = _panel(case_manager, client_a)
    assert [r.pk for r in open_rows] == [r.pk for r in reversed(drafts)][:5]
    assert others == 2


def test_it_counts_the_others_when_none_is_open(case_manager, client_a):
    for _ in range(3):
        _cancelled(client_a)
    assert _panel(case_manager, client_a) == ([], 3)


def test_it_is_empty_without_referrals(case_manager, client_a, client_b):
    ReferralFactory(client=client_b)
    assert _panel(case_manager, client_a) == ([], 0)
