"""A scored instrument given to a client, and the safety flag a risk rule raises.

An administration is stored complete: the raw item answers and what the system computed from
them (score, band, risk) with the settings used, so a later settings change never rewrites a
past result. The database refuses any change to it (migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import open_rows_index
from casework.fields import staff_ref
from casework.models import Team
from clients.models import Client


class Administration(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="administrations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=20, help_text=_("A registered instrument's code."))
    administered_on = models.DateField(_("date given"))
    answers = models.JSONField(default=dict)
    settings_used = models.JSONField(default=dict, blank=True)
    # Computed, never typed.
    score = models.SmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=30)
    band_level = models.PositiveSmallIntegerField(default=0)
    positive = models.BooleanField(null=True, blank=True)
    risk = models.CharField(max_length=10, blank=True)
    prorated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-administered_on", "-id"]
        indexes = [
            # Trends and "change since last": one client's results of one instrument by date.
            models.Index(
                fields=["client", "instrument", "-administered_on", "-id"],
                name="admin_client_instr_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.administered_on}"


class FlagAction(models.TextChoices):
    RISK_ASSESSMENT = "risk_assessment", _("Full risk assessment done")
    SAFETY_PLAN = "safety_plan", _("Safety plan made or reviewed")
    CRISIS_TEAM = "crisis_team", _("Crisis team or 988 contacted")
    EMERGENCY = "emergency", _("Emergency services called")
    PRESCRIBER = "prescriber", _("Psychiatrist or prescriber told")
    MEANS = "means", _("Access to lethal means reduced")
    FOLLOW_UP = "follow_up", _("Follow-up contact scheduled")


FLAG_REASONS = {
    "phq9_item9": _("PHQ-9: thoughts of death or self-harm"),
    "cssrs_moderate": _("C-SSRS screen: moderate risk"),
    "cssrs_high": _("C-SSRS screen: high risk"),
}


class SafetyFlag(models.Model):
    """Raised by a risk rule; stays on the client header until someone acknowledges it and
    records what was done. Never deleted; acknowledged once (migration 0002)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safety_flags")
    administration = models.OneToOneField(
        Administration, on_delete=models.PROTECT, related_name="safety_flag"
    )
    # The C-SSRS risk level ("moderate", "high"); blank when the rule does not grade risk.
    level = models.CharField(max_length=10, blank=True)
    reasons = ArrayField(models.CharField(max_length=30), default=list)
    raised_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = staff_ref()
    actions = ArrayField(
        models.CharField(max_length=30, choices=FlagAction.choices), default=list, blank=True
    )
    action_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="safetyflag_acknowledged_with_who",
            ),
        ]
        indexes = [
            # The header badge and the reminder rule: open flags.
            open_rows_index(["client"], until="acknowledged_at", name="safetyflag_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Safety flag {self.raised_at:%Y-%m-%d}"

    @property
    def reason_labels(self) -> list[str]:
        return [str(FLAG_REASONS.get(code, code)) for code in self.reasons]

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class InstrumentWording(models.Model):
    """The validated question wording an agency loads for its own use (licences differ; the
    wording is not shipped). Forms show it under our short label when present."""

    instrument = models.CharField(max_length=20)
    item = models.CharField(max_length=30)
    text = models.TextField()
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "item"], name="wording_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}.{self.item}"
