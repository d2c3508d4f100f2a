"""Who serves a client, and when the client moved between teams or service areas. Ending a
period sets its end date; nothing is overwritten, so the history answers "who had this client
on that day"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import ends_after_start, open_rows_index, unique_while_open
from casework.fields import optional_ref
from casework.models import ServiceArea, Team
from clients.models.client import Client


class AssignmentRole(models.TextChoices):
    PRIMARY = "primary", _("Primary case manager")
    SECONDARY = "secondary", _("Secondary staff")


class Assignment(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assignments")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=20, choices=AssignmentRole.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(ended_on__isnull=True, role="primary"),
                name="assignment_one_current_primary",
            ),
            unique_while_open(
                ["client", "staff"], until="ended_on", name="assignment_staff_once_per_client"
            ),
            ends_after_start("started_on", "ended_on", name="assignment_ends_after_start"),
        ]
        indexes = [
            # "My caseload": the staff member's current assignments.
            open_rows_index(
                ["staff", "client"], until="ended_on", name="assignment_current_staff_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.get_role_display()} · {self.client}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Transfer(models.Model):
    """A move to another team and/or service area, for example when the client moves."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="transfers")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    from_service_area = optional_ref(ServiceArea)
    to_service_area = optional_ref(ServiceArea)
    effective_on = models.DateField()
    reason = models.TextField()
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["client", "-effective_on"], name="transfer_client_idx")]

    def __str__(self) -> str:
        return f"{self.client}: {self.from_team} → {self.to_team}"
