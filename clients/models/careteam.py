"""The client's care team outside the agency (psychiatrist, therapist, doctor, pharmacy,
probation, payee...), their appointments and the case manager's planned visits, and the
private calendar feed of a staff member.

The internal team is `Assignment` (primary and secondary staff); it is not copied here.

`directory_organization` links a provider to the service directory (directory.Organization,
an app below this one), next to the organisation's name as typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import unique_while_open
from casework.fields import optional_ref, staff_ref
from casework.models import Team, Timestamped, Versioned
from clients.models.client import Client
from clients.models.visit import Visit


class ProviderKind(models.TextChoices):
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist / prescriber")
    THERAPIST = "therapist", _("Therapist")
    PRIMARY_CARE = "primary_care", _("Primary-care doctor")
    PHARMACY = "pharmacy", _("Pharmacy")
    PROBATION = "probation", _("Probation / parole officer")
    PAYEE = "payee", _("Representative payee")
    HOUSING = "housing", _("Housing provider")
    CLUBHOUSE = "clubhouse", _("Clubhouse")
    OTHER = "other", _("Other")


class CareProvider(Versioned, Timestamped):
    """Someone outside the agency who serves the client. Ending the relationship sets
    `ended_on`; the row stays so the record shows who served the client and when."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="care_providers")
    kind = models.CharField(_("serves as"), max_length=20, choices=ProviderKind.choices)
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("The person, if there is one.")
    )
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # Directory entries are deactivated, never deleted, so a link outlives its entry's use.
    directory_organization = optional_ref(
        "directory.Organization", verbose_name=_("directory entry")
    )
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("For example “prescriber”, “PO”.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(organization_name=""),
                name="care_provider_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="care_provider_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["client", "ended_on"], name="care_provider_client_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name and self.organization_name:
            return f"{self.name}, {self.organization_name}"
        return self.name or self.organization_name

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class AppointmentKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    PLANNED_VISIT = "planned_visit", _("Planned visit")


class Outcome(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Missed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Appointment(Versioned, Timestamped):
    """An appointment of the client (with a care-team member or anywhere), or a visit the
    case manager plans to make. `staff` is the case manager who sees to it: their week and
    their feed show it. Never deleted: cancelled, rescheduled (to a new row) or closed with
    its outcome."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    # The team that serves the client when it is booked (the team's week).
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("case manager"),
    )
    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("where"), max_length=200, blank=True)
    provider = optional_ref(
        CareProvider, related_name="appointments", verbose_name=_("with (care team)")
    )
    with_name = models.CharField(
        _("with (someone else)"), max_length=150, blank=True, help_text=_("Court, benefits office…")
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    transport = models.BooleanField(_("I drive the client"), default=False)
    attending = models.BooleanField(_("I attend"), default=False)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SCHEDULED)
    outcome_on = models.DateTimeField(null=True, blank=True)
    outcome_by = staff_ref()
    # A missed appointment is followed up: rebooked (the new row points back here), a contact
    # logged after it, or marked followed up (a call, a letter).
    follow_up_of = optional_ref("self", related_name="follow_ups")
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = staff_ref()
    # The contact that completed a planned visit (clients.services.visits.visit_create).
    visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="planned"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60),
                name="appointment_duration_sane",
            ),
            models.CheckConstraint(
                condition=Q(outcome="scheduled", outcome_on__isnull=True)
                | (~Q(outcome="scheduled") & Q(outcome_on__isnull=False)),
                name="appointment_outcome_has_a_time",
            ),
        ]
        indexes = [
            # "My week" and the feed: one staff member's calendar by time.
            models.Index(fields=["staff", "starts_at"], name="appointment_staff_time_idx"),
            # The team's week.
            models.Index(fields=["team", "starts_at"], name="appointment_team_time_idx"),
            models.Index(fields=["client", "starts_at"], name="appointment_client_time_idx"),
            # The reminder rules: scheduled ones by time, missed ones not yet followed up.
            models.Index(
                fields=["starts_at"],
                condition=Q(outcome="scheduled"),
                name="appointment_scheduled_idx",
            ),
            models.Index(
                fields=["starts_at"],
                condition=Q(outcome="missed", followed_up_at__isnull=True),
                name="appointment_missed_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_planned_visit(self) -> bool:
        return self.kind == AppointmentKind.PLANNED_VISIT

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.SCHEDULED

    @property
    def needs_follow_up(self) -> bool:
        return self.outcome == Outcome.MISSED and self.followed_up_at is None


class CalendarFeed(models.Model):
    """A staff member's private iCalendar link. Only the token's SHA-256 is stored; a revoked
    or replaced link answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            unique_while_open(["user"], until="revoked_at", name="calendar_feed_one_live_per_user")
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
