"""Reads of care plans; each takes `viewer=` or a client already found through
`clients.selectors` (which applied the access policy)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format

from careplans.models import (
    DOMAINS,
    Assessment,
    CarePlan,
    Goal,
    NeedRating,
    PlanReview,
    PlanStatus,
    VisitGoal,
)
from careplans.models.plan import CRISIS_FIELDS
from casework.models import User
from casework.prepared import Prepared
from clients.models import Client, KeyEvent, Visit
from clients.models.event import EventKind
from clients.selectors.clients import client_child_get_for

RECENT_CONTACTS = 3
DOMAIN_LABELS = dict(DOMAINS)


def _with_discharge(plans):
    """Annotate `r_discharged`: the first hospital discharge after the plan's last review (or
    its approval), so the review due date needs no query of its own."""
    last_review = (
        PlanReview.objects.filter(plan_id=OuterRef(OuterRef("pk")))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1]
    )
    discharged = (
        KeyEvent.objects.filter(
            client_id=OuterRef("client_id"),
            kind__in=[EventKind.HOSPITAL, EventKind.MEDICAL_HOSPITAL],
            voided_at__isnull=True,
            ended_on__gt=Coalesce(
                Subquery(last_review, output_field=DateField()),
                OuterRef("r_approved_on"),
            ),
        )
        .order_by("ended_on")
        .values("ended_on")[:1]
    )
    return plans.annotate(r_approved_on=TruncDate("approved_at")).annotate(
        r_discharged=Subquery(discharged, output_field=DateField())
    )


def plan_get_for(*, viewer: User, client_id: int, pk: int) -> CarePlan:
    """404 outside the viewer's teams (as for the client)."""
    return client_child_get_for(
        _with_discharge(CarePlan.objects.all()).select_related(
            "client", "client__team", "created_by", "approved_by"
        ),
        viewer=viewer,
        client_id=client_id,
        pk=pk,
    )


def plans_for(*, client: Client) -> list[CarePlan]:
    """Newest first; each carries `previous`, the version before it (for "compare")."""
    plans = list(
        CarePlan.objects.filter(client=client).select_related("approved_by").order_by("-number")
    )
    for plan, older in zip(plans, [*plans[1:], None], strict=False):
        plan.previous = older
    return plans


def goals_for(*, plan: CarePlan) -> list[Goal]:
    """The version's goals with their objectives and interventions (three queries)."""
    return list(plan.goals.prefetch_related("objectives", "interventions"))


@dataclass(frozen=True)
class Gap:
    key: str
    label: str
    need: str


def gaps_for(*, plan: CarePlan, goals: list[Goal]) -> list[Gap]:
    """Needs rated moderate or high in the last completed assessment that no goal answers."""
    last = (
        Assessment.objects.filter(client_id=plan.client_id, signed_at__isnull=False)
        .order_by("-assessed_on", "-id")
        .values_list("domains", flat=True)
        .first()
    )
    if not last:
        return []
    answered = {key for goal in goals for key in goal.needs}
    return [
        Gap(key=key, label=str(label), need=(last.get(key) or {}).get("need", ""))
        for key, label in DOMAINS
        if (last.get(key) or {}).get("need") in (NeedRating.MODERATE, NeedRating.HIGH)
        and key not in answered
    ]


def needs_from_last_assessment(*, client_id: int) -> dict[str, str]:
    last = (
        Assessment.objects.filter(client_id=client_id, signed_at__isnull=False)
        .order_by("-assessed_on", "-id")
        .values_list("domains", flat=True)
        .first()
    ) or {}
    return {key: (last.get(key) or {}).get("need", "") for key, _label in DOMAINS}


def recent_contacts_for(*, client: Client, goals: list[Goal]) -> dict[str, list]:
    """{goal lineage: the last few visits that addressed it} in one query; each goal also
    gets them as `recent_contacts`."""
    lineages = [g.lineage for g in goals]
    if not lineages:
        return {}
    for goal in goals:
        goal.recent_contacts = []
    rows = (
        VisitGoal.objects.filter(client=client, goal_lineage__in=lineages)
        .select_related("visit")
        .order_by("-visit__contact_at")[: RECENT_CONTACTS * len(lineages) * 4]
    )
    out: dict[str, list] = defaultdict(list)
    for row in rows:
        bucket = out[str(row.goal_lineage)]
        if len(bucket) < RECENT_CONTACTS:
            bucket.append(row.visit)
    for goal in goals:
        goal.recent_contacts = out.get(str(goal.lineage), [])
    return dict(out)


def reviews_for(*, plan: CarePlan) -> list[PlanReview]:
    return list(plan.reviews.select_related("author"))


@dataclass(frozen=True)
class ReviewDue:
    on: date
    reason: str
    overdue: bool


