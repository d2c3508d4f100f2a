"""Reminder rules of assessments; registered in careplans/apps.py.

- `careplans.safety_flag`: an open safety flag, to the client's primary case manager and every
  supervisor of the client's team, at once (the raising service sweeps this rule in its own
  transaction); it resolves when someone acknowledges the flag.
- `careplans.reassessment`: the initial assessment (the program's intake window after the
  current episode opened) or the next reassessment (the program's `reassessment_days` after
  the last signed one), due within REMINDER_REASSESSMENT_NOTICE_DAYS (default 14), to the
  case manager.
- `careplans.plan_review`: the active care plan's next review (the last review's next date,
  or the first due date set at approval; earlier when the client has left hospital since the
  last review), due within REMINDER_PLAN_REVIEW_NOTICE_DAYS (default 14), to the case
  manager; a plan closed at its last review reminds nobody.

Each rule is ONE query, however many clients.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import (
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careplans.models import (
    Assessment,
    CarePlan,
    PlanReview,
    PlanStatus,
    ProgramAssessmentSettings,
    ReviewDecision,
    SafetyFlag,
)
from careplans.selectors.programs import DEFAULT_INTAKE_WINDOW_DAYS
from casework import reminders
from casework.models import Role
from casework.queries import per_outer_row
from clients.models import Assignment, AssignmentRole, Client, Episode, EventKind, KeyEvent, Status
from clients.reminders import client_candidate, client_candidates, to_case_managers

SAFETY_FLAG = "careplans.safety_flag"


RULES = reminders.RuleSet()


def _notice_days() -> int:
    return settings.REMINDER_REASSESSMENT_NOTICE_DAYS


REASSESSMENT = "careplans.reassessment"

_FLAG_COLUMNS = (
    "r_recipient",
    "id",
    "raised_at",
    "client_id",
    "client__team_id",
    "client__given_name",
    "client__preferred_name",
    "client__record_number",
)


# Labels and titles reach e-mail digests: nothing here says what the flag is about.
@RULES.rule(SAFETY_FLAG, _("Urgent: open the record"), "careplans.safetyflag", order=5)
def safety_flag_candidates(now: datetime) -> list[reminders.Candidate]:
    """Open flags × (current primary case manager ∪ the team's supervisors)."""
    open_flags = SafetyFlag.objects.filter(acknowledged_at__isnull=True)
    primary = Assignment.objects.filter(
        client_id=OuterRef("client_id"), role=AssignmentRole.PRIMARY, ended_on__isnull=True
    ).values("staff_id")[:1]
    to_primary = (
        open_flags.annotate(r_recipient=Subquery(primary))
        .filter(r_recipient__isnull=False)
        .values_list(*_FLAG_COLUMNS)
        .order_by()
    )
    to_supervisors = (
        open_flags.filter(
            client__team__memberships__role=Role.SUPERVISOR,
        )
        .annotate(r_recipient=F("client__team__memberships__user_id"))
        .values_list(*_FLAG_COLUMNS)
        .order_by()
    )
    rows = to_primary.union(to_supervisors)  # UNION (not ALL): a supervisor who is also primary
    title = str(_("Act today, then record what was done"))
    return [client_candidate(row, title=title, due_on=timezone.localdate(row[2])) for row in rows]


def _days(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) * Value(timedelta(days=1)), output_field=DateField())


