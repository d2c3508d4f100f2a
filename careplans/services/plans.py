"""The care plan: start or revise, edit the draft (plan, goals, participants), submit,
approve (a supervisor of the client's team), review.

Every change to a version goes through `_locked_plan`, which locks the plan row and compares
the version the editor's form was opened at: a save from a stale form is refused (the view
gives the editor their text back), never silently applied over someone else's work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careplans.models import (
    DOMAIN_KEYS,
    AgreementStatus,
    CarePlan,
    Goal,
    Intervention,
    Objective,
    ObjectiveStatus,
    Participant,
    ParticipantKind,
    PlanReview,
    PlanStatus,
    ProgramAssessmentSettings,
    ReviewDecision,
    VisitGoal,
)
from careplans.models.plan import ADVANCE_FIELDS, CRISIS_FIELDS
from careplans.predicates import may_approve_plan
from careplans.services.errors import PlanError, StalePlanError
from casework.audit import audit_client
from casework.errors import refuse_stale
from casework.models import User, save_new_version
from clients.models import Client, ConsentCategory, RelatedPerson, Visit
from clients.predicates import may_change_client
from clients.selectors.consent_gate import Recipient, consent_check
from clients.services.locking import client_lock_for_change

DEFAULT_REVIEW_DAYS = 90
MAX_TEXT = 5000
# Information a person takes part in when they help make the plan.
PLAN_CATEGORIES = (ConsentCategory.GENERAL, ConsentCategory.MENTAL_HEALTH)

SAVED_ELSEWHERE = gettext_lazy(
    "Someone else saved this plan at %(time)s, after you opened it, so your change "
    "was not saved. Your text is still below: copy it, then reload to see theirs."
)
PLAN_TEXT_FIELDS = ("summary", *CRISIS_FIELDS, *ADVANCE_FIELDS)


@dataclass(frozen=True)
class PlanInput:
    texts: dict[str, str] = field(default_factory=dict)
    agreement: str = AgreementStatus.PENDING
    agreement_method: str = ""
    agreement_on: date | None = None
    not_signed_reason: str = ""


@dataclass(frozen=True)
class ObjectiveInput:
    text: str
    target_date: date
    status: str = ObjectiveStatus.NOT_STARTED
    discontinued_reason: str = ""


@dataclass(frozen=True)
class InterventionInput:
    what: str
    responsible: str
    frequency: str
    responsible_name: str = ""


@dataclass(frozen=True)
class GoalInput:
    client_words: str
    needs: tuple[str, ...] = ()
    objectives: tuple[ObjectiveInput, ...] = ()
    interventions: tuple[InterventionInput, ...] = ()


def review_days_for(client: Client) -> int:
    program_id = client.program_id or client.team.program_id
    days = (
        ProgramAssessmentSettings.objects.filter(program_id=program_id)
        .values_list("plan_review_days", flat=True)
        .first()
    )
    return days or DEFAULT_REVIEW_DAYS


def _audit(action: str, *, actor: User, plan: CarePlan, **detail) -> None:
    audit_client(f"careplans.plan.{action}", plan, plan.client, actor=actor, detail=detail or None)


def _may_edit(user: User, client: Client) -> None:
    if not may_change_client(user, client):
        raise PermissionDenied


def _locked_plan(*, plan_id: int, editor: User, version: int | None) -> CarePlan:
    plan = (
        CarePlan.objects.select_for_update(of=("self",))
        .select_related("client", "client__team")
        .get(pk=plan_id)
    )
    _may_edit(editor, plan.client)
    if not plan.is_editable:
        raise PlanError(_("This version is approved and cannot change; revise the plan instead."))
    refuse_stale(plan, version, StalePlanError, SAVED_ELSEWHERE)
    return plan


def _bump(plan: CarePlan) -> None:
    plan.version += 1
    if plan.status == PlanStatus.SUBMITTED:
        # A change after submitting sends it back to draft: the supervisor approves what they saw.
        plan.status = PlanStatus.DRAFT
        plan.submitted_at = None
    plan.save(update_fields=["version", "status", "submitted_at", "updated_at"])


def _copy_into(source: CarePlan, target: CarePlan) -> None:
    for name in PLAN_TEXT_FIELDS:
        setattr(target, name, getattr(source, name))


def plan_start(*, client: Client, author: User) -> CarePlan:
    """The client's open draft, or a new one: a copy of the active version when there is one
    (revising), else empty."""
    with transaction.atomic():
        client = client_lock_for_change(client.pk, author)
        if not client.is_open:
            raise PlanError(_("This client is discharged; re-open the record first."))
        draft = CarePlan.objects.filter(
            client=client, status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
        ).first()
        if draft is not None:
            return draft
        active = CarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE).first()
        number = (CarePlan.objects.filter(client=client).aggregate(n=Max("number"))["n"] or 0) + 1
        plan = CarePlan(
            client=client, team_id=client.team_id, number=number, created_by=author, revises=active
        )
        if active is not None:
            _copy_into(active, plan)
        plan.save()
        if active is not None:
            _copy_goals(active, plan)
        _audit("created", actor=author, plan=plan, revises=active.pk if active else None)
    return plan


# What a revision copies of each goal, objective and intervention of the version it revises.
_GOAL_COPIED = ("position", "client_words", "needs", "lineage")
_OBJECTIVE_COPIED = ("position", "text", "target_date", "status", "discontinued_reason")
_INTERVENTION_COPIED = ("position", "what", "responsible", "responsible_name", "frequency")


def _copied(row: models.Model, names: tuple[str, ...], **parent) -> models.Model:
    """A new, unsaved row of `row`'s model with the fields `names` copied, under `parent`."""
    return type(row)(**parent, **{name: getattr(row, name) for name in names})


