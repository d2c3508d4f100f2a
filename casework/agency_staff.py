"""A person's place in an agency, apart from their teams, and the history of their roles.

Team roles stay in `Membership`. Two things have no team to hang on: a person invited before
any team is chosen for them (or an agency that has no team yet), and the agency admin role,
which covers the whole agency. Imported by `casework.models`, so the tables belong to the
casework app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref, staff_ref
from casework.models import Agency, Role, Team


class AgencyStaff(models.Model):
    """One person on one agency's staff. `is_admin` makes them an agency admin (staff,
    teams, programs, directory; no client records unless they also hold a clinical team
    role). The invitation dates say where onboarding stands."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff_places")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_places"
    )
    is_admin = models.BooleanField(_("agency admin"), default=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = staff_ref()
    # When the person set their password through the invitation link.
    joined_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: the roles form carries the version it was read at.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agency staff"
        constraints = [
            models.UniqueConstraint(fields=["agency", "user"], name="agency_staff_once"),
        ]
        indexes = [
            # The access policy's question on every request: which agencies does this
            # person administer?
            models.Index(
                fields=["user"], condition=models.Q(is_admin=True), name="agency_staff_admin_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.agency}"


class StaffRoleChange(models.Model):
    """One change to a person's roles: a team role given, changed or taken away, or the
    agency admin role (no team) given or taken away. Rows are only ever added."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    team = optional_ref(Team)
    # "" means no role: before is empty when a role is given, after when it is taken away.
    role_before = models.CharField(max_length=20, choices=Role.choices, blank=True)
    role_after = models.CharField(max_length=20, choices=Role.choices, blank=True)
    changed_by = staff_ref()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role_before=models.F("role_after")),
                name="staff_role_change_changes",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-changed_at"], name="staff_role_change_user_idx"),
        ]

    def __str__(self) -> str:
        where = self.team or "agency"
        return f"{self.user}: {self.role_before or '—'} → {self.role_after or '—'} ({where})"
