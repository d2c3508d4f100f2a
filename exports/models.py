"""An export of the whole agency (ONC 45 CFR 170.315(b)(10)): requested by an admin or a
compliance reviewer, built by a Celery task into a private file, downloadable until it
expires. The row holds the progress the page polls; the file never sits on a public path."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Agency


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired and deleted")


class AgencyExport(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    clients_total = models.PositiveIntegerField(default=0)
    clients_done = models.PositiveIntegerField(default=0)
    # The worker's heartbeat: a running export not touched for a while was abandoned by a
    # killed worker and may be claimed again (exports.services.agency).
    touched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # A generated name in the default storage (never under STATIC or a served MEDIA_URL).
    file_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One export at a time per agency: a second request waits for the first.
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(status__in=["queued", "running"]),
                name="agency_export_one_at_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file_name="") & Q(expires_at__isnull=False)),
                name="agency_export_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["agency", "-requested_at"], name="agency_export_idx")]

    def __str__(self) -> str:
        return f"Export of {self.agency_id} at {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.clients_total:
            return 0
        return min(99, self.clients_done * 100 // self.clients_total)

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    def is_downloadable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == ExportStatus.DONE
            and self.expires_at is not None
            and now < self.expires_at
        )