def _copy_goals(source: CarePlan, target: CarePlan) -> None:
    goals = list(source.goals.prefetch_related("objectives", "interventions"))
    new_goals = Goal.objects.bulk_create(_copied(g, _GOAL_COPIED, plan=target) for g in goals)
    pairs = list(zip(goals, new_goals, strict=True))
    Objective.objects.bulk_create(
        _copied(o, _OBJECTIVE_COPIED, goal=new) for old, new in pairs for o in old.objectives.all()
    )
    Intervention.objects.bulk_create(
        _copied(i, _INTERVENTION_COPIED, goal=new)
        for old, new in pairs
        for i in old.interventions.all()
    )


def _check_agreement(data: PlanInput) -> None:
    if data.agreement == AgreementStatus.SIGNED:
        if not data.agreement_method:
            raise PlanError(_("Say how the client signed."), field="agreement_method")
        if data.agreement_on is None:
            raise PlanError(_("Give the date the client signed."), field="agreement_on")
        if data.agreement_on > timezone.localdate():
            raise PlanError(_("The signature cannot be dated ahead."), field="agreement_on")
    if data.agreement == AgreementStatus.NOT_SIGNED and not data.not_signed_reason.strip():
        raise PlanError(_("Write why the client did not sign."), field="not_signed_reason")


def plan_save(*, plan: CarePlan, editor: User, data: PlanInput, version: int) -> CarePlan:
    """Save the plan's own fields: summary, participation, crisis plan, advance statement."""
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=editor, version=version)
        _check_agreement(data)
        for name in PLAN_TEXT_FIELDS:
            setattr(plan, name, (data.texts.get(name) or "").strip()[:MAX_TEXT])
        plan.agreement = data.agreement
        signed = data.agreement == AgreementStatus.SIGNED
        plan.agreement_method = data.agreement_method if signed else ""
        plan.agreement_on = data.agreement_on if signed else None
        plan.not_signed_reason = (
            data.not_signed_reason.strip()[:500]
            if data.agreement == AgreementStatus.NOT_SIGNED
            else ""
        )
        plan.save()
        _bump(plan)
        _audit("saved", actor=editor, plan=plan)
    return plan


