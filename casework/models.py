"""Staff, agencies, teams and roles, plus the append-only audit trail.

Who may see what is decided in `casework.access` from these rows; nothing here queries
another app.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.constraints import open_rows_index
from casework.fields import optional_ref, staff_ref


class Timestamped(models.Model):
    """When the row was created and last saved, kept by Django."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Voidable(models.Model):
    """Entered in error: voided, never deleted, so it stays for those allowed to see the
    record's history."""

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = staff_ref()
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Signed(models.Model):
    """Signed by its author (a note, an assessment): from then on the database refuses any
    change, and corrections are addenda."""

    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class Addendum(models.Model):
    """Text added to a signed record, dated now, with its reason; append-only. The concrete
    model adds the record it belongs to."""

    text = models.TextField()
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: an edit form carries the version it was read at, and the service
    refuses a save whose version is no longer the row's."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


def save_new_version(row: models.Model, *fields: str, **changes: object) -> None:
    """Save `fields` of a row kept under optimistic locking, and `changes` (field=value) set
    on it first: its `version` moves on, and `updated_at` with it, so a form opened before
    this save is refused."""
    for name, value in changes.items():
        setattr(row, name, value)
    row.version += 1
    row.save(update_fields=[*fields, *changes, "version", "updated_at"])


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("Staff sign in by e-mail; an address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str) -> User:
        # E-mail addresses are compared without case, as people type them.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Accounts are deactivated, never deleted: the audit trail names them."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    credentials = models.CharField(
        _("credentials"), max_length=60, blank=True, help_text=_("For example MSW, LCSW.")
    )
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    work_phone = models.CharField(
        _("work phone"), max_length=40, blank=True, help_text=_("Printed on a client's papers.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("May use the Django admin site.")
    )
    date_joined = models.DateTimeField(default=timezone.now)
    wants_digest = models.BooleanField(
        _("daily e-mail digest"),
        default=True,
        help_text=_("A morning e-mail listing your open reminders."),
    )
    # The last day a digest was sent: claimed by a conditional update, so two beats or a
    # retried task never send one day's digest twice.
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Agency(models.Model):
    """A tenant: one organisation running Casework. Nothing is shared between agencies."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Printed at the head of every printout a client takes away (care plan, crisis plan,
    # referral packet, accounting of disclosures).
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The agency's policies on dates (issue #23: plausible dates by rule, refused at the field).
    records_begin_on = models.DateField(
        _("records begin on"),
        null=True,
        blank=True,
        help_text=_(
            "No contact may be recorded before this day (the agency's records begin). "
            "Empty: no limit but 1900."
        ),
    )
    release_max_months = models.PositiveSmallIntegerField(
        _("longest release (months)"),
        null=True,
        blank=True,
        help_text=_(
            "A release of information may last at most this many months from the day it takes "
            "effect. Empty: no limit of the agency's own."
        ),
    )

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(Versioned):
    """A program's standards; every number is the agency's setting (domain/programs.md)."""

    class Kind(models.TextChoices):
        FSP = "fsp", _("Full Service Partnership")
        AOT = "aot", _("Assisted outpatient treatment")
        STANDARD = "standard", _("Standard case management")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="programs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120)
    contact_standard_days = models.PositiveSmallIntegerField(
        help_text=_("A client is due a completed contact at least this often.")
    )
    care_plan_review_days = models.PositiveSmallIntegerField(default=90)
    reassessment_days = models.PositiveSmallIntegerField(default=180)
    note_window_business_days = models.PositiveSmallIntegerField(
        default=3, help_text=_("A contact note must be signed within this many business days.")
    )
    crisis_note_window_hours = models.PositiveSmallIntegerField(
        default=24, help_text=_("A crisis contact's note must be signed within these hours.")
    )
    caseload_ratio = models.PositiveSmallIntegerField(
        default=15, help_text=_("Clients per case manager the program aims for.")
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="program_name_unique"),
            models.CheckConstraint(
                condition=models.Q(contact_standard_days__gte=1),
                name="program_contact_standard_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceArea(Versioned):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="service_areas")
    name = models.CharField(max_length=120)
    code = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="service_area_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Team(Versioned):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="teams")
    service_area = optional_ref(ServiceArea, related_name="teams")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Agency admin")
    COMPLIANCE = "compliance", _("Compliance reviewer")


class Membership(models.Model):
    """A person's one role in one team; access follows from these rows alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_one_role_per_team"),
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.team}"


