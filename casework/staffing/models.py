"""What a member of staff brings to a client: trainings (some lapse), languages, the service
areas they cover and a caseload limit per program. Imported by `casework.models`, so the
tables belong to the casework app; nothing here reads another app.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Program, ServiceArea, Team


class Specialty(models.TextChoices):
    YOUTH = "youth", _("Youth and minors")
    JUSTICE = "justice", _("Justice involvement")
    SUBSTANCE_USE = "substance_use", _("Co-occurring substance use")
    OLDER_ADULTS = "older_adults", _("Older adults")
    HOMELESSNESS = "homelessness", _("Homelessness")


class StaffProfile(models.Model):
    """Languages and service areas of one member of staff; edited by their supervisors or an
    agency admin, read by the person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    languages = ArrayField(
        models.CharField(max_length=60),
        default=list,
        blank=True,
        help_text=_("Languages the person can work in with a client, English included."),
    )
    service_areas = models.ManyToManyField(ServiceArea, blank=True, related_name="+")
    # Optimistic locking: the edit form carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class StaffTraining(models.Model):
    """A specialty the person is trained or certified in. A certification that lapses has an
    expiry date; from the day after it, the training no longer counts for matching."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings"
    )
    specialty = models.CharField(max_length=30, choices=Specialty.choices)
    certified_on = models.DateField(_("trained or certified on"))
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("Empty when it does not lapse.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["specialty"]
        constraints = [
            # A renewal replaces the row: one current record per specialty and person.
            models.UniqueConstraint(
                fields=["user", "specialty"], name="training_one_per_specialty"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("certified_on")),
                name="training_expires_after_certified",
            ),
        ]
        indexes = [
            # The supervisors' panel: trainings lapsed or about to lapse.
            models.Index(
                fields=["expires_on"],
                condition=Q(expires_on__isnull=False),
                name="training_expiry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_specialty_display()}"

    def is_current_on(self, day: date) -> bool:
        return self.expires_on is None or self.expires_on >= day

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())


class CaseloadLimit(models.Model):
    """The person's own limit in one program; without a row the program's ratio applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_limits"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    limit = models.PositiveSmallIntegerField(
        help_text=_("Clients of moderate acuity; see casework.staffing.acuity.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program"], name="caseload_limit_unique"),
            models.CheckConstraint(condition=Q(limit__gte=1), name="caseload_limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.program}: {self.limit}"


RULE_LABELS = {
    Specialty.YOUTH: _("youth training"),
    Specialty.JUSTICE: _("justice-involvement training"),
    Specialty.SUBSTANCE_USE: _("substance-use training"),
    "language": _("the client's language"),
    "capacity": _("room in the caseload"),
}


class MatchOverride(models.Model):
    """A case manager (primary or secondary) chosen against the matching rules, and why. The
    reason is free text, so it lives here and never in the audit trail, which records the
    rule codes and this row's id."""

    # The assignment and the client are lazy references (the ORM joins to the clients app's
    # tables; this module never imports it). One override at most per assignment.
    assignment = models.OneToOneField(
        "clients.Assignment", on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rules = ArrayField(models.CharField(max_length=40), help_text=_("Codes of the rules broken."))
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="match_override_has_reason"),
        ]
        indexes = [models.Index(fields=["client"], name="match_override_client_idx")]

    def __str__(self) -> str:
        return f"Assignment #{self.assignment_id}: {', '.join(self.rules)}"