def review_due_for(*, plan: CarePlan, reviews: list[PlanReview]) -> ReviewDue | None:
    """When the plan in force is next reviewed: the last review's next date (or the first
    due date), earlier when the client left hospital since the last review."""
    if plan.status != PlanStatus.ACTIVE:
        return None
    last = reviews[0] if reviews else None
    if last is not None and last.next_due is None:
        return None  # closed at its last review
    due = last.next_due if last else plan.first_review_due
    reason = "Scheduled review"
    since = last.reviewed_on if last else timezone.localdate(plan.approved_at)
    if hasattr(plan, "r_discharged"):
        discharged = plan.r_discharged
    else:
        discharged = (
            KeyEvent.objects.filter(
                client_id=plan.client_id,
                kind__in=[EventKind.HOSPITAL, EventKind.MEDICAL_HOSPITAL],
                voided_at__isnull=True,
                ended_on__gt=since,
            )
            .order_by("ended_on")
            .values_list("ended_on", flat=True)
            .first()
        )
    if discharged is not None and (due is None or discharged < due):
        due, reason = discharged, "Review after leaving hospital"
    if due is None:
        return None
    return ReviewDue(on=due, reason=reason, overdue=due < timezone.localdate())


@dataclass(frozen=True)
class Panel:
    active: CarePlan | None
    draft: CarePlan | None
    goals: list[Goal]
    due: ReviewDue | None
    contacts: dict[str, list]


def panel_for(*, client: Client) -> Panel:
    plans = _PANEL_PLANS.objects(client_id=client.pk)
    prefetch_related_objects(
        plans, Prefetch("reviews", queryset=PlanReview.objects.order_by("-reviewed_on", "-id"))
    )
    active = next((p for p in plans if p.status == PlanStatus.ACTIVE), None)
    draft = next((p for p in plans if p.status != PlanStatus.ACTIVE), None)
    goals = list(active.goals.all()) if active else []
    return Panel(
        active=active,
        draft=draft,
        goals=goals,
        due=review_due_for(plan=active, reviews=list(active.reviews.all())) if active else None,
        contacts=recent_contacts_for(client=client, goals=goals),
    )


# Built once per process (casework.prepared): every open of a record reads them.
_PANEL_PLANS = Prepared(
    CarePlan,
    lambda _shape, *, client_id: _with_discharge(
        CarePlan.objects.filter(
            client_id=client_id,
            status__in=[PlanStatus.ACTIVE, PlanStatus.DRAFT, PlanStatus.SUBMITTED],
        )
    ),
    client_id=-2_000_000_043,
)


def _plan_lines(plan: CarePlan, goals: list[Goal]) -> list[str]:
    lines = [f"Summary: {plan.summary}"] if plan.summary else []
    for n, goal in enumerate(goals, start=1):
        lines.append(f"Goal {n}: {goal.client_words}")
        needs = ", ".join(str(DOMAIN_LABELS.get(k, k)) for k in goal.needs)
        if needs:
            lines.append(f"  Answers: {needs}")
        for o in goal.objectives.all():
            status = o.get_status_display()
            if o.discontinued_reason:
                status += f" ({o.discontinued_reason})"
            lines.append(f"  Objective: {o.text}, by {date_format(o.target_date)}, {status}")
        for i in goal.interventions.all():
            who = i.get_responsible_display() + (
                f" ({i.responsible_name})" if i.responsible_name else ""
            )
            lines.append(f"  Intervention: {i.what}; {who}; {i.frequency}")
    return lines


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "removed", "added"
    text: str


def plan_diff(*, older: CarePlan, newer: CarePlan) -> list[DiffLine]:
    """Line by line, what changed in the goals, objectives and interventions."""
    # Both versions' goals, objectives and interventions in three queries.
    prefetch_related_objects([older, newer], "goals__objectives", "goals__interventions")
    a = _plan_lines(older, list(older.goals.all()))
    b = _plan_lines(newer, list(newer.goals.all()))
    out = []
    for line in difflib.ndiff(a, b):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        out.append(DiffLine({"  ": "same", "- ": "removed", "+ ": "added"}[tag], text))
    return out


def visit_goal_choices(client: Client) -> list[tuple[str, str]]:
    """The goals of the plan in force, for the visit form: (lineage, the client's words). One
    statement built once per process (casework.prepared): every visit form and save asks."""
    return [(str(lineage), f"“{words}”") for lineage, words in _GOALS.rows(client_id=client.pk)]


def _goals_in_force(_shape, *, client_id: int):
    goals = Goal.objects.filter(plan__client_id=client_id, plan__status=PlanStatus.ACTIVE)
    return goals.order_by("pk").values_list("lineage", "client_words")


_GOALS = Prepared(Goal, _goals_in_force, client_id=-2_000_000_043)  # a stand-in no client has


def visit_goals_marked(visit: Visit) -> set[str]:
    return {
        str(v) for v in VisitGoal.objects.filter(visit=visit).values_list("goal_lineage", flat=True)
    }


def offline_crisis_plans(client_ids: list[int]) -> dict[int, list[dict]]:
    """The crisis plan in force, per client, for "Take today offline" (clients.offline_parts):
    its written parts as [{label, text}]. The ids are already scoped by the caller."""
    labels = {name: str(CarePlan._meta.get_field(name).verbose_name) for name in CRISIS_FIELDS}
    plans = CarePlan.objects.filter(client_id__in=client_ids, status=PlanStatus.ACTIVE)
    found: dict[int, list[dict]] = {}
    for row in plans.values("client_id", *CRISIS_FIELDS):
        parts = [{"label": labels[n], "text": row[n]} for n in CRISIS_FIELDS if row[n].strip()]
        if parts:
            found[row["client_id"]] = parts
    return found
