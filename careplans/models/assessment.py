"""The comprehensive assessment: eleven life domains, each with a need rating, strengths and
notes. A draft (autosaved) until its author completes and signs it; from then on the database
refuses any change (migration 0002's trigger) and corrections are addenda."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import open_rows_index
from casework.fields import optional_ref
from casework.models import Addendum, Program, Signed, Team, Timestamped
from clients.domains import DOMAINS
from clients.models import Client


class NeedRating(models.TextChoices):
    NONE = "none", _("No need")
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


DOMAIN_KEYS = tuple(key for key, _label in DOMAINS)


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", _("Initial")
    REASSESSMENT = "reassessment", _("Reassessment")


class Assessment(Timestamped, Signed):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    # The team that served the client at the time; the client may transfer later.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("date of assessment"))
    # {domain key: {"need": NeedRating, "strengths": str, "notes": str}}
    domains = models.JSONField(default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    started_from = optional_ref("self")
    # Completing is signing (`signed_at`, Signed): one act, by the author.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            # The panel and "start from the last one": a client's completed assessments.
            models.Index(
                fields=["client", "-assessed_on"],
                condition=Q(signed_at__isnull=False),
                name="assessment_client_signed_idx",
            ),
            open_rows_index(
                ["author", "client"], until="signed_at", name="assessment_draft_author_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} assessment {self.assessed_on}"

    def domain_rows(self) -> list[tuple[str, str, dict]]:
        """(key, label, {"need", "strengths", "notes"}) for each domain, in order."""
        return [(key, label, self.domains.get(key) or {}) for key, label in DOMAINS]


class AssessmentAddendum(Addendum):
    """Text added to a signed assessment; append-only."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="addenda")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "assessment addenda"
        indexes = [
            models.Index(fields=["assessment", "created_at"], name="assess_addendum_idx"),
        ]

    def __str__(self) -> str:
        return f"Addendum to {self.assessment}"


class ProgramAssessmentSettings(models.Model):
    """A program's assessment rules, kept beside `casework.Program` (which owns the
    reassessment interval) so the careplans app needs no casework migration."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="assessment_settings"
    )
    intake_window_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("The initial assessment is due this many days after intake.")
    )
    plan_review_days = models.PositiveSmallIntegerField(
        default=90, help_text=_("An active care plan is reviewed at least this often (days).")
    )
    # Instrument settings by code (k10_bands, audit_c_cutoff): see careplans.instruments.
    instrument_settings = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "program assessment settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(intake_window_days__gte=1), name="assess_intake_window_positive"
            ),
            models.CheckConstraint(
                condition=Q(plan_review_days__gte=7), name="careplan_review_days_at_least_week"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment settings of {self.program}"