def _check_goal(data: GoalInput) -> None:
    if not data.client_words.strip():
        raise PlanError(_("Write the goal as the client says it."), field="client_words")
    if unknown := set(data.needs) - set(DOMAIN_KEYS):
        raise PlanError(_("Unknown need: %(n)s.") % {"n": ", ".join(sorted(unknown))})
    for objective in data.objectives:
        if objective.status not in ObjectiveStatus.values:
            raise PlanError(_("Choose the objective's status."))
        if (
            objective.status == ObjectiveStatus.DISCONTINUED
            and not objective.discontinued_reason.strip()
        ):
            raise PlanError(
                _("Give the reason the objective “%(o)s” was discontinued.")
                % {"o": objective.text[:60]}
            )


def goal_save(
    *, plan: CarePlan, editor: User, data: GoalInput, version: int, goal: Goal | None = None
) -> Goal:
    """Add a goal, or replace one goal's text, needs, objectives and interventions."""
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=editor, version=version)
        _check_goal(data)
        if goal is None:
            position = (plan.goals.aggregate(p=Max("position"))["p"] or 0) + 1
            goal = Goal(plan=plan, position=position, lineage=uuid.uuid4())
        elif goal.plan_id != plan.pk:
            raise PermissionDenied
        goal.client_words = data.client_words.strip()[:MAX_TEXT]
        goal.needs = sorted(set(data.needs))
        goal.save()
        goal.objectives.all().delete()
        goal.interventions.all().delete()
        Objective.objects.bulk_create(
            Objective(
                goal=goal,
                position=n,
                text=o.text.strip()[:500],
                target_date=o.target_date,
                status=o.status,
                discontinued_reason=(
                    o.discontinued_reason.strip()[:300]
                    if o.status == ObjectiveStatus.DISCONTINUED
                    else ""
                ),
            )
            for n, o in enumerate(data.objectives, start=1)
        )
        Intervention.objects.bulk_create(
            Intervention(
                goal=goal,
                position=n,
                what=i.what.strip()[:500],
                responsible=i.responsible,
                responsible_name=i.responsible_name.strip()[:150],
                frequency=i.frequency.strip()[:150],
            )
            for n, i in enumerate(data.interventions, start=1)
        )
        _bump(plan)
        _audit("goal_saved", actor=editor, plan=plan, goal_id=goal.pk)
    return goal


def _part_delete(
    part: Goal | Participant, *, plan: CarePlan, editor: User, version: int
) -> tuple[CarePlan, int]:
    """Delete a goal or a participant like any other edit of the plan, inside the caller's
    transaction: the plan locked and editable, the part its own, the version bumped. Returns
    the locked plan and the part's former id, for the caller's audit."""
    plan = _locked_plan(plan_id=plan.pk, editor=editor, version=version)
    if part.plan_id != plan.pk:
        raise PermissionDenied
    part_id = part.pk
    part.delete()
    _bump(plan)
    return plan, part_id


def goal_remove(*, plan: CarePlan, goal: Goal, editor: User, version: int) -> None:
    with transaction.atomic():
        plan, goal_id = _part_delete(goal, plan=plan, editor=editor, version=version)
        _audit("goal_removed", actor=editor, plan=plan, goal_id=goal_id)


def participant_add(
    *,
    plan: CarePlan,
    editor: User,
    kind: str,
    version: int,
    name: str = "",
    role: str = "",
    related_person: RelatedPerson | None = None,
) -> Participant:
    """Record who took part. A person from the client's life takes part only when an active
    release covers care-plan information for them; the refusal says why."""
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=editor, version=version)
        consent = None
        if kind == ParticipantKind.RELATED:
            if related_person is None or related_person.client_id != plan.client_id:
                raise PlanError(_("Choose the person from the client's record."), field="person")
            decision = consent_check(
                client=plan.client,
                recipient=Recipient.person_on_record(related_person),
                categories=PLAN_CATEGORIES,
            )
            if not decision.allowed:
                raise PlanError(
                    _(
                        "%(name)s cannot take part in the plan: %(reason)s Record a release "
                        "first that covers the care plan."
                    )
                    % {"name": related_person.full_name, "reason": decision.reason},
                    field="person",
                )
            consent = decision.consent
            name = related_person.full_name
            role = role or related_person.get_kind_display()
        elif kind not in ParticipantKind.values:
            raise PlanError(_("Choose who took part."), field="kind")
        elif kind == ParticipantKind.CLIENT:
            name = name or plan.client.display_name
        if not name.strip():
            raise PlanError(_("Give the person's name."), field="name")
        participant = Participant.objects.create(
            plan=plan,
            kind=kind,
            name=name.strip()[:150],
            role=role.strip()[:150],
            related_person=related_person if kind == ParticipantKind.RELATED else None,
            consent=consent,
        )
        _bump(plan)
        _audit("participant_added", actor=editor, plan=plan, participant_id=participant.pk)
    return participant