class AuditEvent(models.Model):
    """Who did what to which record, from where. Append-only: a database trigger refuses
    UPDATE and DELETE (migration 0002). Never holds clinical free text.

    Events are chained by `AuditLink` rows a moment after they are written (migration 0016);
    an edited or deleted event breaks its link and `manage.py verify_audit_chain` names it.
    `prev_hash` and `hash` are the chain as a trigger kept it in the row before then; events
    written since leave them empty.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = staff_ref()
    agency = optional_ref(Agency)
    action = models.CharField(max_length=80, help_text=_("Dotted code: clients.client.view"))
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # A plain id, not a foreign key: `casework` never depends on the clients app.
    client_id = models.BigIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Both set by the database trigger on insert; whatever the app passes is overwritten.
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["client_id", "-occurred_at"], name="audit_client_time_idx"),
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time_idx"),
            models.Index(fields=["action", "-occurred_at"], name="audit_action_time_idx"),
        ]

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.action} {self.object_type}#{self.object_id}"

    @property
    def in_words(self) -> str:
        """Sign-ins and lockouts in words for the audit report ("" for other actions)."""
        from casework.audit_signin import in_words

        return in_words(self)


class AuditLink(models.Model):
    """One event's place in the audit chain: position 1, 2, 3, ... with no gap, and a hash of
    the event's contents and of the link before (casework.audit_chain). Written by the
    sequencer (`casework_audit_link_pending`), one transaction at a time, off the request's
    path; add-only like the events: the application's role may not UPDATE or DELETE, and a
    trigger refuses the owner too."""

    position = models.BigIntegerField(primary_key=True)
    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, related_name="link")
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"link {self.position}: event {self.event_id}"


class AuditCheckpoint(models.Model):
    """The audit chain's head and length at one moment (casework.audit_checkpoint): proof,
    kept apart from the events, of how long the chain was and how it ended. The application's
    role may only INSERT and SELECT here (casework.db_roles); a trigger refuses UPDATE and
    DELETE, as on the events. `verify_audit_chain` checks every checkpoint against the events,
    so a truncated or rewritten chain no longer matches what was recorded."""

    class Source(models.TextChoices):
        SCHEDULE = "schedule", _("scheduled")
        DAILY = "daily", _("daily, logged")
        VERIFY = "verify", _("after verification")
        MIGRATION = "migration", _("first, at installation")

    taken_at = models.DateTimeField(default=timezone.now)
    # "" is the one chain every event joins today; a chain per agency would name its agency.
    chain = models.CharField(max_length=40, blank=True, default="")
    events = models.BigIntegerField(help_text=_("Events in the chain up to the head"))
    head_id = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)

    class Meta:
        indexes = [models.Index(fields=["chain", "-head_id"], name="audit_checkpoint_head_idx")]

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M} {self.events} events, head {self.head_id}"


class EmergencyAccess(models.Model):
    """Break the glass: one staff member's time-limited, read-only access to one client outside
    their teams, given only with a written reason (45 CFR 170.315(d)(6)). The access policy
    (`casework.access.team_scope`) honours unexpired rows; the client's team supervisors
    review each one. Rows are never deleted: an expired grant is history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    # A lazy reference: the ORM joins to the clients app's table while this module never
    # imports it (import-linter's layers). Not indexed: every read goes by user or by team.
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    # The client's team and agency when access was given: whose supervisors review it.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = staff_ref()
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="emergency_access_expires_after_granted",
            ),
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="emergency_access_review_complete",
            ),
        ]
        indexes = [
            # The access policy's subquery: a person's unexpired grants.
            models.Index(fields=["user", "expires_at"], name="emergency_user_expiry_idx"),
            # The supervisors' review queue: unreviewed grants by team.
            open_rows_index(
                ["team", "-granted_at"], until="reviewed_at", name="emergency_unreviewed_team_idx"
            ),
        ]
        verbose_name_plural = "emergency accesses"

    def __str__(self) -> str:
        return f"{self.user} → client #{self.client_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_active_at(self, moment) -> bool:
        return self.granted_at <= moment < self.expires_at


