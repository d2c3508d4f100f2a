"""Episodes of care and the status history. A client moves referred → active → on hold →
discharged; re-opening starts a new episode. Rows here are only ever added (and an open
episode closed), so the full history stays readable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import ends_after_start, unique_while_open
from casework.fields import staff_ref
from casework.models import Program
from clients.models.client import Client, Status


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    MOVED = "moved", _("Moved out of the area")
    TRANSFERRED = "transferred", _("Transferred to another provider")
    DECLINED = "declined", _("Declined further services")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    INCARCERATED = "incarcerated", _("Long-term incarceration")
    HIGHER_CARE = "higher_care", _("Needs a higher level of care")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Episode(models.Model):
    """One period of service, from referral or re-opening to discharge."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    number = models.PositiveSmallIntegerField()
    opened_on = models.DateField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    discharge_summary = models.TextField(blank=True)
    closed_by = staff_ref()

    class Meta:
        ordering = ["client", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="episode_number_unique"),
            unique_while_open(["client"], until="closed_on", name="episode_one_open_per_client"),
            ends_after_start("opened_on", "closed_on", name="episode_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(discharge_reason=""),
                name="episode_closed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode {self.number} of {self.client}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class StatusChange(models.Model):
    """One move in the lifecycle, with the date it took effect and why."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="status_changes")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    effective_on = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["client", "-effective_on"], name="status_change_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.from_status or '—'} → {self.to_status}"


class Enrolment(models.Model):
    """Enrolment in a program (FSP, AOT, standard) for a period; at most one open at a time."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="enrolments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments")
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            unique_while_open(["client"], until="ended_on", name="enrolment_one_open_per_client"),
            ends_after_start("started_on", "ended_on", name="enrolment_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.program} from {self.started_on}"
