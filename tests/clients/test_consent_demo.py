"""The demo releases: every state believable, disclosures within them, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from clients.demo import seed_clients
from clients.demo.consent import seed_consents
from clients.models import ConsentRelease, ConsentStatus, Disclosure, SignerKind
from tests.shared_rows import module_rows, seed_demo_with

pytestmark = pytest.mark.django_db


# Only the clients app's seeders: the demo of other apps is theirs to test.
SEEDERS = [seed_clients, seed_consents]

# Seeded once for the module (from the worker's demo_base); each test reads it in a savepoint
# (tests/shared_rows.py).
seeded = module_rows(lambda demo_base: demo_base.seed(SEEDERS))


def test_every_state_is_there(seeded):
    today = timezone.localdate()
    statuses = {c.status_on(today) for c in ConsentRelease.objects.all()}
    assert {
        ConsentStatus.ACTIVE,
        ConsentStatus.EXPIRED,
        ConsentStatus.REVOKED,
        ConsentStatus.PENDING,
    } <= statuses
    assert ConsentRelease.objects.filter(
        expires_on__gte=today, expires_on__lte=today + timezone.timedelta(days=30)
    ).exists()
    assert ConsentRelease.objects.filter(recipient_kind="organization").exists()


def test_disclosures_fall_within_their_release(seeded):
    assert Disclosure.objects.exists()
    for d in Disclosure.objects.select_related("consent"):
        assert d.consent.is_active_on(d.disclosed_on), d.pk


def test_minors_releases_are_signed_by_a_representative(seeded):
    for consent in ConsentRelease.objects.select_related("client").exclude(signed_on=None):
        if consent.client.age_on(consent.signed_on) < 18:
            assert consent.signer_kind != SignerKind.CLIENT


def test_a_second_run_adds_nothing(seeded):
    before = (ConsentRelease.objects.count(), Disclosure.objects.count())
    seed_demo_with(SEEDERS)
    assert (ConsentRelease.objects.count(), Disclosure.objects.count()) == before
