"""Appointment reminder rules; registered in clients/apps.py beside `clients.reminders`.

- "Coming appointment": to the case manager who booked it, REMINDER_APPOINTMENT_NOTICE_DAYS
  ahead (1, the day before, by default; and on the day), for every appointment or planned
  visit still scheduled. It resolves once the outcome is recorded or the day has passed.
- "Missed appointment, no follow-up": a missed appointment not followed up (rebooked, a
  completed contact logged after it, or marked followed up) within
  REMINDER_MISSED_APPOINTMENT_DAYS (2), to the case manager who booked it. Appointments older
  than the look-back are left alone.

Both windows are settings (read at each sweep, so a deployment tunes them in the environment).

Each rule is ONE query. Titles carry no place, purpose or provider: they reach e-mail.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casework import reminders
from clients.models import Appointment, Outcome, Status
from clients.reminders import client_candidate, url_pattern

APPOINTMENT_TOMORROW = "clients.appointment_tomorrow"
MISSED_APPOINTMENT = "clients.missed_appointment"
MISSED_LOOKBACK_DAYS = 60

_COLUMNS = (
    "staff_id",
    "id",
    "starts_at",
    "client_id",
    "client__team_id",
    "client__given_name",
    "client__preferred_name",
    "client__record_number",
    "kind",
)


RULES = reminders.RuleSet()


def _care_team_url(client_id: int) -> str:
    return url_pattern("clients:care_team", "client_id").format(client_id=client_id)


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _when(local: datetime) -> str:
    """The appointment's own day and time, never "today" or "tomorrow": a reminder's title is
    kept, and a relative word written the day before reads wrong on the day."""
    return f"{date_format(local, 'D')} {date_format(local, 'SHORT_DATETIME_FORMAT')}"


@RULES.rule(APPOINTMENT_TOMORROW, _("Coming appointment"), "clients.appointment", order=50)
def appointment_tomorrow_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    notice = settings.REMINDER_APPOINTMENT_NOTICE_DAYS
    rows = (
        Appointment.objects.filter(
            outcome=Outcome.SCHEDULED,
            starts_at__gte=_day_start(today),
            starts_at__lt=_day_start(today + timedelta(days=notice + 1)),
            staff__is_active=True,
        )
        .exclude(client__status=Status.DISCHARGED)
        .values_list(*_COLUMNS)
    )
    candidates = []
    for row in rows:
        starts_at, client_id, kind = row[2], row[3], row[8]
        local = timezone.localtime(starts_at)
        what = _("Planned visit") if kind == "planned_visit" else _("Appointment")
        candidates.append(
            client_candidate(
                row,
                due_on=local.date() - timedelta(days=notice),
                title=f"{what} {_when(local)}",
                url=_care_team_url(client_id),
            )
        )
    return candidates


@RULES.rule(
    MISSED_APPOINTMENT, _("Missed appointment"), "clients.appointment", escalates=True, order=55
)
def missed_appointment_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    after_days = settings.REMINDER_MISSED_APPOINTMENT_DAYS
    latest = _day_start(today - timedelta(days=after_days - 1))
    rows = (
        Appointment.objects.filter(
            outcome=Outcome.MISSED,
            followed_up_at__isnull=True,
            starts_at__lt=latest,
            starts_at__gte=_day_start(today - timedelta(days=MISSED_LOOKBACK_DAYS)),
            staff__is_active=True,
        )
        .exclude(client__status=Status.DISCHARGED)
        .values_list(*_COLUMNS)
    )
    return [
        client_candidate(
            row,
            due_on=timezone.localdate(row[2]) + timedelta(days=after_days),
            title=str(_("Missed on {day}: follow up")).format(
                day=f"{timezone.localtime(row[2]):%-d %b}"
            ),
            url=_care_team_url(row[3]),
        )
        for row in rows
    ]


register = RULES.register
