"""The "consent expiring" reminder: who gets it, from when, and when it stops."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import reminders
from casework.models import Reminder, ReminderState
from clients.consent_reminders import CONSENT_EXPIRING
from clients.models import Client, ConsentRelease, Status
from tests.factories import AssignmentFactory, ClientFactory, ConsentReleaseFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _live():
    return list(Reminder.objects.filter(kind=CONSENT_EXPIRING, state=ReminderState.OPEN))


@pytest.fixture
def primary(client_a, case_manager):
    return AssignmentFactory(client=client_a, staff=case_manager)


def _expiring(client, days: int, **kwargs):
    return ConsentReleaseFactory(
        client=client, expires_on=_today() + timedelta(days=days), **kwargs
    )


def test_a_release_expiring_in_30_days_reminds_the_primary_case_manager(
    client_a, case_manager, primary
):
    consent = _expiring(client_a, 30)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    [reminder] = _live()
    assert reminder.recipient == case_manager
    assert reminder.due_on == consent.expires_on
    assert (reminder.object_type, reminder.object_id) == ("clients.consentrelease", consent.pk)
    assert reminder.url == f"/clients/{client_a.pk}/consents/{consent.pk}/"
    assert reminder.subject == "Amara (A-1)"
    # Nothing about the recipient or the categories reaches the reminder (it goes by e-mail).
    assert consent.related_person.full_name not in reminder.title + reminder.subject


def test_not_a_day_before_the_notice_period(client_a, primary):
    _expiring(client_a, 31)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert _live() == []


def test_the_notice_period_is_a_setting(client_a, primary, settings):
    settings.CONSENT_EXPIRY_NOTICE_DAYS = 45
    _expiring(client_a, 40)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert len(_live()) == 1


def test_the_expiry_day_still_reminds_the_next_day_resolves(client_a, primary):
    consent = _expiring(client_a, 0)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    [reminder] = _live()
    ConsentRelease.objects.filter(pk=consent.pk).update(expires_on=_today() - timedelta(days=1))
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.RESOLVED


def test_a_revoked_release_resolves_its_reminder(client_a, primary):
    consent = _expiring(client_a, 10)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    ConsentRelease.objects.filter(pk=consent.pk).update(
        revoked_on=_today(), revocation_method="written"
    )
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert _live() == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"signed_on": None, "signature_method": ""},  # pending: nothing to renew yet
        {"expires_on": None, "expiry_event": "Discharge"},  # no date to count down to
    ],
)
def test_pending_or_event_only_releases_are_not_reminded(client_a, primary, kwargs):
    ConsentReleaseFactory(client=client_a, **kwargs)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert _live() == []


def test_a_discharged_clients_releases_are_not_reminded(client_a, primary):
    _expiring(client_a, 5)
    Client.objects.filter(pk=client_a.pk).update(status=Status.DISCHARGED)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert _live() == []


def test_without_a_primary_case_manager_the_supervisors_are_reminded(
    client_a, supervisor, case_manager
):
    _expiring(client_a, 5)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert [r.recipient for r in _live()] == [supervisor]


def test_a_rerun_creates_nothing_new(client_a, primary):
    _expiring(client_a, 5)
    reminders.sweep(kinds=[CONSENT_EXPIRING])
    result = reminders.sweep(kinds=[CONSENT_EXPIRING])
    assert result.created == 0 and Reminder.objects.count() == 1


def test_the_rule_is_one_query_however_many_releases(
    team_a, case_manager, django_assert_num_queries
):
    for _ in range(10):
        client = ClientFactory(team=team_a)
        AssignmentFactory(client=client, staff=case_manager)
        _expiring(client, 7)
    rule = next(r for r in reminders.rules() if r.kind == CONSENT_EXPIRING)
    with django_assert_num_queries(1):
        assert len(rule.candidates(timezone.now())) == 10
