"""Autosave of the care-plan draft: the plan form (summary, crisis plan, advance statement)
and a goal, saved as typed through the services with the version check, drafts only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from casework.models import AuditEvent
from tests.factories import active_plan, draft_plan, first_goal, submitted_plan

pytestmark = pytest.mark.django_db


def _url(name, plan, **extra):
    return reverse(
        f"careplans:{name}", kwargs={"client_id": plan.client_id, "pk": plan.pk, **extra}
    )


def _plan_post(version, whom="My sister; 988"):
    return {
        "version": version,
        "summary": "Somewhere safe to live",
        "agreement": "pending",
        "whom_to_call": whom,
        "treatment_preferences": "No injections, please",
    }


def _goal_post(version, words="I want to see my daughter on Sundays"):
    return {
        "version": version,
        "client_words": words,
        "needs": ["relationships"],
        "objectives-TOTAL_FORMS": 1,
        "objectives-INITIAL_FORMS": 1,
        "objectives-0-text": "Visit her twice a month",
        "objectives-0-target_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "objectives-0-status": "not_started",
        "interventions-TOTAL_FORMS": 1,
        "interventions-INITIAL_FORMS": 1,
        "interventions-0-what": "Plan the bus trips together",
        "interventions-0-responsible": "client",
        "interventions-0-frequency": "every other week",
    }


def test_it_saves_the_crisis_plan_and_bumps_the_version(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    client.force_login(case_manager)
    response = client.post(_url("plan_autosave", plan), _plan_post(plan.version))
    assert response.status_code == 200
    assert response["X-Casework-Autosave"] == "saved"
    saved = CarePlan.objects.get(pk=plan.pk)
    assert saved.version == plan.version + 1
    assert saved.whom_to_call == "My sister; 988"
    assert saved.treatment_preferences == "No injections, please"
    page = response.content.decode()
    assert "Saved at " in page
    assert f'name="version" value="{saved.version}"' in page  # the next autosave's version
    assert AuditEvent.objects.filter(action="careplans.plan.saved", actor=case_manager).exists()


def test_it_refuses_a_stale_version_and_overwrites_nothing(
    client, case_manager, supervisor, client_a
):
    plan = draft_plan(client=client_a, author=case_manager)
    opened_at = plan.version
    client.force_login(supervisor)
    client.post(_url("plan_autosave", plan), _plan_post(opened_at, "The supervisor's words"))
    client.force_login(case_manager)
    response = client.post(_url("plan_autosave", plan), _plan_post(opened_at, "Mine"))
    assert response.status_code == 200
    assert response["X-Casework-Autosave"] == "refused"
    assert "Not saved — Someone else saved this plan" in response.content.decode()
    saved = CarePlan.objects.get(pk=plan.pk)
    assert saved.whom_to_call == "The supervisor's words"
    assert saved.version == opened_at + 1


def test_it_saves_a_goal_and_bumps_the_version(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    goal = first_goal(plan)
    client.force_login(case_manager)
    response = client.post(_url("goal_autosave", plan, goal_id=goal.pk), _goal_post(plan.version))
    assert response["X-Casework-Autosave"] == "saved"
    assert "Saved at " in response.content.decode()
    goal.refresh_from_db()
    assert goal.client_words == "I want to see my daughter on Sundays"
    assert CarePlan.objects.get(pk=plan.pk).version == plan.version + 1
    assert AuditEvent.objects.filter(action="careplans.plan.goal_saved").exists()


def test_it_refuses_a_stale_goal_save(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    goal = first_goal(plan)
    client.force_login(case_manager)
    url = _url("goal_autosave", plan, goal_id=goal.pk)
    client.post(url, _goal_post(plan.version, "First words"))
    response = client.post(url, _goal_post(plan.version, "Words from an old tab"))
    assert response["X-Casework-Autosave"] == "refused"
    goal.refresh_from_db()
    assert goal.client_words == "First words"


def test_an_invalid_form_is_reported_not_saved(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    goal = first_goal(plan)
    client.force_login(case_manager)
    response = client.post(
        _url("goal_autosave", plan, goal_id=goal.pk), _goal_post(plan.version, words="")
    )
    assert response["X-Casework-Autosave"] == "refused"
    assert "Not saved — " in response.content.decode()
    assert CarePlan.objects.get(pk=plan.pk).version == plan.version


def test_it_refuses_a_submitted_version_without_sending_it_back(client, case_manager, client_a):
    plan = submitted_plan(client=client_a, author=case_manager)
    client.force_login(case_manager)
    response = client.post(_url("plan_autosave", plan), _plan_post(plan.version, "Changed"))
    assert response["X-Casework-Autosave"] == "refused"
    assert "no longer a draft" in response.content.decode()
    saved = CarePlan.objects.get(pk=plan.pk)
    assert saved.status == PlanStatus.SUBMITTED and saved.whom_to_call != "Changed"


def test_it_refuses_an_approved_version(client, case_manager, supervisor, client_a):
    plan = active_plan(client=client_a, author=case_manager, supervisor=supervisor)
    goal = first_goal(plan)
    client.force_login(case_manager)
    response = client.post(_url("goal_autosave", plan, goal_id=goal.pk), _goal_post(plan.version))
    assert response["X-Casework-Autosave"] == "refused"
    assert CarePlan.objects.get(pk=plan.pk).version == plan.version


def test_another_teams_user_gets_404(client, case_manager, outsider, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    client.force_login(outsider)
    assert client.post(_url("plan_autosave", plan), _plan_post(plan.version)).status_code == 404
    goal_url = _url("goal_autosave", plan, goal_id=first_goal(plan).pk)
    assert client.post(goal_url, _goal_post(plan.version)).status_code == 404
    assert CarePlan.objects.get(pk=plan.pk).version == plan.version


def test_compliance_gets_403(client, case_manager, compliance, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    client.force_login(compliance)
    assert client.post(_url("plan_autosave", plan), _plan_post(plan.version)).status_code == 403
    goal_url = _url("goal_autosave", plan, goal_id=first_goal(plan).pk)
    assert client.post(goal_url, _goal_post(plan.version)).status_code == 403
    assert CarePlan.objects.get(pk=plan.pk).version == plan.version


def test_the_draft_forms_are_wired_for_autosave(client, case_manager, client_a):
    plan = draft_plan(client=client_a, author=case_manager)
    client.force_login(case_manager)
    page = client.get(_url("plan_edit", plan)).content.decode()
    assert _url("plan_autosave", plan) in page and "data-autosave-key" in page
    assert "Saved at " in page and "note-autosave.js" in page
    goal = first_goal(plan)
    page = client.get(_url("goal_edit", plan, goal_id=goal.pk)).content.decode()
    assert _url("goal_autosave", plan, goal_id=goal.pk) in page


def test_a_submitted_version_is_not_wired_for_autosave(client, case_manager, client_a):
    plan = submitted_plan(client=client_a, author=case_manager)
    client.force_login(case_manager)
    page = client.get(_url("plan_edit", plan)).content.decode()
    assert "data-autosave-key" not in page and "note-autosave.js" not in page
