"""The care plan's rules: versions, approval, supersede, concurrency, gaps, consent-gated
participation, reviews, and the database refusing changes to approved versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, InternalError, transaction
from django.utils import timezone

from careplans.models import (
    CarePlan,
    Goal,
    Objective,
    ParticipantKind,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)
from careplans.selectors import plans as selectors
from careplans.services import plans as services
from careplans.services.errors import PlanError, StalePlanError
from tests.factories import (
    AssessmentFactory,
    ConsentReleaseFactory,
    KeyEventFactory,
    RelatedPersonFactory,
    active_plan,
    draft_plan,
    first_goal,
    goal_input,
    signed_plan_input,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def test_it_starts_an_empty_first_version(client_a, case_manager):
    plan = services.plan_start(client=client_a, author=case_manager)
    assert (plan.number, plan.status, plan.revises_id) == (1, PlanStatus.DRAFT, None)
    # Starting again opens the same draft: one open draft per client.
    assert services.plan_start(client=client_a, author=case_manager).pk == plan.pk


def test_only_a_supervisor_of_the_clients_team_approves(client_a, case_manager, supervisor):
    plan = submitted_plan(client=client_a, author=case_manager)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, approved_by=case_manager, version=plan.version)
    plan = services.plan_approve(plan=plan, approved_by=supervisor, version=plan.version)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.approved_by == supervisor
    assert plan.first_review_due == timezone.localdate() + timedelta(days=90)


def test_a_supervisor_of_another_team_cannot_approve(client_a, case_manager, outsider):
    plan = submitted_plan(client=client_a, author=case_manager)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, approved_by=outsider, version=plan.version)


def test_a_draft_is_submitted_only_when_complete(client_a, case_manager):
    plan = services.plan_start(client=client_a, author=case_manager)
    with pytest.raises(PlanError, match="at least one goal"):
        services.plan_submit(plan=plan, submitted_by=case_manager, version=plan.version)


def test_a_draft_is_not_approved_before_it_is_submitted(client_a, case_manager, supervisor):
    plan = draft_plan(client=client_a, author=case_manager)
    with pytest.raises(PlanError):
        services.plan_approve(plan=plan, approved_by=supervisor, version=plan.version)


def test_revising_copies_the_active_version_and_approval_supersedes_it(
    client_a, case_manager, supervisor
):
    v1 = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    v2 = services.plan_start(client=client_a, author=case_manager)
    assert (v2.number, v2.revises_id, v2.summary) == (2, v1.pk, v1.summary)
    copied = first_goal(v2)
    assert copied.client_words == first_goal(v1).client_words
    assert copied.lineage == first_goal(v1).lineage  # the same goal, carried on
    assert copied.objectives.count() == 1 and copied.interventions.count() == 1

    services.goal_save(
        plan=v2,
        editor=case_manager,
        goal=copied,
        data=goal_input("I want my own flat near my sister"),
        version=v2.version,
    )
    v2.refresh_from_db()
    # A new version needs the client's agreement again: it is not copied.
    assert v2.agreement == "pending"
    services.plan_save(plan=v2, editor=case_manager, data=signed_plan_input(), version=v2.version)
    v2.refresh_from_db()
    v2 = services.plan_submit(plan=v2, submitted_by=case_manager, version=v2.version)
    services.plan_approve(plan=v2, approved_by=supervisor, version=v2.version)

    v1.refresh_from_db()
    assert v1.status == PlanStatus.SUPERSEDED and v1.superseded_at is not None
    assert CarePlan.objects.get(client=client_a, status=PlanStatus.ACTIVE).pk == v2.pk
    # The old version stays readable, unchanged, and the difference shows.
    assert first_goal(v1).client_words == "I want my own place"
    lines = selectors.plan_diff(older=v1, newer=v2)
    assert ("removed", "Goal 1: I want my own place") in [(ln.kind, ln.text) for ln in lines]
    assert ("added", "Goal 1: I want my own flat near my sister") in [
        (ln.kind, ln.text) for ln in lines
    ]


def test_a_stale_save_is_refused_and_the_first_save_stays(client_a, case_manager, supervisor):
    plan = draft_plan(client=client_a, author=case_manager)
    opened_at = plan.version  # both people open the plan at this version
    services.goal_save(
        plan=plan, editor=case_manager, data=goal_input("First person's goal"), version=opened_at
    )
    with pytest.raises(StalePlanError, match="Someone else saved this plan"):
        services.goal_save(
            plan=plan, editor=supervisor, data=goal_input("Second person's goal"), version=opened_at
        )
    words = list(Goal.objects.filter(plan=plan).values_list("client_words", flat=True))
    assert "First person's goal" in words and "Second person's goal" not in words


def test_a_change_after_submitting_sends_the_plan_back_to_draft(client_a, case_manager):
    plan = submitted_plan(client=client_a, author=case_manager)
    services.goal_save(
        plan=plan, editor=case_manager, data=goal_input("More"), version=plan.version
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_needs_rated_moderate_or_high_without_a_goal_are_gaps(client_a, case_manager):
    AssessmentFactory(
        client=client_a,
        author=case_manager,
        signed_at=timezone.now(),
        domains={
            "income_housing": {"need": "high"},
            "physical_health": {"need": "moderate"},
            "relationships": {"need": "low"},
        },
    )
    plan = draft_plan(client=client_a, author=case_manager)  # its goal answers income_housing
    gaps = selectors.gaps_for(plan=plan, goals=selectors.goals_for(plan=plan))
    assert [(g.key, g.need) for g in gaps] == [("physical_health", "moderate")]


def test_a_goal_links_only_to_known_needs(client_a, case_manager):
    plan = services.plan_start(client=client_a, author=case_manager)
    with pytest.raises(PlanError, match="Unknown need"):
        services.goal_save(
            plan=plan, editor=case_manager, data=goal_input(needs=("astrology",)), version=1
        )


def test_a_discontinued_objective_needs_a_reason(client_a, case_manager):
    plan = services.plan_start(client=client_a, author=case_manager)
    data = goal_input()
    data = services.GoalInput(
        client_words=data.client_words,
        objectives=(
            services.ObjectiveInput(
                text="Apply", target_date=timezone.localdate(), status="discontinued"
            ),
        ),
    )
    with pytest.raises(PlanError, match="discontinued"):
        services.goal_save(plan=plan, editor=case_manager, data=data, version=plan.version)


def test_a_family_member_takes_part_only_under_a_covering_release(client_a, case_manager):
    plan = draft_plan(client=client_a, author=case_manager)
    sister = RelatedPersonFactory(client=client_a, full_name="Ana Ruiz")
    with pytest.raises(PlanError, match="cannot take part"):
        services.participant_add(
            plan=plan,
            editor=case_manager,
            kind=ParticipantKind.RELATED,
            related_person=sister,
            version=plan.version,
        )
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    participant = services.participant_add(
        plan=plan,
        editor=case_manager,
        kind=ParticipantKind.RELATED,
        related_person=sister,
        version=plan.version,
    )
    assert (participant.name, participant.consent_id) == ("Ana Ruiz", consent.pk)


def test_a_person_from_another_clients_record_is_refused(client_a, client_b, case_manager):
    plan = draft_plan(client=client_a, author=case_manager)
    stranger = RelatedPersonFactory(client=client_b)
    with pytest.raises(PlanError):
        services.participant_add(
            plan=plan,
            editor=case_manager,
            kind=ParticipantKind.RELATED,
            related_person=stranger,
            version=plan.version,
        )


def test_the_client_and_staff_are_recorded_as_participants(client_a, case_manager):
    plan = draft_plan(client=client_a, author=case_manager)
    services.participant_add(
        plan=plan, editor=case_manager, kind=ParticipantKind.CLIENT, version=plan.version
    )
    plan.refresh_from_db()
    services.participant_add(
        plan=plan,
        editor=case_manager,
        kind=ParticipantKind.STAFF,
        name="Sam Lee",
        role="Case manager",
        version=plan.version,
    )
    assert [p.name for p in plan.participants.all()] == [client_a.display_name, "Sam Lee"]


def test_signed_agreement_needs_method_and_date(client_a, case_manager):
    plan = services.plan_start(client=client_a, author=case_manager)
    with pytest.raises(PlanError, match="how the client signed"):
        services.plan_save(
            plan=plan,
            editor=case_manager,
            data=services.PlanInput(agreement="signed"),
            version=plan.version,
        )
    with pytest.raises(PlanError, match="why the client did not sign"):
        services.plan_save(
            plan=plan,
            editor=case_manager,
            data=services.PlanInput(agreement="not_signed"),
            version=plan.version,
        )


def test_the_database_refuses_changes_to_an_approved_version(client_a, case_manager, supervisor):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    goal = first_goal(plan)
    for change in (
        lambda: CarePlan.objects.filter(pk=plan.pk).update(summary="rewritten"),
        lambda: CarePlan.objects.filter(pk=plan.pk).delete(),
        lambda: Goal.objects.filter(pk=goal.pk).update(client_words="rewritten"),
        lambda: Objective.objects.filter(goal=goal).update(status="achieved"),
        lambda: Goal.objects.create(plan=plan, client_words="sneaked in", lineage=goal.lineage),
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            change()


def test_the_database_refuses_changes_to_a_superseded_version(client_a, case_manager, supervisor):
    v1 = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    v2 = services.plan_start(client=client_a, author=case_manager)
    services.plan_save(plan=v2, editor=case_manager, data=signed_plan_input(), version=v2.version)
    v2.refresh_from_db()
    v2 = services.plan_submit(plan=v2, submitted_by=case_manager, version=v2.version)
    services.plan_approve(plan=v2, approved_by=supervisor, version=v2.version)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        CarePlan.objects.filter(pk=v1.pk).update(status="active")


def test_a_review_sets_the_next_due_date(client_a, case_manager, supervisor):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    goal = first_goal(plan)
    today = timezone.localdate()
    review = services.review_record(
        plan=plan,
        author=case_manager,
        reviewed_on=today,
        reason="scheduled",
        decision=ReviewDecision.CONTINUE,
        progress={goal.pk: "Applied to one program", 999999: "ignored"},
    )
    assert review.next_due == today + timedelta(days=90)
    assert review.progress == {str(goal.pk): "Applied to one program"}
    due = selectors.review_due_for(plan=plan, reviews=selectors.reviews_for(plan=plan))
    assert due.on == today + timedelta(days=90)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        PlanReview.objects.filter(pk=review.pk).update(decision="close")


def test_closing_a_plan_at_review_ends_its_due_dates(client_a, case_manager, supervisor):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    services.review_record(
        plan=plan,
        author=case_manager,
        reviewed_on=timezone.localdate(),
        reason="scheduled",
        decision=ReviewDecision.CLOSE,
        progress={},
        next_due=timezone.localdate() + timedelta(days=5),
    )
    assert selectors.review_due_for(plan=plan, reviews=selectors.reviews_for(plan=plan)) is None


def test_leaving_hospital_brings_the_review_forward(client_a, case_manager, supervisor):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    today = timezone.localdate()
    KeyEventFactory(client=client_a, kind="hospital", recorded_by=case_manager)  # left 10 days ago
    due = selectors.review_due_for(plan=plan, reviews=[])
    assert due.reason == "Scheduled review"  # the stay ended before this plan was approved
    plan.approved_at = timezone.now() - timedelta(days=20)  # as if approved before the stay
    due = selectors.review_due_for(plan=plan, reviews=[])
    assert (due.on, due.reason, due.overdue) == (
        today - timedelta(days=10),
        "Review after leaving hospital",
        True,
    )


def test_only_the_plan_in_force_is_reviewed(client_a, case_manager):
    plan = draft_plan(client=client_a, author=case_manager)
    with pytest.raises(PlanError):
        services.review_record(
            plan=plan,
            author=case_manager,
            reviewed_on=timezone.localdate(),
            reason="scheduled",
            decision=ReviewDecision.CONTINUE,
            progress={},
        )


def test_compliance_cannot_change_a_plan(client_a, case_manager, compliance):
    plan = draft_plan(client=client_a, author=case_manager)
    with pytest.raises(PermissionDenied):
        services.goal_save(plan=plan, editor=compliance, data=goal_input(), version=plan.version)
