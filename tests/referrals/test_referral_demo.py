"""The demo referrals: every state, each sent one under a release with its disclosure, a
draft the gate refuses, idempotent."""

from __future__ import annotations

import pytest

from clients.demo import seed_clients
from clients.demo.consent import seed_consents
from clients.selectors.consent_gate import consent_check
from directory.demo import seed_directory
from referrals.demo.referrals import seed_referrals
from referrals.models import Referral, ReferralStatus
from referrals.services.referral import recipient_for
from tests.shared_rows import module_rows

pytestmark = pytest.mark.django_db


# Seeded once for the module (from the worker's demo_base); each test reads it in a savepoint
# (tests/shared_rows.py).
seeded = module_rows(
    lambda demo_base: demo_base.seed(
        [seed_clients, seed_consents, seed_directory, seed_referrals]
    )
)


def test_every_state_is_there_and_sent_ones_went_under_a_release(seeded):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)
    for referral in Referral.objects.exclude(status__in=["draft", "cancelled"]):
        assert referral.disclosure_id and referral.consent_id
        assert referral.disclosure.disclosed_on == referral.sent_on
    assert Referral.objects.filter(service__isnull=True, status="sent").exists()


def test_one_draft_is_refused_by_the_gate(seeded):
    refused = [
        r
        for r in Referral.objects.filter(status="draft").select_related("client", "organization")
        if not consent_check(
            client=r.client, recipient=recipient_for(r), categories=r.categories
        ).allowed
    ]
    assert refused


def test_seeding_twice_changes_nothing(seeded):
    count = Referral.objects.count()
    seed_referrals(seeded)
    assert Referral.objects.count() == count
