"""The caseload's dates and the documentation rules follow the agency's day at every hour
(00:30, 12:00, 16:30, 23:30) and across both daylight-saving changes: a contact or a new client
at 23:30 belongs to that local day, never to UTC's tomorrow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients.models import Client, Mode, NoteFormat, Place
from clients.services.contact_dates import contact_dates_refresh
from clients.services.visits import (
    VisitInput,
    business_days_after,
    program_for,
    sign_due_at_for,
    visit_create,
    visit_sign,
)
from tests.clock import agency_moments
from tests.factories import AssignmentFactory, ClientFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_contact_now_counts_on_the_agency_day(clock, day, hour, team_a, case_manager):
    now = clock.at(hour, day)
    client = ClientFactory(team=team_a)
    VisitFactory(client=client, author=case_manager, contact_at=now, signed_at=now)
    contact_dates_refresh(client_ids=[client.pk])
    client.refresh_from_db()
    standard = program_for(client).contact_standard_days
    assert client.last_contact_on == day
    assert client.next_contact_due == day + timedelta(days=standard)


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_client_created_now_is_first_due_from_the_agency_day(clock, day, hour, team_a):
    clock.at(hour, day)
    client = ClientFactory(team=team_a)  # no episode yet: its creation starts the clock
    contact_dates_refresh(client_ids=[client.pk])
    client.refresh_from_db()
    assert client.next_contact_due == day + timedelta(
        days=program_for(client).contact_standard_days
    )


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_the_caseload_marks_due_today_and_overdue_by_the_agency_day(
    clock, day, hour, client, team_a, case_manager
):
    clock.at(hour, day)
    today = ClientFactory(team=team_a, given_name="Tilda")
    late = ClientFactory(team=team_a, given_name="Yusuf")
    for c, due in ((today, day), (late, day - timedelta(days=1))):
        AssignmentFactory(client=c, staff=case_manager)
        Client.objects.filter(pk=c.pk).update(next_contact_due=due)
    client.force_login(case_manager)
    html = client.get(reverse("clients:caseload")).content.decode()
    tilda, yusuf = html.split("Tilda", 1)[1].split("Yusuf", 1)[0], html.split("Yusuf", 1)[1]
    assert "Due today" in tilda and "Overdue" not in tilda
    assert "Overdue 1 day" in yusuf


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_the_signing_window_ends_on_the_agency_days_business_day(clock, day, hour, client_a):
    now = clock.at(hour, day)
    program = program_for(client_a)
    due = timezone.localtime(sign_due_at_for(contact_at=now, is_crisis=False, program=program))
    assert due.date() == business_days_after(day, program.note_window_business_days)
    assert (due.hour, due.minute) == (23, 59)


@pytest.mark.parametrize(("day", "hour"), agency_moments())
def test_a_note_signed_past_the_late_entry_hours_is_a_late_entry(
    clock, day, hour, client_a, case_manager
):
    data = VisitInput(
        contact_at=clock.at(hour, day),
        duration_minutes=30,
        mode=Mode.FACE_TO_FACE,
        place=Place.HOME,
        services=["housing"],
        note_format=NoteFormat.DAP,
        note={"data": "Met at home.", "assessment": "Stable.", "plan": "Call Friday."},
    )
    on_time = visit_create(client=client_a, author=case_manager, data=data)
    late = visit_create(client=client_a, author=case_manager, data=data)
    clock.advance(hours=settings.LATE_ENTRY_HOURS, minutes=-1)
    on_time = visit_sign(visit=on_time, signed_by=case_manager, data=data, version=on_time.version)
    clock.advance(minutes=2)
    late = visit_sign(visit=late, signed_by=case_manager, data=data, version=late.version)
    assert not on_time.is_late_entry
    assert late.is_late_entry
