"""Visits and their contact notes. A note is a draft (autosaved) until its author signs it;
from then on the database itself refuses any change but a supervisor's co-signature or a
retraction (migration 0003's trigger), and corrections are addenda that leave the original
visible. Rules and timing live in `clients.services.visits`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import open_rows_index
from casework.fields import staff_ref
from casework.models import Addendum, Signed, Team, Timestamped
from clients.models.client import Client


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    COLLATERAL = "collateral", _("Collateral")
    ATTEMPTED = "attempted", _("Attempted contact / no-show")


class Place(models.TextChoices):
    HOME = "home", _("Home")
    COMMUNITY = "community", _("Community")
    OFFICE = "office", _("Office")
    HOSPITAL = "hospital", _("Hospital")
    JAIL = "jail", _("Jail")
    SHELTER = "shelter", _("Shelter")
    STREET = "street", _("Street outreach")
    REMOTE = "remote", _("Remote (phone / video)")


class Service(models.TextChoices):
    ADL = "adl", _("ADL support")
    TRANSPORT = "transport", _("Transport")
    BENEFITS = "benefits", _("Benefits / financial")
    HOUSING = "housing", _("Housing search")
    EMPLOYMENT = "employment", _("Employment / education")
    FOOD = "food", _("Food / clothing")
    ID_DOCUMENTS = "id_documents", _("ID documents")
    MEDICATION = "medication", _("Medication support")
    CRISIS = "crisis", _("Crisis intervention")
    RECREATION = "recreation", _("Recreation")
    LINKAGE = "linkage", _("Linkage / referral")


class NoteFormat(models.TextChoices):
    DAP = "dap", _("DAP")
    SOAP = "soap", _("SOAP")
    BIRP = "birp", _("BIRP")
    GIRP = "girp", _("GIRP")
    NARRATIVE = "narrative", _("Narrative")


# Each format's sections, in order (shared/domain/notes.md): (key, label, prompt).
NOTE_SECTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    NoteFormat.DAP: (
        ("data", _("Data"), _("What was reported and observed, what was done")),
        ("assessment", _("Assessment"), _("Interpretation, progress, risk")),
        ("plan", _("Plan"), _("Next steps")),
    ),
    NoteFormat.SOAP: (
        ("subjective", _("Subjective"), _("The client's own words")),
        ("objective", _("Objective"), _("Observed, measured, scores")),
        ("assessment", _("Assessment"), _("Interpretation, progress, risk")),
        ("plan", _("Plan"), _("Next steps")),
    ),
    NoteFormat.BIRP: (
        ("behaviour", _("Behaviour"), _("Presentation")),
        ("intervention", _("Intervention"), _("What you did")),
        ("response", _("Response"), _("The client's response")),
        ("plan", _("Plan"), _("Next steps")),
    ),
    NoteFormat.GIRP: (
        ("goal", _("Goal"), _("The care-plan goal addressed")),
        ("intervention", _("Intervention"), _("What you did")),
        ("response", _("Response"), _("The client's response")),
        ("plan", _("Plan"), _("Next steps")),
    ),
    NoteFormat.NARRATIVE: (("narrative", _("Note"), _("What happened")),),
}


class Visit(Timestamped, Signed):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="visits")
    # The team that served the client at the time; the client may transfer later.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    contact_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    mode = models.CharField(_("contact mode"), max_length=20, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=20, choices=Place.choices)
    services = ArrayField(
        models.CharField(max_length=20, choices=Service.choices),
        default=list,
        blank=True,
        verbose_name=_("services given"),
    )
    is_crisis = models.BooleanField(_("crisis contact"), default=False)
    note_format = models.CharField(
        _("note format"), max_length=20, choices=NoteFormat.choices, default=NoteFormat.DAP
    )
    note = models.JSONField(_("note"), default=dict, blank=True)
    next_contact_due = models.DateField(_("next contact due"), null=True, blank=True)

    # Signing. `sign_due_at` is fixed when the draft is saved: the documentation window.
    # (`signed_at`: Signed.)
    sign_due_at = models.DateTimeField()
    is_late_entry = models.BooleanField(default=False)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = staff_ref()
    # Entered in error: the note stays readable, no longer counts as a contact.
    retracted_at = models.DateTimeField(null=True, blank=True)
    # A visit logged without signal carries the id its device made (clients.services.sync):
    # a retried upload finds it and never makes a second visit. Online visits have none.
    device_id = models.UUIDField(null=True, blank=True, editable=False)
    # When the author signed on the device; `signed_at` is when the server received it.
    device_signed_at = models.DateTimeField(null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-contact_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=24 * 60), name="visit_duration_at_most_a_day"
            ),
            models.CheckConstraint(
                condition=Q(retracted_at__isnull=True) | Q(signed_at__isnull=False),
                name="visit_only_signed_notes_are_retracted",
            ),
            models.UniqueConstraint(fields=["device_id"], name="visit_device_id_unique"),
            models.CheckConstraint(
                condition=Q(device_signed_at__isnull=True) | Q(signed_at__isnull=False),
                name="visit_device_signed_only_when_signed",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-contact_at"], name="visit_client_time_idx"),
            # The last completed contact per client (attempts and retractions do not count).
            models.Index(
                fields=["client", "-contact_at"],
                condition=Q(retracted_at__isnull=True) & ~Q(mode="attempted"),
                name="visit_client_completed_idx",
            ),
            # The team dashboard's completed contacts per week: the team's last twelve weeks
            # in one range scan (by client it was one probe per client of the team), with
            # author and client in the index so that it is read without the table.
            models.Index(
                fields=["team", "contact_at"],
                include=["author", "client"],
                condition=Q(retracted_at__isnull=True) & ~Q(mode="attempted"),
                name="visit_team_completed_idx",
            ),
            # "My unsigned notes" and the overdue list.
            open_rows_index(
                ["author", "contact_at"], until="signed_at", name="visit_unsigned_author_idx"
            ),
            open_rows_index(
                ["team", "sign_due_at"], until="signed_at", name="visit_unsigned_due_idx"
            ),
            # The team dashboard's co-sign queue: only notes still waiting are indexed, so the
            # queue costs what it holds, not every note the team's clients ever had.
            models.Index(
                fields=["client", "signed_at"],
                condition=Q(signed_at__isnull=False, cosigned_at__isnull=True)
                & Q(retracted_at__isnull=True),
                name="visit_cosign_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.contact_at:%Y-%m-%d %H:%M}"

    @property
    def is_attempt(self) -> bool:
        return self.mode == Mode.ATTEMPTED

    @property
    def sections(self) -> list[tuple[str, str, str, str]]:
        """(key, label, prompt, text) for each section of the note's format."""
        return [
            (key, label, prompt, self.note.get(key, ""))
            for key, label, prompt in NOTE_SECTIONS[self.note_format]
        ]


class AddendumKind(models.TextChoices):
    ADDENDUM = "addendum", _("Addendum")
    LATE_ENTRY = "late_entry", _("Late entry")
    CORRECTION = "correction", _("Correction")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


class NoteAddendum(Addendum):
    """Text added to a signed note; append-only in the database."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="addenda")
    kind = models.CharField(max_length=20, choices=AddendumKind.choices)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "note addenda"
        indexes = [models.Index(fields=["visit", "created_at"], name="addendum_visit_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.visit}"
