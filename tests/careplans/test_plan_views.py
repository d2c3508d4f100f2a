"""The care-plan pages: the flow through the forms, the refused second save keeping its
text, approval by the supervisor only, other teams, query budgets, the reminder rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans import reminders as rules
from careplans.models import CarePlan, Goal, PlanStatus, ReviewDecision, VisitGoal
from careplans.services import plans as services
from casework import reminders as engine
from casework.models import AuditEvent, Reminder
from tests.factories import (
    AssessmentFactory,
    AssignmentFactory,
    KeyEventFactory,
    VisitFactory,
    active_plan,
    draft_plan,
    first_goal,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def _url(name, plan, **extra):
    return reverse(
        f"careplans:{name}", kwargs={"client_id": plan.client_id, "pk": plan.pk, **extra}
    )


def _goal_post(version, words="I want to see my daughter on Sundays"):
    return {
        "version": version,
        "client_words": words,
        "needs": ["relationships"],
        "objectives-TOTAL_FORMS": 2,
        "objectives-INITIAL_FORMS": 2,
        "objectives-0-text": "Visit her twice a month",
        "objectives-0-target_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "objectives-0-status": "not_started",
        "objectives-1-text": "",
        "objectives-1-target_date": "",
        "objectives-1-status": "not_started",
        "interventions-TOTAL_FORMS": 1,
        "interventions-INITIAL_FORMS": 1,
        "interventions-0-what": "Plan the bus trips together",
        "interventions-0-responsible": "client",
        "interventions-0-frequency": "every other week",
    }


def test_a_case_manager_builds_a_plan_through_the_pages(client, case_manager, client_a):
    client.force_login(case_manager)
    response = client.post(reverse("careplans:plan_start", kwargs={"client_id": client_a.pk}))
    plan = CarePlan.objects.get(client=client_a)
    assert response.url == _url("plan_detail", plan)

    assert client.get(_url("goal_create", plan)).status_code == 200
    response = client.post(_url("goal_create", plan), _goal_post(plan.version))
    assert response.status_code == 302
    goal = Goal.objects.get(plan=plan)
    assert goal.client_words == "I want to see my daughter on Sundays"
    assert [o.text for o in goal.objectives.all()] == ["Visit her twice a month"]
    assert goal.interventions.get().responsible == "client"

    plan.refresh_from_db()
    response = client.post(
        _url("plan_edit", plan),
        {
            "version": plan.version,
            "agreement": "signed",
            "agreement_method": "wet",
            "agreement_on": timezone.localdate().isoformat(),
            "whom_to_call": "My sister; 988",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    response = client.post(_url("plan_submit", plan), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    page = client.get(_url("plan_detail", plan)).content.decode()
    assert "I want to see my daughter on Sundays" in page
    assert "Approve the plan" not in page  # the case manager does not approve


def test_the_second_save_is_refused_and_keeps_its_text(client, case_manager, supervisor, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    opened_at = plan.version
    client.force_login(case_manager)
    client.post(_url("goal_create", plan), _goal_post(opened_at, "First person's words"))
    client.force_login(supervisor)
    response = client.post(
        _url("goal_create", plan), _goal_post(opened_at, "Second person's words")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this plan" in page
    assert "Second person&#x27;s words" in page  # given back, not lost
    assert not Goal.objects.filter(client_words="Second person's words").exists()


def test_only_the_supervisor_sees_and_uses_approve(client, case_manager, supervisor, client_a):
    plan = submitted_plan(client=client_a, author=case_manager)
    client.force_login(case_manager)
    assert client.post(_url("plan_approve", plan), {"version": plan.version}).status_code == 403
    client.force_login(supervisor)
    assert "Approve the plan" in client.get(_url("plan_detail", plan)).content.decode()
    client.post(_url("plan_approve", plan), {"version": plan.version})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.approved_by == supervisor


def test_an_approved_version_is_read_only_on_screen(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    client.force_login(case_manager)
    response = client.get(_url("plan_edit", plan))
    assert response.status_code == 302 and response.url == _url("plan_detail", plan)


def test_another_teams_plan_is_404(client, case_manager, supervisor, client_a, outsider):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    client.force_login(outsider)
    for name in ("plan_detail", "crisis_plan", "advance_statement", "review_create"):
        assert client.get(_url(name, plan)).status_code == 404


def test_gaps_show_while_drafting(client, case_manager, client_a):
    AssessmentFactory(
        client=client_a,
        author=case_manager,
        signed_at=timezone.now(),
        domains={"physical_health": {"need": "high"}, "income_housing": {"need": "high"}},
    )
    plan = draft_plan(client=client_a, author=case_manager)  # answers income_housing
    client.force_login(case_manager)
    page = client.get(_url("plan_detail", plan)).content.decode()
    assert "Needs with no goal yet" in page and "Physical health" in page


def test_the_printouts_render(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    client.force_login(case_manager)
    page = client.get(_url("crisis_plan", plan)).content.decode()
    assert "My crisis plan" in page and "988" in page and "Not sleeping" in page
    assert "careplan-print.css" in page
    assert "My advance statement" in client.get(_url("advance_statement", plan)).content.decode()


def test_compare_shows_what_changed(client, case_manager, supervisor, client_a):
    v1 = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    v2 = services.plan_start(client=client_a, author=case_manager)
    services.goal_save(
        plan=v2,
        editor=case_manager,
        goal=first_goal(v2),
        data=services.GoalInput(client_words="A flat of my own"),
        version=v2.version,
    )
    client.force_login(case_manager)
    url = reverse("careplans:plan_compare", kwargs={"client_id": client_a.pk})
    page = client.get(f"{url}?a={v1.pk}&b={v2.pk}").content.decode()
    assert "Removed: </span>Goal 1: I want my own place" in page
    assert "Added: </span>Goal 1: A flat of my own" in page


def test_a_visit_marks_the_goals_it_addressed_and_the_goal_shows_it(
    client, case_manager, supervisor, client_a
):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    goal = first_goal(plan)
    visit = VisitFactory(client=client_a, author=case_manager)
    client.force_login(case_manager)
    url = reverse("careplans:visit_goals", kwargs={"client_id": client_a.pk, "visit_id": visit.pk})
    assert "I want my own place" in client.get(url).content.decode()
    client.post(url, {"goal": [str(goal.lineage), "not-a-goal"]}, HTTP_HX_REQUEST="true")
    assert VisitGoal.objects.filter(visit=visit, goal_lineage=goal.lineage).count() == 1
    visit_page = client.get(
        reverse("clients:visit_detail", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    ).content.decode()
    # The page's placeholder for every app's panels (pages.visit), the goals among them.
    panels = reverse("clients:visit_panels", kwargs={"client_id": client_a.pk, "pk": visit.pk})
    assert panels in visit_page
    assert url in client.get(panels).content.decode()
    page = client.get(_url("plan_detail", plan)).content.decode()
    assert reverse("clients:visit_detail", args=[client_a.pk, visit.pk]) in page


def test_the_detail_page_has_a_fixed_query_budget(
    client, case_manager, supervisor, client_a, django_assert_max_num_queries
):
    plan = active_plan(
        client=client_a,
        author=case_manager,
        supervisor=supervisor,
        goals=[f"Goal number {n}" for n in range(8)],
    )
    for _ in range(5):
        visit = VisitFactory(client=client_a, author=case_manager)
        for goal in plan.goals.all():
            VisitGoal.objects.create(visit=visit, client=client_a, goal_lineage=goal.lineage)
    client.force_login(case_manager)
    # session + user, memberships (access), plan, audit insert (+ savepoints), goals,
    # objectives, interventions, reviews, participants, recent contacts, hospital stays,
    # and the printout's head (agency and case manager, one query).
    with django_assert_max_num_queries(16):
        response = client.get(_url("plan_detail", plan))
    assert response.status_code == 200


def test_the_panel_has_a_fixed_query_budget(
    client, case_manager, supervisor, client_a, django_assert_max_num_queries
):
    active_plan(
        client=client_a,
        author=case_manager,
        supervisor=supervisor,
        goals=[f"Goal number {n}" for n in range(8)],
    )
    client.force_login(case_manager)
    url = reverse("careplans:plan_panel", kwargs={"client_id": client_a.pk})
    # session + user, memberships, client, audit insert (+ savepoints), plans, reviews,
    # goals, recent contacts, hospital stays.
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert "Goal number 7" in response.content.decode()


def test_the_list_and_compare_pages_have_fixed_query_budgets(
    client, case_manager, supervisor, client_a, django_assert_max_num_queries
):
    for _ in range(3):
        plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
        services.review_record(
            plan=plan,
            author=case_manager,
            reviewed_on=timezone.localdate(),
            reason="scheduled",
            decision=ReviewDecision.REVISE,
            progress={},
        )
    client.force_login(case_manager)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("careplans:plan_list", args=[client_a.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("careplans:plan_compare", args=[client_a.pk])).status_code == 200


def test_the_review_reminder_reaches_the_case_manager(case_manager, supervisor, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    assert rules.plan_review_candidates(timezone.now()) == []  # due in 90 days
    soon = timezone.localdate() + timedelta(days=5)
    services.review_record(
        plan=plan,
        author=case_manager,
        reviewed_on=timezone.localdate(),
        reason="scheduled",
        decision=ReviewDecision.CONTINUE,
        progress={},
        next_due=soon,
    )
    rule = next(r for r in engine.rules() if r.kind == rules.PLAN_REVIEW)
    engine.sweep_rule(rule, now=timezone.now())
    reminder = Reminder.objects.get(kind=rules.PLAN_REVIEW)
    assert (reminder.recipient, reminder.due_on, reminder.object_id) == (
        case_manager,
        soon,
        plan.pk,
    )
    assert reminder.title == "Care-plan review due"


def test_a_closed_plan_asks_for_no_review(case_manager, supervisor, client_a):
    AssignmentFactory(client=client_a, staff=case_manager)
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    services.review_record(
        plan=plan,
        author=case_manager,
        reviewed_on=timezone.localdate(),
        reason="scheduled",
        decision=ReviewDecision.CLOSE,
        progress={},
    )
    assert rules.plan_review_candidates(timezone.now() + timedelta(days=400)) == []


def test_the_record_page_has_the_care_plan_panel(client, case_manager, client_a):
    client.force_login(case_manager)
    page = client.get(reverse("clients:detail", kwargs={"pk": client_a.pk})).content.decode()
    assert "Care plan" in page
    # Rendered in the page itself since issue 24 (its URL serves it alone).
    assert 'data-panel="careplans:plan_panel"' in page
    versions = reverse("careplans:plan_list", kwargs={"client_id": client_a.pk})
    assert versions in page
    panel = client.get(reverse("careplans:plan_panel", kwargs={"client_id": client_a.pk}))
    assert versions in panel.content.decode()


def test_the_plan_in_force_offers_a_revision(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    client.force_login(case_manager)
    assert "Revise the plan" in client.get(_url("plan_detail", plan)).content.decode()
    response = client.post(reverse("careplans:plan_start", kwargs={"client_id": client_a.pk}))
    draft = CarePlan.objects.get(client=client_a, status=PlanStatus.DRAFT)
    assert response.url == _url("plan_detail", draft) and draft.revises_id == plan.pk


def test_leaving_hospital_makes_the_review_due_in_the_reminder_rule(
    case_manager, supervisor, client_a
):
    AssignmentFactory(client=client_a, staff=case_manager)
    plan = submitted_plan(client=client_a, author=case_manager)
    # Approved 40 days ago (written as the demo does: a submitted row may still change).
    approved = timezone.now() - timedelta(days=40)
    CarePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.ACTIVE,
        approved_at=approved,
        approved_by=supervisor,
        first_review_due=timezone.localdate(approved) + timedelta(days=90),
    )
    assert rules.plan_review_candidates(timezone.now()) == []  # due in 50 days
    KeyEventFactory(client=client_a, kind="hospital", recorded_by=case_manager)  # 10 days ago
    [candidate] = rules.plan_review_candidates(timezone.now())
    assert (candidate.recipient_id, candidate.object_id, candidate.due_on) == (
        case_manager.pk,
        plan.pk,
        timezone.localdate() - timedelta(days=10),
    )


def test_a_revise_decision_opens_the_revision_at_once(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    client.force_login(case_manager)
    response = client.post(
        _url("review_create", plan),
        {
            "reviewed_on": timezone.localdate().isoformat(),
            "reason": "scheduled",
            "decision": ReviewDecision.REVISE,
        },
    )
    draft = CarePlan.objects.get(client=client_a, status=PlanStatus.DRAFT)
    assert (draft.revises_id, draft.number) == (plan.pk, plan.number + 1)
    assert response.status_code == 302 and response.url == _url("plan_edit", draft)
    assert plan.reviews.get().decision == ReviewDecision.REVISE


def test_a_continue_decision_opens_no_revision(case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    review = services.review_record(
        plan=plan,
        author=case_manager,
        reviewed_on=timezone.localdate(),
        reason="scheduled",
        decision=ReviewDecision.CONTINUE,
        progress={},
    )
    assert review.revision is None
    assert not CarePlan.objects.filter(client=client_a, status=PlanStatus.DRAFT).exists()


# What the small actions do, not only who reaches them (issue #23).


def test_the_supervisor_sends_a_submitted_version_back_to_draft(
    client, case_manager, supervisor, client_a
):
    plan = submitted_plan(client=client_a, author=case_manager)
    client.force_login(supervisor)
    response = client.post(_url("plan_return", plan), {"version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.submitted_at is None
    event = AuditEvent.objects.get(action="careplans.plan.returned")
    assert (event.actor, event.client_id) == (supervisor, client_a.pk)


def test_a_stale_return_changes_nothing(client, case_manager, supervisor, client_a):
    plan = submitted_plan(client=client_a, author=case_manager)
    client.force_login(supervisor)
    client.post(_url("plan_return", plan), {"version": plan.version - 1})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action="careplans.plan.returned").exists()


def test_removing_a_goal_deletes_it_from_the_draft_only(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager, goals=("Own place", "Work"))
    goal = first_goal(plan)
    client.force_login(case_manager)
    url = _url("goal_remove", plan, goal_id=goal.pk)
    assert client.post(url, {"version": plan.version}).status_code == 302
    assert list(plan.goals.values_list("client_words", flat=True)) == ["Work"]
    event = AuditEvent.objects.get(action="careplans.plan.goal_removed")
    assert event.detail == {"goal_id": goal.pk}


def test_a_goal_of_an_approved_version_is_not_removed(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    goal = first_goal(plan)
    client.force_login(case_manager)
    client.post(_url("goal_remove", plan, goal_id=goal.pk), {"version": plan.version})
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert not AuditEvent.objects.filter(action="careplans.plan.goal_removed").exists()


def test_removing_a_participant_takes_them_off_the_draft_and_is_audited(
    client, case_manager, client_a
):
    from careplans.models import Participant, ParticipantKind

    plan = draft_plan(client=client_a, author=case_manager)
    kept = services.participant_add(
        plan=plan, editor=case_manager, kind=ParticipantKind.STAFF, name="Sam Peer",
        version=plan.version,
    )  # fmt: skip
    plan.refresh_from_db()
    gone = services.participant_add(
        plan=plan, editor=case_manager, kind=ParticipantKind.STAFF, name="Ria Nurse",
        version=plan.version,
    )  # fmt: skip
    plan.refresh_from_db()
    client.force_login(case_manager)
    url = _url("participant_remove", plan, participant_id=gone.pk)
    assert client.post(url, {"version": plan.version}).status_code == 302
    assert list(Participant.objects.filter(plan=plan)) == [kept]
    event = AuditEvent.objects.get(action="careplans.plan.participant_removed")
    assert event.detail == {"participant_id": gone.pk}
    plan.refresh_from_db()
    stale = client.post(
        _url("participant_remove", plan, participant_id=kept.pk), {"version": plan.version - 1}
    )
    assert stale.status_code in (200, 302)
    assert Participant.objects.filter(pk=kept.pk).exists()  # a stale version removes nothing
