"""The individual service plan: versioned, made with the client, approved by a supervisor.

A version is a draft (edited by the team), then submitted, then active once a supervisor of
the client's team approves it, then superseded when the next version is approved. Revising
copies the active version into a new draft. Active and superseded versions, with their goals,
objectives, interventions and participants, cannot change (migration 0003's triggers); the
only change the database lets through is the one that supersedes an active version.

The crisis plan and the advance statement are part of each version, so they stay current
with the plan they belong to and are approved with it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref, staff_ref
from casework.models import Team, Timestamped
from clients.models import Client, ConsentRelease, RelatedPerson, Visit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")


EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED)


class AgreementStatus(models.TextChoices):
    PENDING = "pending", _("Not yet asked")
    SIGNED = "signed", _("Signed by the client")
    NOT_SIGNED = "not_signed", _("Not signed")


class AgreementMethod(models.TextChoices):
    WET = "wet", _("Signed on paper")
    ELECTRONIC = "electronic", _("Signed electronically")
    VERBAL = "verbal", _("Agreed aloud, witnessed by staff")


# The written parts of the crisis plan and of the advance statement, in the form's order: the
# form, the crisis plan's offline copy and the list of the plan's texts all read these.
CRISIS_FIELDS = (
    "warning_signs",
    "coping_alone",
    "helpful_people_places",
    "whom_to_call",
    "safer_surroundings",
    "reasons_for_living",
)
ADVANCE_FIELDS = ("treatment_preferences", "people_to_contact", "dependants_and_pets")


class CarePlan(Timestamped):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="care_plans")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revises = optional_ref("self")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("what the client wants from the plan"), blank=True)

    # Participation: the client's agreement, in their words where it matters.
    agreement = models.CharField(
        _("client's agreement"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.PENDING,
    )
    agreement_method = models.CharField(
        _("how they signed"), max_length=12, choices=AgreementMethod.choices, blank=True
    )
    agreement_on = models.DateField(_("date signed"), null=True, blank=True)
    not_signed_reason = models.CharField(
        _("why the client did not sign"), max_length=500, blank=True
    )

    # Crisis plan.
    warning_signs = models.TextField(_("warning signs"), blank=True)
    coping_alone = models.TextField(_("what I can do on my own"), blank=True)
    helpful_people_places = models.TextField(_("people and places that help"), blank=True)
    whom_to_call = models.TextField(_("whom to call"), blank=True)
    safer_surroundings = models.TextField(_("making my surroundings safer"), blank=True)
    reasons_for_living = models.TextField(_("my reasons for living"), blank=True)

    # Advance statement.
    treatment_preferences = models.TextField(_("treatment preferences"), blank=True)
    people_to_contact = models.TextField(_("people to contact"), blank=True)
    dependants_and_pets = models.TextField(
        _("arrangements for dependent children and pets"), blank=True
    )

    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = staff_ref()
    # The first review is due this day; each review sets the next one.
    first_review_due = models.DateField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="careplan_number_unique"),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status="active"),
                name="careplan_one_active_per_client",
            ),
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status__in=["draft", "submitted"]),
                name="careplan_one_open_draft_per_client",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"])
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="careplan_approved_when_in_force",
            ),
            models.CheckConstraint(
                condition=~Q(agreement="signed")
                | (~Q(agreement_method="") & Q(agreement_on__isnull=False)),
                name="careplan_signed_has_method_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(agreement="not_signed") | ~Q(not_signed_reason=""),
                name="careplan_not_signed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Care plan v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def has_crisis_plan(self) -> bool:
        return any(getattr(self, name) for name in CRISIS_FIELDS)

    @property
    def has_advance_statement(self) -> bool:
        return bool(
            self.treatment_preferences or self.people_to_contact or self.dependants_and_pets
        )


class Goal(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    client_words = models.TextField(_("the goal, in the client's own words"))
    # Assessment domain keys (careplans.models.DOMAINS) whose needs this goal answers.
    needs = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # Carried over when a version is revised, so a goal keeps its visits and can be compared.
    lineage = models.UUIDField()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["lineage"], name="careplan_goal_lineage_idx")]

    def __str__(self) -> str:
        return self.client_words[:60]


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DISCONTINUED = "discontinued", _("Discontinued")


class Objective(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("measurable objective"), max_length=500)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        max_length=14, choices=ObjectiveStatus.choices, default=ObjectiveStatus.NOT_STARTED
    )
    discontinued_reason = models.CharField(_("why discontinued"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="discontinued") | ~Q(discontinued_reason=""),
                name="careplan_objective_discontinued_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Responsible(models.TextChoices):
    STAFF = "staff", _("Staff")
    CLIENT = "client", _("The client")
    FAMILY = "family", _("Family member")
    PROVIDER = "provider", _("Outside provider")


class Intervention(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveSmallIntegerField(default=0)
    what = models.CharField(_("what will be done"), max_length=500)
    responsible = models.CharField(
        _("who is responsible"), max_length=10, choices=Responsible.choices
    )
    responsible_name = models.CharField(_("name (optional)"), max_length=150, blank=True)
    frequency = models.CharField(_("how often"), max_length=150)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.what


class ParticipantKind(models.TextChoices):
    CLIENT = "client", _("The client")
    STAFF = "staff", _("Staff")
    RELATED = "related", _("Family or nominated person")
    PROVIDER = "provider", _("Outside provider")


class Participant(models.Model):
    """Who took part in making this version. A person from the client's life only under a
    release that covers care-plan information (recorded in `consent`)."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role or relationship"), max_length=150, blank=True)
    related_person = optional_ref(RelatedPerson)
    consent = optional_ref(ConsentRelease)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="related")
                | Q(related_person__isnull=False, consent__isnull=False),
                name="careplan_related_participant_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue the plan")
    REVISE = "revise", _("Revise the plan")
    CLOSE = "close", _("Close the plan")


class ReviewReason(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled review")
    HOSPITAL = "hospital", _("After leaving hospital")
    OTHER = "other", _("Other")


class PlanReview(models.Model):
    """A review of the active plan: progress per goal, the decision, the next due date.
    Append-only."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("date of review"))
    reason = models.CharField(
        max_length=12, choices=ReviewReason.choices, default=ReviewReason.SCHEDULED
    )
    # {goal id (str): progress text}
    progress = models.JSONField(default=dict, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    next_due = models.DateField(_("next review due"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="close") | Q(next_due__isnull=False),
                name="careplan_review_sets_next_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on}"


class VisitGoal(models.Model):
    """A contact that addressed a goal (by lineage, so it follows the goal across versions)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="+")
    goal_lineage = models.UUIDField()
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "goal_lineage"], name="careplan_visit_goal_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["client", "goal_lineage"], name="careplan_visitgoal_idx"),
        ]

    def __str__(self) -> str:
        return f"Visit {self.visit_id} addressed goal {self.goal_lineage}"
