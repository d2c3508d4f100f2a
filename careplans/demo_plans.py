"""Demo care plans: most open clients with an assessment get a plan history.

Version 1 was approved about seven months ago and reviewed once, then revised; version 2 is
in force, approved one to four months ago, some reviewed since (a few due for review within
weeks). Goals answer the assessment's moderate and high needs in the client's own words, each
with an objective and an intervention; the crisis plan and advance statement are filled in.
About one client in five is left without a plan, so the "Start a care plan" path shows too.

Idempotent: only clients without any plan get rows. Deterministic: seeded by record number.
Rows are written as drafts and then moved to superseded/active, as the triggers allow.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from careplans.models import (
    Assessment,
    CarePlan,
    Goal,
    Intervention,
    Objective,
    Participant,
    ParticipantKind,
    PlanReview,
    PlanStatus,
    ReviewDecision,
)
from casework.models import Agency, Membership, Role
from clients.models import Client, Status

# domain key: (goal in the client's words, objective, intervention, who, how often)
_GOALS = {
    "income_housing": (
        "I want a place of my own where I feel safe.",
        "Submit two supportive-housing applications",
        "Help fill in applications and go to viewings together",
        "staff",
        "weekly",
    ),
    "physical_health": (
        "I want to get my blood sugar under control.",
        "See the primary-care doctor and keep three appointments",
        "Arrange transport to the clinic",
        "staff",
        "monthly",
    ),
    "mental_state": (
        "I want the voices to bother me less.",
        "Keep fortnightly psychiatry appointments for three months",
        "Meet the psychiatrist",
        "provider",
        "every two weeks",
    ),
    "substance_use": (
        "I want to cut down my drinking so I can keep my room.",
        "Attend the outpatient group for eight weeks",
        "Go to the group at the recovery centre",
        "client",
        "twice a week",
    ),
    "relationships": (
        "I want to see my daughter again.",
        "Arrange a supervised visit",
        "Call my sister on Sundays",
        "client",
        "weekly",
    ),
    "work_leisure_education": (
        "I want something to do in the day, maybe a job.",
        "Start the supported-employment program",
        "Meet the employment specialist",
        "provider",
        "weekly",
    ),
    "daily_living": (
        "I want to cook for myself instead of eating out.",
        "Cook three meals a week",
        "Shop and cook together",
        "staff",
        "weekly",
    ),
    "coping": (
        "I want to know what to do when things get bad.",
        "Write and practise a crisis plan",
        "Go through the crisis plan together",
        "staff",
        "every visit",
    ),
    "safety": (
        "I want to feel safe where I live.",
        "Move out of the shared room",
        "Talk with the landlord about a transfer",
        "staff",
        "as needed",
    ),
    "rights_advocacy": (
        "I want my benefits sorted out.",
        "Get the disability benefit decision reviewed",
        "Refer to the benefits advocate",
        "provider",
        "monthly",
    ),
    "co_occurring": (
        "I want to sleep through the night.",
        "Keep a sleep diary for a month",
        "Review the diary together",
        "client",
        "daily",
    ),
}
_CRISIS = {
    "warning_signs": "Not sleeping; staying in my room; stopping my medication.",
    "coping_alone": "Walk to the park; music; a hot shower.",
    "helpful_people_places": "My sister; the drop-in centre on Main Street.",
    "whom_to_call": "My case manager in office hours; the county crisis line; 988 any time.",
    "safer_surroundings": "Keep only a week of medication at home; my sister holds the rest.",
    "reasons_for_living": "My daughter; my cat; seeing spring again.",
}
_ADVANCE = {
    "treatment_preferences": "Talk to me calmly; I prefer the county hospital, not injections.",
    "people_to_contact": "My sister (nominated person).",
    "dependants_and_pets": "My neighbour feeds the cat; spare key with my sister.",
}


def _plan(client, number, author_id, rng) -> CarePlan:
    return CarePlan(
        client=client,
        team_id=client.team_id,
        number=number,
        created_by_id=author_id,
        summary="To live on my own and be well enough to see my family.",
        agreement="signed",
        agreement_method=rng.choice(("wet", "electronic")),
        agreement_on=timezone.localdate(),
        **_CRISIS,
        **_ADVANCE,
    )


def seed_care_plans(agency: Agency) -> None:
    clients = list(
        Client.objects.filter(
            agency=agency, status__in=[Status.ACTIVE, Status.ON_HOLD], care_plans__isnull=True
        ).order_by("record_number")
    )
    if not clients:
        return
    staff: dict[int, list[int]] = {}
    supervisors: dict[int, int] = {}
    for m in Membership.objects.filter(team__agency=agency).order_by("user__email"):
        if m.role == Role.CASE_MANAGER:
            staff.setdefault(m.team_id, []).append(m.user_id)
        elif m.role == Role.SUPERVISOR:
            supervisors.setdefault(m.team_id, m.user_id)
    needs = {}
    for client_id, domains in (
        Assessment.objects.filter(client__in=clients, signed_at__isnull=False)
        .order_by("client_id", "assessed_on")
        .values_list("client_id", "domains")
    ):
        needs[client_id] = domains  # the last one wins
    today = timezone.localdate()
    now = timezone.now()
    chosen = []
    for client in clients:
        if client.pk not in needs or not staff.get(client.team_id):
            continue
        if client.team_id not in supervisors:
            continue
        rng = random.Random(f"plan-{client.record_number}")  # noqa: S311 - demo data
        if rng.random() < 0.2:
            continue  # about one in five has no plan yet, on every run
        keys = [
            k for k, v in needs[client.pk].items() if v.get("need") in ("moderate", "high")
        ] or ["coping"]
        rng.shuffle(keys)
        keys = keys[: rng.randint(2, 3)] if len(keys) > 1 else keys
        chosen.append((client, rng, keys, rng.choice(staff[client.team_id])))

    # Version 1 (superseded), then version 2 (in force).
    v1 = CarePlan.objects.bulk_create(
        [_plan(c, 1, author, rng) for c, rng, _k, author in chosen], batch_size=500
    )
    lineages = {c.pk: {k: uuid.uuid4() for k in keys} for c, _r, keys, _a in chosen}
    _children(v1, chosen, lineages, today - timedelta(days=210), progressed=False)
    for plan, (client, rng, _keys, _author) in zip(v1, chosen, strict=True):
        approved = now - timedelta(days=rng.randint(200, 230))
        CarePlan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.SUPERSEDED,
            approved_at=approved,
            approved_by_id=supervisors[client.team_id],
            first_review_due=timezone.localdate(approved) + timedelta(days=90),
            superseded_at=now - timedelta(days=rng.randint(30, 120)),
        )
    reviews = [
        PlanReview(
            plan=plan,
            reviewed_on=today - timedelta(days=rng.randint(125, 135)),
            decision=ReviewDecision.REVISE,
            next_due=today - timedelta(days=40),
            author_id=author,
            progress={},
        )
        for plan, (_c, rng, _k, author) in zip(v1, chosen, strict=True)
    ]
    v2 = CarePlan.objects.bulk_create(
        [
            _with_revises(_plan(c, 2, author, rng), p1)
            for (c, rng, _k, author), p1 in zip(chosen, v1, strict=True)
        ],
        batch_size=500,
    )
    _children(v2, chosen, lineages, today - timedelta(days=20), progressed=True)
    for plan, (client, rng, _keys, _author) in zip(v2, chosen, strict=True):
        approved = now - timedelta(days=rng.randint(30, 110))
        CarePlan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.ACTIVE,
            approved_at=approved,
            approved_by_id=supervisors[client.team_id],
            first_review_due=timezone.localdate(approved) + timedelta(days=90),
        )
    PlanReview.objects.bulk_create(reviews, batch_size=500)


def _with_revises(plan: CarePlan, previous: CarePlan) -> CarePlan:
    plan.revises = previous
    return plan


def _children(plans, chosen, lineages, start, *, progressed: bool) -> None:
    goals, objectives, interventions, participants = [], [], [], []
    for plan, (client, rng, keys, _author) in zip(plans, chosen, strict=True):
        for pos, key in enumerate(keys, start=1):
            words, objective, what, who, often = _GOALS.get(key, _GOALS["coping"])
            goal = Goal(
                plan=plan,
                position=pos,
                client_words=words,
                needs=[key],
                lineage=lineages[client.pk][key],
            )
            goals.append(goal)
            status = (
                rng.choice(("in_progress", "achieved", "in_progress"))
                if progressed
                else ("not_started")
            )
            objectives.append(
                Objective(
                    goal=goal,
                    position=1,
                    text=objective,
                    target_date=start + timedelta(days=90 + 30 * pos),
                    status=status,
                )
            )
            interventions.append(
                Intervention(goal=goal, position=1, what=what, responsible=who, frequency=often)
            )
        participants.append(
            Participant(plan=plan, kind=ParticipantKind.CLIENT, name=client.display_name)
        )
    Goal.objects.bulk_create(goals, batch_size=1000)
    Objective.objects.bulk_create(objectives, batch_size=1000)
    Intervention.objects.bulk_create(interventions, batch_size=1000)
    Participant.objects.bulk_create(participants, batch_size=1000)
