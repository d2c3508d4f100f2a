"""Opening hours as HSDS keeps them: an iCalendar RRULE subset (RFC 5545) with the hours of
each occurrence, a validity period and free-text notes. `directory.hours` reads a row as a
python-dateutil rrule to tell whether a service is open now and when it opens next."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.base import Row, hsds_unique, link, range_ordered, text
from directory.models.entries import Location, Service, ServiceAtLocation


class Weekday(models.TextChoices):
    """iCalendar BYDAY codes, Monday first like Python's weekday()."""

    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    """HSDS 3.0 names WEEKLY and MONTHLY; DAILY and YEARLY are RFC 5545's and read too."""

    DAILY = "DAILY", _("Daily")
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")
    YEARLY = "YEARLY", _("Yearly")


class Schedule(Row):
    """When a service, a location or a service at one location is open. All parents are
    optional and several may be set (HSDS 3.0)."""

    service = link(Service, "schedules")
    location = link(Location, "schedules")
    service_at_location = link(ServiceAtLocation, "schedules")
    freq = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    interval = models.PositiveIntegerField(null=True, blank=True)
    # Comma-separated BYDAY codes, with ordinals when monthly: "MO,TU" or "1MO,-1FR".
    byday = models.TextField(blank=True)
    byweekno = models.TextField(blank=True)
    bymonthday = models.TextField(blank=True)
    byyearday = models.TextField(blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    wkst = models.CharField(max_length=2, choices=Weekday.choices, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    # HSDS: "the timezone that all dates are expressed as, expressed as a UTC offset" (hours).
    timezone = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    description = text("description")
    notes = text("notes")
    schedule_link = text("booking or sessions page")
    attending_type = text("how to attend")

    class Meta(Row.Meta):
        constraints = [
            hsds_unique("schedule"),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_closing",
            ),
            range_ordered("valid_from", "valid_to", name="schedule_valid_period_ordered"),
            models.CheckConstraint(
                condition=models.Q(interval__isnull=True) | models.Q(interval__gte=1),
                name="schedule_interval_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(timezone__isnull=True)
                | models.Q(timezone__gte=-14, timezone__lte=14),
                name="schedule_timezone_is_an_offset",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "byday"], name="schedule_service_day_idx"),
            models.Index(fields=["location", "byday"], name="schedule_location_day_idx"),
        ]

    def __str__(self) -> str:
        from directory.hours import describe

        return describe(self)