class ReminderState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    SNOOZED = "snoozed", _("Snoozed")
    RESOLVED = "resolved", _("Resolved")


# Open, or snoozed: the states in which the recipient may still need to act.
LIVE_REMINDER_STATES = (ReminderState.OPEN, ReminderState.SNOOZED)
# Every state but resolved: the cause is still there. A supervisor keeps seeing an escalated
# check-in the case manager marked done until a contact is actually logged.
UNRESOLVED_REMINDER_STATES = (ReminderState.OPEN, ReminderState.SNOOZED, ReminderState.DONE)


def live_on(day) -> models.Q:
    return models.Q(state=ReminderState.OPEN) | models.Q(
        state=ReminderState.SNOOZED, snoozed_until__lte=day
    )


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def live(self, day) -> ReminderQuerySet:
        """Shown on `day`: open, or snoozed until a day already reached."""
        return self.filter(live_on(day))


class Reminder(Timestamped):
    """A due item for one person, derived from state by `casework.reminders.sweep`.

    The key (kind, object, due date, recipient) is unique, so reruns, two workers or two beats
    insert nothing twice. Titles carry no clinical detail: the client's first name and record
    number at most, because they reach e-mail digests.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=40, help_text=_("A registered rule's kind."))
    object_type = models.CharField(max_length=80, help_text=_("app_label.model of the cause."))
    object_id = models.BigIntegerField()
    due_on = models.DateField()
    # Whom it is about (none for reminders about a member of staff). A lazy reference, as on
    # EmergencyAccess; not indexed: reminders are read by recipient or by team.
    client = models.ForeignKey(
        "clients.Client",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_index=False,
        related_name="+",
    )
    # The team whose supervisors see the escalation. Not indexed on its own: the partial
    # index below serves every read, and teams are never deleted in the ordinary course.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, db_index=False, related_name="+"
    )
    subject = models.CharField(max_length=120, help_text=_("Whom it is about: first name, record."))
    title = models.CharField(max_length=160)
    url = models.CharField(max_length=300)
    state = models.CharField(
        max_length=20, choices=ReminderState.choices, default=ReminderState.OPEN
    )
    snoozed_until = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalated = models.BooleanField(default=False)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "due_on", "recipient"],
                name="reminder_key_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ReminderState.SNOOZED)
                | models.Q(snoozed_until__isnull=False),
                name="reminder_snoozed_until_set",
            ),
        ]
        indexes = [
            # The badge and the list: a person's live reminders.
            models.Index(
                fields=["recipient", "due_on"],
                condition=models.Q(state__in=LIVE_REMINDER_STATES),
                name="reminder_live_recipient_idx",
            ),
            # The sweep's resolution step: unresolved reminders of one kind.
            models.Index(
                fields=["kind"],
                condition=models.Q(state__in=UNRESOLVED_REMINDER_STATES),
                name="reminder_unresolved_kind_idx",
            ),
            # Supervisors' escalations, by team.
            models.Index(
                fields=["team", "due_on"],
                condition=models.Q(escalated=True, state__in=UNRESOLVED_REMINDER_STATES),
                name="reminder_escalation_team_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type}#{self.object_id} due {self.due_on}"

    def is_live_on(self, day) -> bool:
        """Shown to the recipient on `day`: open, or snoozed until a day already reached."""
        if self.state == ReminderState.OPEN:
            return True
        return self.state == ReminderState.SNOOZED and self.snoozed_until <= day


# Staff profiles, trainings, caseload limits and matching overrides, and a person's place in an
# agency (invitations, agency admins) with the history of their roles, live in their own
# modules but belong to this app (its migrations); imported last, once the models above exist.
from casework.agency_staff import AgencyStaff, StaffRoleChange  # noqa: E402, F401
from casework.staffing.models import (  # noqa: E402, F401
    CaseloadLimit,
    MatchOverride,
    Specialty,
    StaffProfile,
    StaffTraining,
)
