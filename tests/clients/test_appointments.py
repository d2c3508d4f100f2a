"""Appointments and planned visits: booking, outcomes, the missed-appointment follow-up, the
link from a logged visit to the plan, and the reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from casework import reminders
from casework.models import AuditEvent, Reminder
from clients.appointment_reminders import APPOINTMENT_TOMORROW, MISSED_APPOINTMENT
from clients.models import Appointment, AppointmentKind, Mode, Outcome
from clients.services import appointments as booking
from clients.services.errors import ClientRecordError, StaleRecordError
from clients.services.visits import VisitInput, visit_create
from tests.factories import (
    AppointmentFactory,
    CareProviderFactory,
    MissedAppointmentFactory,
)

pytestmark = pytest.mark.django_db


def _details(**overrides):
    details = {
        "kind": AppointmentKind.APPOINTMENT,
        "starts_at": timezone.now() + timedelta(days=2),
        "duration_minutes": 60,
        "place": "300 Pier St",
        "provider": None,
        "with_name": "Dr. Prescott",
        "purpose": "Medication review",
        "transport": True,
        "attending": False,
    }
    return {**details, **overrides}


def test_it_books_an_appointment_with_transport_for_the_case_manager(case_manager, client_a):
    appointment = booking.appointment_schedule(
        client_id=client_a.pk, details=_details(), scheduled_by=case_manager
    )
    assert appointment.staff == case_manager
    assert appointment.team_id == client_a.team_id
    assert appointment.transport and appointment.outcome == Outcome.SCHEDULED
    event = AuditEvent.objects.get(action="clients.appointment.scheduled")
    assert event.client_id == client_a.pk and "Medication" not in str(event.detail)


def test_it_books_with_a_current_care_team_member_only(case_manager, client_a, client_b):
    ended = CareProviderFactory(client=client_a, ended_on=timezone.localdate())
    others = CareProviderFactory(client=client_b)
    for provider in (ended, others):
        with pytest.raises(ClientRecordError) as refused:
            booking.appointment_schedule(
                client_id=client_a.pk,
                details=_details(provider=provider),
                scheduled_by=case_manager,
            )
        assert refused.value.field == "provider"


def test_it_needs_someone_or_somewhere(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        booking.appointment_schedule(
            client_id=client_a.pk,
            details=_details(with_name="", place=""),
            scheduled_by=case_manager,
        )
    assert refused.value.field == "with_name"


def test_a_planned_visit_has_no_transport_or_other_party(case_manager, client_a):
    visit = booking.appointment_schedule(
        client_id=client_a.pk,
        details=_details(kind=AppointmentKind.PLANNED_VISIT, transport=True, with_name="X"),
        scheduled_by=case_manager,
    )
    assert not visit.transport and visit.with_name == ""


def test_compliance_cannot_book(compliance, client_a):
    with pytest.raises(ClientRecordError):
        booking.appointment_schedule(
            client_id=client_a.pk, details=_details(), scheduled_by=compliance
        )
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("outcome", [Outcome.ATTENDED, Outcome.MISSED, Outcome.CANCELLED])
def test_it_records_each_outcome_once(case_manager, client_a, outcome):
    appointment = AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.now() - timedelta(hours=2)
    )
    result = booking.appointment_record_outcome(
        appointment_id=appointment.pk,
        outcome=outcome,
        version=appointment.version,
        recorded_by=case_manager,
    )
    assert result.appointment.outcome == outcome and result.appointment.outcome_on
    assert result.appointment.needs_follow_up == (outcome == Outcome.MISSED)
    with pytest.raises(ClientRecordError):
        booking.appointment_record_outcome(
            appointment_id=appointment.pk, outcome=Outcome.ATTENDED, version=None,
            recorded_by=case_manager,
        )  # fmt: skip


def test_a_future_appointment_cannot_be_attended_yet(case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager)
    with pytest.raises(ClientRecordError) as refused:
        booking.appointment_record_outcome(
            appointment_id=appointment.pk,
            outcome=Outcome.ATTENDED,
            version=appointment.version,
            recorded_by=case_manager,
        )
    assert refused.value.field == "outcome"


def test_rescheduling_opens_a_new_booking_that_points_back(case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager, transport=True)
    new_time = timezone.now() + timedelta(days=5)
    result = booking.appointment_record_outcome(
        appointment_id=appointment.pk,
        outcome=Outcome.RESCHEDULED,
        version=appointment.version,
        recorded_by=case_manager,
        new_starts_at=new_time,
    )
    assert result.appointment.outcome == Outcome.RESCHEDULED
    assert result.new_appointment.follow_up_of == appointment
    assert result.new_appointment.transport and result.new_appointment.starts_at == new_time


def test_rescheduling_needs_the_new_time(case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager)
    with pytest.raises(ClientRecordError) as refused:
        booking.appointment_record_outcome(
            appointment_id=appointment.pk, outcome=Outcome.RESCHEDULED, version=None,
            recorded_by=case_manager,
        )  # fmt: skip
    assert refused.value.field == "new_starts_at"
    appointment.refresh_from_db()
    assert appointment.outcome == Outcome.SCHEDULED


def test_a_stale_edit_is_refused(case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager)
    booking.appointment_update(
        appointment_id=appointment.pk,
        details=_details(place="New place"),
        version=appointment.version,
        changed_by=case_manager,
    )
    with pytest.raises(StaleRecordError):
        booking.appointment_update(
            appointment_id=appointment.pk,
            details=_details(place="Other place"),
            version=appointment.version,
            changed_by=case_manager,
        )
    appointment.refresh_from_db()
    assert appointment.place == "New place"


# --- Missed appointments are followed up -----------------------------------------------------


def test_rebooking_a_missed_appointment_follows_it_up(case_manager, client_a):
    missed = MissedAppointmentFactory(client=client_a, staff=case_manager)
    new = booking.appointment_rebook_missed(
        appointment_id=missed.pk,
        starts_at=timezone.now() + timedelta(days=3),
        rebooked_by=case_manager,
    )
    missed.refresh_from_db()
    assert new.follow_up_of == missed and not missed.needs_follow_up


def test_marking_followed_up_works_once(case_manager, client_a):
    missed = MissedAppointmentFactory(client=client_a, staff=case_manager)
    booking.appointment_mark_followed_up(appointment_id=missed.pk, marked_by=case_manager)
    with pytest.raises(ClientRecordError):
        booking.appointment_mark_followed_up(appointment_id=missed.pk, marked_by=case_manager)


def _log_visit(client, author, *, when=None, mode=Mode.FACE_TO_FACE):
    return visit_create(
        client=client,
        author=author,
        data=VisitInput(
            contact_at=when or timezone.now() - timedelta(minutes=30),
            duration_minutes=30,
            mode=mode,
            place="home",
        ),
    )


def test_a_contact_logged_after_a_missed_appointment_follows_it_up(case_manager, client_a):
    missed = MissedAppointmentFactory(client=client_a, staff=case_manager)
    _log_visit(client_a, case_manager)
    missed.refresh_from_db()
    assert missed.followed_up_at is not None and missed.followed_up_by == case_manager


def test_an_attempted_contact_does_not_follow_up(case_manager, client_a):
    missed = MissedAppointmentFactory(client=client_a, staff=case_manager)
    _log_visit(client_a, case_manager, mode=Mode.ATTEMPTED)
    missed.refresh_from_db()
    assert missed.needs_follow_up


# --- Logging the visit completes the plan ---------------------------------------------------


def test_logging_the_visit_completes_the_plan(case_manager, client_a):
    plan = AppointmentFactory(
        client=client_a,
        staff=case_manager,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    visit = _log_visit(client_a, case_manager)
    plan.refresh_from_db()
    assert plan.outcome == Outcome.ATTENDED and plan.visit == visit


def test_another_staff_members_plan_and_next_weeks_plan_stay_open(
    case_manager, supervisor, client_a
):
    theirs = AppointmentFactory(
        client=client_a,
        staff=supervisor,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    later = AppointmentFactory(
        client=client_a,
        staff=case_manager,
        kind=AppointmentKind.PLANNED_VISIT,
        starts_at=timezone.now() + timedelta(days=7),
    )
    _log_visit(client_a, case_manager)
    for plan in (theirs, later):
        plan.refresh_from_db()
        assert plan.outcome == Outcome.SCHEDULED


# --- Reminders ------------------------------------------------------------------------------


def _mine(user, kind):
    return Reminder.objects.filter(recipient=user, kind=kind)


def test_the_case_manager_is_reminded_the_day_before(case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager)
    reminders.sweep()
    reminder = _mine(case_manager, APPOINTMENT_TOMORROW).get()
    assert reminder.object_id == appointment.pk
    assert "Medication" not in reminder.title and "Pier" not in reminder.title
    AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.now() + timedelta(days=4)
    )
    reminders.sweep()
    assert _mine(case_manager, APPOINTMENT_TOMORROW).count() == 1


def test_a_missed_appointment_with_no_follow_up_after_two_days_reminds(case_manager, client_a):
    old = MissedAppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.now() - timedelta(days=3)
    )
    MissedAppointmentFactory(  # missed this morning: not yet two days
        client=client_a,
        staff=case_manager,
        starts_at=timezone.localtime().replace(hour=0, minute=5),
    )
    reminders.sweep()
    assert list(_mine(case_manager, MISSED_APPOINTMENT).values_list("object_id", flat=True)) == [
        old.pk
    ]
    booking.appointment_mark_followed_up(appointment_id=old.pk, marked_by=case_manager)
    reminders.sweep()
    assert not _mine(case_manager, MISSED_APPOINTMENT).filter(resolved_at__isnull=True).exists()


@override_settings(REMINDER_APPOINTMENT_NOTICE_DAYS=3)
def test_the_appointment_notice_is_a_setting(case_manager, client_a):
    in_three_days = timezone.localtime() + timedelta(days=3)
    appointment = AppointmentFactory(client=client_a, staff=case_manager, starts_at=in_three_days)
    AppointmentFactory(  # four days ahead: not yet
        client=client_a, staff=case_manager, starts_at=timezone.localtime() + timedelta(days=4)
    )
    reminders.sweep()
    reminder = _mine(case_manager, APPOINTMENT_TOMORROW).get()
    assert reminder.object_id == appointment.pk
    assert reminder.due_on == timezone.localdate()
    assert f"{in_three_days:%a %-d %b}" in reminder.title


def test_by_default_an_appointment_in_three_days_does_not_remind_yet(case_manager, client_a):
    AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.localtime() + timedelta(days=3)
    )
    reminders.sweep()
    assert not _mine(case_manager, APPOINTMENT_TOMORROW).exists()


@override_settings(REMINDER_MISSED_APPOINTMENT_DAYS=5)
def test_the_missed_appointment_window_is_a_setting(case_manager, client_a):
    MissedAppointmentFactory(  # three days ago: within five days, no reminder yet
        client=client_a, staff=case_manager, starts_at=timezone.now() - timedelta(days=3)
    )
    older = MissedAppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.now() - timedelta(days=6)
    )
    reminders.sweep()
    reminder = _mine(case_manager, MISSED_APPOINTMENT).get()
    assert reminder.object_id == older.pk
    assert reminder.due_on == timezone.localdate(older.starts_at) + timedelta(days=5)


# --- Views ----------------------------------------------------------------------------------


def test_the_outcome_form_records_attended_and_goes_back_to_the_week(
    client, case_manager, client_a
):
    appointment = AppointmentFactory(
        client=client_a, staff=case_manager, starts_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(case_manager)
    url = reverse("clients:appointment_outcome", args=[client_a.pk, appointment.pk])
    response = client.post(
        url, {"outcome": "attended", "version": appointment.version, "next": "week"}
    )
    assert response.status_code == 302 and response.url == reverse("clients:my_week")
    appointment.refresh_from_db()
    assert appointment.outcome == Outcome.ATTENDED


def test_the_form_ignores_extra_fields(client, case_manager, supervisor, client_a):
    client.force_login(case_manager)
    url = reverse("clients:appointment_create", args=[client_a.pk])
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "starts_at": when,
            "duration_minutes": 60,
            "with_name": "Court",
            "staff": supervisor.pk,
            "outcome": "attended",
            "team": 999,
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.staff == case_manager and appointment.outcome == Outcome.SCHEDULED


def test_another_teams_user_gets_404(client, outsider, case_manager, client_a):
    appointment = AppointmentFactory(client=client_a, staff=case_manager)
    client.force_login(outsider)
    for url in (
        reverse("clients:care_team", args=[client_a.pk]),
        reverse("clients:appointment_outcome", args=[client_a.pk, appointment.pk]),
    ):
        assert client.get(url).status_code == 404
    body = client.get(reverse("clients:my_week")).content.decode()
    assert "Teamay" not in body
