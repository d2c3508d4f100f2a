"""What supervision adds to the record: a supervisor's return of a signed note for the
author to address before co-signing. The co-signature itself lives on the visit
(`Visit.cosigned_at`/`cosigned_by`, the columns migration clients/0003 lets a signed note take
once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constraints import open_rows_index, unique_while_open
from casework.fields import staff_ref
from casework.models import Team
from clients.models import Visit


class NoteReturn(models.Model):
    """A signed note sent back to its author with a comment instead of a co-signature. It
    leaves the co-sign queue until resolved: by the author (after an addendum, with a short
    reply) or by a supervisor co-signing after all. Never deleted: the history stays."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")
    # The team whose supervisor returned it (the client's team at the time).
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment for the author"))
    returned_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = staff_ref()
    reply = models.CharField(_("reply"), max_length=500, blank=True)

    class Meta:
        ordering = ["-returned_at", "-id"]
        constraints = [
            unique_while_open(["visit"], until="resolved_at", name="notereturn_one_open_per_visit"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="notereturn_resolved_with_who",
            ),
            models.CheckConstraint(condition=~Q(comment=""), name="notereturn_has_a_comment"),
        ]
        indexes = [
            # The dashboard's queue excludes notes with an open return, by team.
            open_rows_index(
                ["team", "visit"], until="resolved_at", name="notereturn_open_team_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"Note {self.visit_id} returned {self.returned_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class TrendSnapshot(models.Model):
    """A team's overdue trend before today, kept for an hour (supervision.services.trends):
    the eleven past points cost about fifty milliseconds of SQL for a team of 2,500 clients
    and barely move within a day. One row per team, replaced when stale; keyed by the team
    alone, so one team's figures can never be served for another's."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="+")
    # The day the points were counted back from: a snapshot of yesterday is never reused.
    day = models.DateField()
    computed_at = models.DateTimeField()
    # The past points, oldest first: [[ISO day, overdue], ...].
    points = models.JSONField()

    def __str__(self) -> str:
        return f"Overdue trend of team {self.team_id} as of {self.computed_at:%Y-%m-%d %H:%M}"
