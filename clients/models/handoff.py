"""A visit logged without signal for a client who moved out of its author's reach meanwhile
(issue #26). It cannot go on the record under its author (no write lands where the author
may no longer write), and it must not be lost: its author sends it to whoever serves the
client now, who reads it here and takes it from there."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casework.fields import staff_ref
from casework.models import Team
from clients.models.client import Client


class VisitHandoff(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="visit_handoffs")
    # The device's id for the visit: a repeated send finds this row, never makes a second.
    device_id = models.UUIDField(unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The client's team and primary case manager when it was sent (no primary: the team's
    # supervisors are told).
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    sent_to = staff_ref()
    contact_at = models.DateTimeField()
    # The visit as its author wrote it: mode, place, duration, services, note format and
    # sections, and when it was signed on the device.
    visit = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = staff_ref()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="handoff_client_idx")]

    def __str__(self) -> str:
        return f"Visit handed on {self.contact_at:%Y-%m-%d %H:%M}"
