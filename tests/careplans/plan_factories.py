"""Care-plan test data, built through the services so every rule holds (kept beside the
care-plan tests so parallel work on tests/factories.py never collides)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from careplans.models import AgreementStatus, CarePlan, Goal
from careplans.services import plans as services


def goal_input(words: str = "I want my own place", needs=("income_housing",)):
    return services.GoalInput(
        client_words=words,
        needs=tuple(needs),
        objectives=(
            services.ObjectiveInput(
                text="Apply for two housing programs",
                target_date=timezone.localdate() + timedelta(days=60),
            ),
        ),
        interventions=(
            services.InterventionInput(
                what="Help with the applications", responsible="staff", frequency="weekly"
            ),
        ),
    )


def signed() -> services.PlanInput:
    return services.PlanInput(
        texts={"summary": "Somewhere safe to live", "warning_signs": "Not sleeping"},
        agreement=AgreementStatus.SIGNED,
        agreement_method="wet",
        agreement_on=timezone.localdate(),
    )


def draft_plan(*, client, author, goals=("I want my own place",)) -> CarePlan:
    plan = services.plan_start(client=client, author=author)
    for words in goals:
        services.goal_save(plan=plan, editor=author, data=goal_input(words), version=_v(plan))
    services.plan_save(plan=plan, editor=author, data=signed(), version=_v(plan))
    plan.refresh_from_db()
    return plan


def submitted_plan(*, client, author, **kwargs) -> CarePlan:
    plan = draft_plan(client=client, author=author, **kwargs)
    return services.plan_submit(plan=plan, submitted_by=author, version=plan.version)


def active_plan(*, client, author, supervisor, **kwargs) -> CarePlan:
    plan = submitted_plan(client=client, author=author, **kwargs)
    return services.plan_approve(plan=plan, approved_by=supervisor, version=plan.version)


def first_goal(plan: CarePlan) -> Goal:
    return plan.goals.order_by("position").first()


def _v(plan: CarePlan) -> int:
    return CarePlan.objects.values_list("version", flat=True).get(pk=plan.pk)
