"""Key events on the client's timeline: hospital stays, jail stays, housing and employment
changes. Reminders (7-day follow-up after a hospital discharge) and funder reports read
them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.constraints import ends_after_start
from casework.models import Versioned, Voidable
from clients.models.client import Client


class EventKind(models.TextChoices):
    HOSPITAL = "hospital", _("Psychiatric hospitalisation")
    MEDICAL_HOSPITAL = "medical_hospital", _("Medical hospitalisation")
    CRISIS = "crisis", _("Crisis / emergency visit")
    JAIL = "jail", _("Jail stay")
    HOUSING = "housing", _("Housing change")
    EMPLOYMENT = "employment", _("Employment change")
    EDUCATION = "education", _("Education change")
    OTHER = "other", _("Other")


# Kinds that are stays, with an admission and (later) a release or discharge date.
STAY_KINDS = frozenset({EventKind.HOSPITAL, EventKind.MEDICAL_HOSPITAL, EventKind.JAIL})


class KeyEvent(Versioned, Voidable):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="key_events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    started_on = models.DateField(_("date / admitted on"))
    ended_on = models.DateField(_("discharged / released on"), null=True, blank=True)
    place = models.CharField(_("facility or place"), max_length=200, blank=True)
    description = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            ends_after_start("started_on", "ended_on", name="key_event_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["client", "-started_on"], name="key_event_client_idx"),
            # Hospital discharges within a window, for the 7-day follow-up reminder.
            models.Index(fields=["kind", "ended_on"], name="key_event_kind_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"

    @property
    def is_stay(self) -> bool:
        return self.kind in STAY_KINDS