@RULES.rule(REASSESSMENT, _("Assessment due"), "clients.client", escalates=True, order=40)
def reassessment_candidates(now: datetime) -> list[reminders.Candidate]:
    """Active and on-hold clients whose initial assessment or reassessment is due within the
    notice period (or overdue)."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=_notice_days())
    signed = Assessment.objects.filter(client_id=OuterRef("pk"), signed_at__isnull=False)
    opened = Episode.objects.filter(client_id=OuterRef("pk"), closed_on__isnull=True).values(
        "opened_on"
    )[:1]
    window = ProgramAssessmentSettings.objects.filter(program_id=OuterRef("r_program")).values(
        "intake_window_days"
    )[:1]
    clients = (
        Client.objects.filter(status__in=[Status.ACTIVE, Status.ON_HOLD])
        .annotate(
            r_program=Coalesce("program_id", "team__program_id"),
            r_last=per_outer_row(
                signed, "client_id", output_field=DateField(), last=Max("assessed_on")
            ),
            r_opened=Coalesce(Subquery(opened, output_field=DateField()), TruncDate("created_at")),
            r_window=Coalesce(
                Subquery(window, output_field=IntegerField()), Value(DEFAULT_INTAKE_WINDOW_DAYS)
            ),
            r_every=Coalesce("program__reassessment_days", "team__program__reassessment_days"),
        )
        .annotate(
            r_due=Cast(
                Coalesce(F("r_last") + _days("r_every"), F("r_opened") + _days("r_window")),
                DateField(),
            )
        )
        .filter(r_due__lte=horizon)
    )
    rows = to_case_managers(clients, r_object=F("id"), r_due=F("r_due"))
    return client_candidates(rows, title=str(_("Assessment due")))


PLAN_REVIEW = "careplans.plan_review"


def _plan_notice_days() -> int:
    return settings.REMINDER_PLAN_REVIEW_NOTICE_DAYS


def plan_review_horizon(today: date) -> date:
    """The last due date counted as "due for review" on `today`: the notice period ahead."""
    return today + timedelta(days=_plan_notice_days())


def with_plan_review_due(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Clients with a care plan in force, annotated with `r_plan` (the plan) and `r_due` (its
    next review: the last review's next date, or the first due date set at approval; earlier
    when the client has left hospital since). A plan closed at its last review is left out.
    The reminder rule and the supervisors' dashboard both count from this."""
    active = CarePlan.objects.filter(client_id=OuterRef("pk"), status=PlanStatus.ACTIVE)
    last_review = PlanReview.objects.filter(
        plan__client_id=OuterRef("pk"), plan__status=PlanStatus.ACTIVE
    ).order_by("-reviewed_on", "-id")
    discharged = (
        KeyEvent.objects.filter(
            client_id=OuterRef("pk"),
            kind__in=[EventKind.HOSPITAL, EventKind.MEDICAL_HOSPITAL],
            voided_at__isnull=True,
            ended_on__gt=OuterRef("r_since"),
        )
        .order_by("ended_on")
        .values("ended_on")[:1]
    )
    return (
        clients.annotate(
            r_plan=Subquery(active.values("pk")[:1]),
            r_first_due=Subquery(active.values("first_review_due")[:1]),
            r_approved=Subquery(active.annotate(d=TruncDate("approved_at")).values("d")[:1]),
            r_last_on=Subquery(last_review.values("reviewed_on")[:1]),
            r_last_next=Subquery(last_review.values("next_due")[:1]),
            # "" when never reviewed: a NULL here would make the exclude below drop the row.
            r_last_decision=Coalesce(Subquery(last_review.values("decision")[:1]), Value("")),
        )
        .filter(r_plan__isnull=False)
        .exclude(r_last_decision=ReviewDecision.CLOSE)
        .annotate(r_since=Coalesce("r_last_on", "r_approved"))
        .annotate(
            r_due=Least(
                Coalesce("r_last_next", "r_first_due"),
                Subquery(discharged, output_field=DateField()),
            )
        )
    )


@RULES.rule(PLAN_REVIEW, _("Care-plan review due"), "careplans.careplan", escalates=True, order=45)
def plan_review_candidates(now: datetime) -> list[reminders.Candidate]:
    """Open clients whose care plan in force is due for review within the notice period."""
    horizon = plan_review_horizon(timezone.localdate(now))
    clients = with_plan_review_due(
        Client.objects.filter(status__in=[Status.ACTIVE, Status.ON_HOLD])
    ).filter(r_due__lte=horizon)
    rows = to_case_managers(clients, r_object=F("r_plan"), r_due=F("r_due"))
    return client_candidates(rows, title=str(_("Care-plan review due")))


register = RULES.register
