"""The notices supervision sends (casework.notifications): kinds and their labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASSIGNED_TO = "supervision.reassigned_to"
REASSIGNED_FROM = "supervision.reassigned_from"
NOTE_RETURNED = "supervision.note_returned"

NOTICE_LABELS = {
    REASSIGNED_TO: _("Client handed to you"),
    REASSIGNED_FROM: _("Client handed on"),
    NOTE_RETURNED: _("Note returned"),
}
