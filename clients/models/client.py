"""The client and the facts that identify them. Every query that returns clients starts from
`Client.objects.visible_to(user)`."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import access
from casework.fields import optional_ref, staff_ref
from casework.models import Agency, Program, ServiceArea, Team, Timestamped, User, Versioned


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: User, *, now: datetime | None = None) -> ClientQuerySet:
        """Clients the user may read, by the access policy (emergency grants unexpired at
        `now`, by default the present); unscoped queries look wrong."""
        return self.filter(access.team_scope(user, now=now))

    def changeable_by(self, user: User) -> ClientQuerySet:
        return self.filter(access.team_scope(user, write=True))


class Status(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    DISCHARGED = "discharged", _("Discharged")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class Client(Versioned, Timestamped):
    """A person the agency serves, served by one team at a time.

    `last_contact_on` and `next_contact_due` are kept by `clients.services` from the visits,
    in the same transaction, so the caseload can sort and filter by them with an index.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="clients")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="clients")
    program = optional_ref(
        Program,
        related_name="clients",
        help_text=_("The current enrolment's program; sets the contact standard."),
    )
    service_area = optional_ref(ServiceArea, related_name="clients")
    record_number = models.CharField(
        _("record number"), max_length=40, help_text=_("The agency's own record number.")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    primary_language = models.CharField(_("primary language"), max_length=60, default="English")
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRED)
    risk_level = models.CharField(
        _("risk / acuity"), max_length=20, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    justice_involved = models.BooleanField(_("justice-involved"), default=False)
    co_occurring_substance_use = models.BooleanField(_("co-occurring substance use"), default=False)
    homeless = models.BooleanField(_("homeless"), default=False)
    # The current status's start and the current episode's number; the history is in
    # StatusChange and Episode rows, these copies let lists sort and filter without joins.
    status_since = models.DateField(null=True, blank=True, editable=False)
    last_contact_on = models.DateField(null=True, blank=True, editable=False)
    # The last completed contact recorded before Casework (the caseload import): it counts
    # like a contact logged here until a later one is (clients.services.contact_dates).
    prior_contact_on = models.DateField(
        _("last contact before Casework"), null=True, blank=True, editable=False
    )
    next_contact_due = models.DateField(null=True, blank=True, editable=False)
    created_by = staff_ref()

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "record_number"], name="client_record_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["team", "family_name", "given_name"], name="client_team_name_idx"),
            models.Index(Lower("family_name"), Lower("given_name"), name="client_name_ci_idx"),
            # Search's one-slip spellings are looked up in each lowered name (the family name
            # is the leading column of the index above).
            models.Index(Lower("given_name"), name="client_given_ci_idx"),
            models.Index(Lower("preferred_name"), name="client_preferred_ci_idx"),
            # Search finds a record number ignoring case (UPPER(...) = UPPER(...)) beside the
            # names, through the indexes alone (clients.selectors.search).
            models.Index(Upper("record_number"), name="client_record_ci_idx"),
            models.Index(fields=["team", "next_contact_due"], name="client_team_due_idx"),
            models.Index(fields=["team", "date_of_birth"], name="client_team_dob_idx"),
            # The team dashboard's figures read the team's open clients (an eighth of its
            # clients at the bench's size) without visiting the closed ones' pages.
            models.Index(
                fields=["team"],
                condition=models.Q(status__in=[Status.REFERRED, Status.ACTIVE, Status.ON_HOLD]),
                name="client_team_open_idx",
            ),
            # Without the pending list (fastupdate): a search reads every entry of that list,
            # up to 4 MB, until a vacuum merges it (60-90 ms a search at 100,000 clients),
            # and PostgreSQL then prefers reading every client. Clients are written at a
            # person's pace; search reads them on every keystroke.
            GinIndex(
                fields=["family_name", "given_name", "preferred_name"],
                opclasses=["gin_trgm_ops"] * 3,
                name="client_name_trgm_idx",
                fastupdate=False,
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name staff should use: the preferred name when the client gave one."""
        first = self.preferred_name or self.given_name
        return f"{first} {self.family_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        """Derived from the date of birth, never typed, so it cannot go stale."""
        age = self.age
        return age is not None and age < 18

    @property
    def is_open(self) -> bool:
        return self.status != Status.DISCHARGED
