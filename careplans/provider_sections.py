"""The care plan's sections of the "Send to provider" page (composed in pages/provider_packet.py):
the plan in force (goals in the client's words, objectives, who does what) and its crisis plan.
Both are mental-health information; a draft or a plan waiting for approval is never sent."""

from __future__ import annotations

from django.db.models import Prefetch

from careplans.models import CarePlan, Goal, Intervention, Objective, PlanStatus
from clients.models import Client
from clients.provider_packet import Section


def _in_force(client: Client, *, goals: bool):
    plans = CarePlan.objects.filter(client=client, status=PlanStatus.ACTIVE).order_by("-number")
    if goals:
        plans = plans.prefetch_related(
            Prefetch(
                "goals",
                Goal.objects.order_by("position", "id").prefetch_related(
                    Prefetch("objectives", Objective.objects.order_by("position", "id")),
                    Prefetch("interventions", Intervention.objects.order_by("position", "id")),
                ),
            )
        )
    return plans.first()


def _care_plan(client: Client) -> dict:
    """The plan in force with its goals, objectives and interventions: four queries."""
    return {"plan": _in_force(client, goals=True)}


def _crisis_plan(client: Client) -> dict:
    return {"plan": _in_force(client, goals=False)}


SECTIONS = (
    Section("care_plan", "Care plan in force: goals and who does what", ("mental_health",),
            "careplans/provider/_care_plan.html", _care_plan),
    Section("crisis_plan", "Crisis plan", ("mental_health",),
            "careplans/provider/_crisis_plan.html", _crisis_plan),
)  # fmt: skip
