"""One caseload import: the files an admin uploaded, what the check found, and the outcome.

Large files are checked by a worker: until then they wait in the default storage (`uploads`)
and are deleted once read. The files' rows, as read (`tables`), hold client information:
they are kept in the database (no local disk: web processes may run on several machines)
only between the check and the import, so that the import checks them again without reading
the files again, and emptied when the import runs or is discarded. What stays is the record
of what happened: the files' names and SHA-256, and counts, never a client's details.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.fields import staff_ref
from casework.models import Agency

# How long an invitation link works: the services that send and accept it and the staff
# pages that show when it runs out read the same number.
INVITATION_HOURS = 72


class ImportState(models.TextChoices):
    CHECKING = "checking", _("Checking the files")
    CHECKED = "checked", _("Checked: ready to import")
    REFUSED = "refused", _("Refused: the files have problems")
    QUEUED = "queued", _("Importing")
    IMPORTED = "imported", _("Imported")
    DISCARDED = "discarded", _("Discarded")


OPEN_IMPORT_STATES = (ImportState.CHECKED, ImportState.REFUSED)


class CaseloadImport(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=ImportState.choices)
    # The three files: clients (required), related persons and releases (optional).
    clients_name = models.CharField(max_length=255)
    clients_sha256 = models.CharField(max_length=64)
    people_name = models.CharField(max_length=255, blank=True)
    people_sha256 = models.CharField(max_length=64, blank=True)
    releases_name = models.CharField(max_length=255, blank=True)
    releases_sha256 = models.CharField(max_length=64, blank=True)
    # Large files wait here for the worker that checks them ({kind: storage name}); deleted
    # once checked.
    uploads = models.JSONField(default=dict, blank=True, editable=False)
    # Their rows as read: {kind: {"file", "columns", "rows": [[line, {column: text}]]}}.
    tables = models.JSONField(default=dict, editable=False)
    # The check's report: problems [file, line, column, message], possible duplicates
    # [line, client id], counts. Read back by the page until the import runs.
    report = models.JSONField(default=dict)
    # The admin's choice for each possible duplicate ({line: "skip" | "new"}) and who asked
    # for the import: the worker that runs it reads both.
    decisions = models.JSONField(default=dict, blank=True)
    run_by = staff_ref()
    queued_at = models.DateTimeField(null=True, blank=True)
    # Why the last run stopped, when it did (shown on the page).
    run_error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = staff_ref()
    # Counts of what the import wrote, kept after the files are emptied.
    outcome = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-uploaded_at"], name="caseload_import_agency_idx")
        ]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.clients_name} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_IMPORT_STATES