def participant_remove(
    *, plan: CarePlan, participant: Participant, editor: User, version: int
) -> None:
    with transaction.atomic():
        plan, participant_id = _part_delete(participant, plan=plan, editor=editor, version=version)
        _audit("participant_removed", actor=editor, plan=plan, participant_id=participant_id)


def submit_problems(plan: CarePlan) -> list[str]:
    """What stops a draft from going to the supervisor (two or three queries)."""
    problems = []
    goals = list(plan.goals.prefetch_related("objectives", "interventions"))
    if not goals:
        problems.append(_("Add at least one goal in the client's words."))
    for goal in goals:
        if not goal.objectives.all():
            problems.append(_("Goal “%(g)s” needs a measurable objective.") % {"g": str(goal)})
        if not goal.interventions.all():
            problems.append(_("Goal “%(g)s” needs an intervention.") % {"g": str(goal)})
    if plan.agreement == AgreementStatus.PENDING:
        problems.append(
            _("Record the client's agreement: the signature, or why they did not sign.")
        )
    return problems


def plan_submit(*, plan: CarePlan, submitted_by: User, version: int) -> CarePlan:
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=submitted_by, version=version)
        if plan.status != PlanStatus.DRAFT:
            raise PlanError(_("This version is already waiting for approval."))
        if problems := submit_problems(plan):
            raise PlanError(" ".join(problems))
        plan.status = PlanStatus.SUBMITTED
        plan.submitted_at = timezone.now()
        save_new_version(plan, "status", "submitted_at")
        _audit("submitted", actor=submitted_by, plan=plan)
    return plan


def plan_approve(*, plan: CarePlan, approved_by: User, version: int) -> CarePlan:
    """A supervisor of the client's team approves: this version comes into force, the one in
    force before it is superseded, and the first review falls due."""
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=approved_by, version=version)
        if not may_approve_plan(approved_by, plan):
            raise PermissionDenied
        if plan.status != PlanStatus.SUBMITTED:
            raise PlanError(_("Only a submitted version can be approved."))
        now = timezone.now()
        previous = (
            CarePlan.objects.select_for_update()
            .filter(client_id=plan.client_id, status=PlanStatus.ACTIVE)
            .first()
        )
        if previous is not None:
            previous.status = PlanStatus.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["status", "superseded_at", "updated_at"])
        plan.status = PlanStatus.ACTIVE
        plan.approved_at = now
        plan.approved_by = approved_by
        plan.first_review_due = timezone.localdate(now) + timedelta(
            days=review_days_for(plan.client)
        )
        plan.version += 1
        plan.save()
        _audit(
            "approved",
            actor=approved_by,
            plan=plan,
            superseded=previous.pk if previous else None,
        )
    return plan


def plan_return(*, plan: CarePlan, returned_by: User, version: int) -> CarePlan:
    """A supervisor sends a submitted version back to draft (their reasons go to the team in
    person or in a note; nothing clinical is stored here)."""
    with transaction.atomic():
        plan = _locked_plan(plan_id=plan.pk, editor=returned_by, version=version)
        if not may_approve_plan(returned_by, plan):
            raise PermissionDenied
        if plan.status != PlanStatus.SUBMITTED:
            raise PlanError(_("Only a submitted version can be sent back."))
        plan.status = PlanStatus.DRAFT
        plan.submitted_at = None
        save_new_version(plan, "status", "submitted_at")
        _audit("returned", actor=returned_by, plan=plan)
    return plan


