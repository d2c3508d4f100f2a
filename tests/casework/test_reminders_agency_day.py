"""The reminder sweep dates every reminder by the agency's day at every hour and across both
daylight-saving changes (check-ins, unsigned notes, the directory's yearly verification)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casework import reminders
from casework.models import Reminder
from clients.models import Client
from clients.reminders import CHECKIN, UNSIGNED_NOTE
from directory.models import Service
from directory.reminders import UNVERIFIED_SERVICE
from directory.selectors.directory import VERIFY_EVERY_DAYS
from tests.clock import agency_moments
from tests.factories import AssignmentFactory, ServiceFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_check_in_due_today_is_due_today(clock, day, hour, client_a, case_manager):
    AssignmentFactory(client=client_a, staff=case_manager)
    Client.objects.filter(pk=client_a.pk).update(next_contact_due=day)
    reminders.sweep(now=clock.at(hour, day))
    assert Reminder.objects.get(kind=CHECKIN).due_on == day


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_an_unsigned_note_is_due_on_the_agency_day_its_window_ends(
    clock, day, hour, client_a, case_manager
):
    contact_at = clock.at(hour, day - timedelta(days=4))
    VisitFactory(
        client=client_a, author=case_manager, contact_at=contact_at, sign_due_at=contact_at
    )
    reminders.sweep(now=clock.at(hour, day))
    assert Reminder.objects.get(kind=UNSIGNED_NOTE).due_on == day - timedelta(days=4)


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_directory_entry_is_due_for_verification_a_year_after_its_agency_day(
    clock, day, hour, agency, admin_user
):
    created = clock.at(hour, day - timedelta(days=VERIFY_EVERY_DAYS))
    service = ServiceFactory(organization__agency=agency)
    Service.objects.filter(pk=service.pk).update(created_at=created, verified_on=None)
    reminders.sweep(now=clock.at(hour, day), kinds=[UNVERIFIED_SERVICE])
    assert Reminder.objects.get(kind=UNVERIFIED_SERVICE, object_id=service.pk).due_on == day
