"""A last contact recorded before Casework (the caseload import) counts as a completed
contact: the next contact falls due the program's standard after it, it survives a refresh
that no visit caused, and a contact logged later takes over. Checked at the agency's evening,
when a UTC date would already be tomorrow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients.models import Client, Mode, Status
from clients.services.contact_dates import contact_dates_refresh
from tests.clients.test_visit_contact_dates import _dates, _day, _log
from tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def _imported(client, days_ago: int) -> None:
    Client.objects.filter(pk=client.pk).update(prior_contact_on=_day(days_ago))
    contact_dates_refresh(client_ids=[client.pk])


def test_the_next_contact_is_due_the_standard_after_the_last_contact_before_casework(
    client_a, clock
):
    clock.at("23:30")
    EpisodeFactory(client=client_a, number=1, opened_on=_day(400))
    _imported(client_a, 5)
    assert _dates(client_a) == (_day(5), _day(5) + timedelta(days=7))


def test_a_refresh_no_visit_caused_keeps_it(client_a):
    EpisodeFactory(client=client_a, number=1, opened_on=_day(400))
    _imported(client_a, 5)
    contact_dates_refresh(client_ids=[client_a.pk])  # a status or enrolment change
    assert _dates(client_a) == (_day(5), _day(5) + timedelta(days=7))


def test_a_contact_logged_in_casework_afterwards_takes_over(client_a, case_manager):
    _imported(client_a, 5)
    _log(client_a, case_manager, 1, next_due=_day(1) + timedelta(days=3))
    assert _dates(client_a) == (_day(1), _day(1) + timedelta(days=3))


def test_an_attempt_does_not_take_over(client_a, case_manager):
    _imported(client_a, 5)
    _log(client_a, case_manager, 1, mode=Mode.ATTEMPTED)
    assert _dates(client_a) == (_day(5), _day(5) + timedelta(days=7))


def test_a_discharged_client_is_due_nothing_whatever_came_before(client_a):
    Client.objects.filter(pk=client_a.pk).update(status=Status.DISCHARGED)
    _imported(client_a, 5)
    assert _dates(client_a) == (_day(5), None)


def test_the_last_contact_date_is_the_agencys_day(client_a, clock):
    clock.at("17:30")
    _imported(client_a, 0)
    assert Client.objects.get(pk=client_a.pk).last_contact_on == timezone.localdate()