def review_record(
    *,
    plan: CarePlan,
    author: User,
    reviewed_on: date,
    decision: str,
    progress: dict[int, str],
    reason: str,
    next_due: date | None = None,
) -> PlanReview:
    """Record a review of the active version: progress per goal, the decision and the next
    due date (the program's interval by default; none when the plan is closed).

    A "revise" decision opens the revision draft in the same transaction, so the reviewer
    lands in it rather than having to remember a second step; it is `review.revision`."""
    with transaction.atomic():
        plan = (
            CarePlan.objects.select_for_update(of=("self",))
            .select_related("client", "client__team")
            .get(pk=plan.pk)
        )
        _may_edit(author, plan.client)
        if plan.status != PlanStatus.ACTIVE:
            raise PlanError(_("Only the plan in force is reviewed."))
        today = timezone.localdate()
        if reviewed_on > today:
            raise PlanError(_("The review cannot be dated ahead."), field="reviewed_on")
        if plan.approved_at and reviewed_on < timezone.localdate(plan.approved_at):
            raise PlanError(
                _("The review cannot be dated before the plan was approved."),
                field="reviewed_on",
            )
        if decision not in ReviewDecision.values:
            raise PlanError(_("Choose a decision."), field="decision")
        if decision == ReviewDecision.CLOSE:
            next_due = None
        else:
            next_due = next_due or reviewed_on + timedelta(days=review_days_for(plan.client))
            if next_due <= reviewed_on:
                raise PlanError(_("The next review falls after this one."), field="next_due")
        goal_ids = set(plan.goals.values_list("pk", flat=True))
        review = PlanReview.objects.create(
            plan=plan,
            reviewed_on=reviewed_on,
            reason=reason,
            decision=decision,
            next_due=next_due,
            author=author,
            progress={
                str(goal_id): text.strip()[:MAX_TEXT]
                for goal_id, text in progress.items()
                if goal_id in goal_ids and text.strip()
            },
        )
        _audit("reviewed", actor=author, plan=plan, review_id=review.pk, decision=decision)
        review.revision = (
            plan_start(client=plan.client, author=author)
            if decision == ReviewDecision.REVISE
            else None
        )
    return review


def visit_goals_record(*, visit: Visit, editor: User, values: set[str]) -> None:
    """The visit form's goals, saved by the visit services in their transaction."""
    visit_goals_set(visit=visit, editor=editor, lineages=values)


def visit_goals_set(*, visit: Visit, editor: User, lineages: set[str]) -> list[VisitGoal]:
    """Mark which goals of the client's plan in force a contact addressed (replacing the
    previous marks)."""
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",)).select_related("client").get(pk=visit.pk)
        )
        _may_edit(editor, visit.client)
        known = {
            str(lineage)
            for lineage in Goal.objects.filter(
                plan__client_id=visit.client_id,
                plan__status__in=[PlanStatus.ACTIVE, PlanStatus.SUPERSEDED],
            ).values_list("lineage", flat=True)
        }
        wanted = {lineage for lineage in lineages if lineage in known}
        current = {
            str(lineage)
            for lineage in VisitGoal.objects.filter(visit=visit).values_list(
                "goal_lineage", flat=True
            )
        }
        if current == wanted:
            # The visit form posts the goals with every autosave: no change, no audit event.
            return []
        VisitGoal.objects.filter(visit=visit).exclude(goal_lineage__in=wanted).delete()
        rows = VisitGoal.objects.bulk_create(
            [VisitGoal(visit=visit, client_id=visit.client_id, goal_lineage=lg) for lg in wanted],
            ignore_conflicts=True,
        )
        audit_client(
            "careplans.visit_goals.set",
            visit,
            visit.client,
            actor=editor,
            detail={"goals": len(wanted)},
        )
    return rows
