"""The care plan pages: versions, the draft (plan, goals, participants), submit, approve,
compare, review, the printable crisis plan and advance statement, and the visit's goals.
Thin: find through the selectors (404 outside the teams; writes 403 for read-only roles),
parse, call one service, answer."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careplans.forms.plans import (
    ADVANCE_FIELDS,
    CRISIS_FIELDS,
    ParticipantForm,
    PlanForm,
    ReviewForm,
    VersionForm,
    goal_forms,
    goal_input,
    plan_initial,
)
from careplans.models import (
    DOMAINS,
    CarePlan,
    Goal,
    Participant,
    PlanReview,
    PlanStatus,
    VisitGoal,
)
from careplans.predicates import may_approve_plan
from careplans.selectors import plans as selectors
from careplans.services import plans as services
from careplans.services.errors import PlanError
from casework import access
from casework.audit import audit_client, audit_view
from casework.autosave import autosave_response
from casework.errors import flash_outcome, form_write, show_on_form
from casework.permissions import requires, signed_in
from clients.models import Client, Visit
from clients.predicates import may_change_client
from clients.selectors import client_get_for, client_get_for_change
from clients.views.parts import client_read, record_panel


def _audit_plan_view(request: HttpRequest, plan: CarePlan) -> None:
    audit_client("careplans.plan.view", plan, plan.client, request=request)


def _draft_for_change(request: HttpRequest, client_id: int, pk: int) -> CarePlan:
    """A version to change: 404 outside the teams, 403 for read-only roles."""
    client_get_for_change(viewer=request.user, pk=client_id)
    return selectors.plan_get_for(viewer=request.user, client_id=client_id, pk=pk)


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


PLAN_PANEL = "careplans/plans/_panel.html"


def plan_panel_context(request: HttpRequest, client: Client) -> dict:
    """Rendered in the record page's first response: a fixed handful of queries."""
    return {
        "client": client,
        "panel": selectors.panel_for(client=client),
        "can_change": may_change_client(request.user, client),
    }


# The record page's card: the plan in force, its goals, next review, the open draft.
plan_panel = record_panel(PLAN_PANEL, plan_panel_context)


@requires(signed_in)
@require_safe
def plan_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_read(request, client_id)
    plans = selectors.plans_for(client=client)
    context = {
        "client": client,
        "plans": plans,
        "has_open": any(p.is_editable for p in plans),
        "has_active": any(p.status == PlanStatus.ACTIVE for p in plans),
        "can_change": may_change_client(request.user, client),
    }
    return render(request, "careplans/plans/plan_list.html", context)


@requires(signed_in)
@require_POST
def plan_start(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_change(viewer=request.user, pk=client_id)
    start = partial(services.plan_start, client=client, author=request.user)
    plan = flash_outcome(request, start, None, refused=PlanError)
    if plan is None:
        return redirect("careplans:plan_list", client_id=client.pk)
    return redirect("careplans:plan_detail", client_id=client.pk, pk=plan.pk)


def _detail_context(request: HttpRequest, plan: CarePlan) -> dict:
    goals = selectors.goals_for(plan=plan)
    reviews = selectors.reviews_for(plan=plan)
    can_change = may_change_client(request.user, plan.client)
    return {
        "client": plan.client,
        "plan": plan,
        "goals": goals,
        "participants": list(plan.participants.all()),
        "gaps": selectors.gaps_for(plan=plan, goals=goals) if plan.is_editable else [],
        "contacts": selectors.recent_contacts_for(client=plan.client, goals=goals),
        "reviews": reviews,
        "due": selectors.review_due_for(plan=plan, reviews=reviews),
        "domain_labels": dict(DOMAINS),
        "can_edit": can_change and plan.is_editable,
        "can_review": can_change and plan.status == PlanStatus.ACTIVE,
        "can_approve": plan.status == PlanStatus.SUBMITTED
        and may_approve_plan(request.user, plan),
        "problems": services.submit_problems(plan)
        if plan.status == PlanStatus.DRAFT and can_change
        else [],
        "participant_form": ParticipantForm(client=plan.client, initial={"version": plan.version})
        if can_change and plan.is_editable
        else None,
    }


@requires(signed_in)
@require_safe
def plan_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for(viewer=request.user, client_id=client_id, pk=pk)
    _audit_plan_view(request, plan)
    return render(request, "careplans/plans/plan_detail.html", _detail_context(request, plan))


def _not_editable(request, plan: CarePlan) -> HttpResponse | None:
    if plan.is_editable:
        return None
    messages.info(request, "This version is approved and cannot change; revise the plan instead.")
    return redirect("careplans:plan_detail", client_id=plan.client_id, pk=plan.pk)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    if refused := _not_editable(request, plan):
        return refused
    if request.method != "POST":
        _audit_plan_view(request, plan)
        form = PlanForm(initial=plan_initial(plan))
    else:
        form = PlanForm(request.POST)

        def save(data: dict) -> CarePlan:
            return services.plan_save(
                plan=plan, editor=request.user, data=form.to_input(), version=data["version"]
            )

        if form_write(request, form, save, "Plan saved.", refused=PlanError) is not None:
            return redirect("careplans:plan_detail", client_id=client_id, pk=pk)
    context = {
        "client": plan.client,
        "plan": plan,
        "form": form,
        "crisis_fields": [form[name] for name in CRISIS_FIELDS],
        "advance_fields": [form[name] for name in ADVANCE_FIELDS],
    }
    return render(request, "careplans/plans/plan_form.html", context)


def _autosave(request, plan: CarePlan, forms, save: Callable[[int], object]) -> HttpResponse:
    """htmx: run `save(version)` once every form is valid; the answer is the shared autosave
    protocol's (casework.autosave)."""

    def saved() -> CarePlan:
        save(forms[0].cleaned_data["version"])
        plan.refresh_from_db(fields=["version", "status", "updated_at"])
        return plan

    # Saving a submitted version would quietly send it back to draft: only the form does.
    closed = "This version is no longer a draft; nothing more is saved."
    if plan.status == PlanStatus.DRAFT:
        closed = ""
    return autosave_response(request, record=plan, closed=closed, forms=forms, save=saved)


@requires(signed_in)
@require_POST
def plan_autosave(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """The draft's own fields (summary, agreement, crisis plan, advance statement) as typed."""
    plan = _draft_for_change(request, client_id, pk)
    form = PlanForm(request.POST)
    return _autosave(
        request,
        plan,
        (form,),
        lambda version: services.plan_save(
            plan=plan, editor=request.user, data=form.to_input(), version=version
        ),
    )


@requires(signed_in)
@require_POST
def goal_autosave(request: HttpRequest, client_id: int, pk: int, goal_id: int) -> HttpResponse:
    """One goal of the draft (client's words, needs, objectives, interventions) as typed."""
    plan = _draft_for_change(request, client_id, pk)
    goal = access.child_or_404(Goal, pk=goal_id, client=plan.client, plan=plan)
    forms = goal_forms(request.POST)
    return _autosave(
        request,
        plan,
        forms,
        lambda version: services.goal_save(
            plan=plan, editor=request.user, goal=goal, data=goal_input(*forms), version=version
        ),
    )


def _goal_page(request, plan: CarePlan, goal: Goal | None, forms) -> HttpResponse:
    form, objectives, interventions = forms
    context = {
        "client": plan.client,
        "plan": plan,
        "goal": goal,
        "form": form,
        "objectives": objectives,
        "interventions": interventions,
        "needs": selectors.needs_from_last_assessment(client_id=plan.client_id),
    }
    return render(request, "careplans/plans/goal_form.html", context)


def _goal_form_view(request, plan: CarePlan, goal: Goal | None) -> HttpResponse:
    if refused := _not_editable(request, plan):
        return refused
    if request.method != "POST":
        return _goal_page(request, plan, goal, goal_forms(goal=goal, version=plan.version))
    forms = goal_forms(request.POST)
    form, objectives, interventions = forms
    if form.is_valid() and objectives.is_valid() and interventions.is_valid():
        try:
            services.goal_save(
                plan=plan,
                editor=request.user,
                goal=goal,
                data=goal_input(form, objectives, interventions),
                version=form.cleaned_data["version"],
            )
        except PlanError as error:
            show_on_form(form, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect("careplans:plan_detail", client_id=plan.client_id, pk=plan.pk)
    return _goal_page(request, plan, goal, forms)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def goal_create(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    return _goal_form_view(request, plan, None)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request: HttpRequest, client_id: int, pk: int, goal_id: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    goal = access.child_or_404(
        Goal.objects.prefetch_related("objectives", "interventions"),
        pk=goal_id,
        client=plan.client,
        plan=plan,
    )
    return _goal_form_view(request, plan, goal)


def _after(request, plan: CarePlan, action, success: str, **kwargs) -> HttpResponse:
    version = _version(request)
    if version is None:
        messages.error(request, "The page was out of date; nothing was changed.")
    else:
        write = partial(action, plan=plan, version=version, **kwargs)
        flash_outcome(request, write, success, refused=PlanError)
    return redirect("careplans:plan_detail", client_id=plan.client_id, pk=plan.pk)


@requires(signed_in)
@require_POST
def goal_remove(request: HttpRequest, client_id: int, pk: int, goal_id: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    goal = access.child_or_404(Goal, pk=goal_id, client=plan.client, plan=plan)
    return _after(
        request, plan, services.goal_remove, "Goal removed.", goal=goal, editor=request.user
    )


@requires(signed_in)
@require_POST
def participant_add(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    form = ParticipantForm(request.POST, client=plan.client)

    def add(data: dict) -> None:
        services.participant_add(
            plan=plan,
            editor=request.user,
            kind=data["kind"],
            name=data["name"],
            role=data["role"],
            related_person=data["person"],
            version=data["version"],
        )

    if form_write(request, form, add, "Participant recorded.", refused=PlanError) is not None:
        return redirect("careplans:plan_detail", client_id=client_id, pk=pk)
    context = _detail_context(request, plan)
    context["participant_form"] = form
    return render(request, "careplans/plans/plan_detail.html", context)


@requires(signed_in)
@require_POST
def participant_remove(
    request: HttpRequest, client_id: int, pk: int, participant_id: int
) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    participant = access.child_or_404(Participant, pk=participant_id, client=plan.client, plan=plan)
    return _after(
        request,
        plan,
        services.participant_remove,
        "Participant removed.",
        participant=participant,
        editor=request.user,
    )


@requires(signed_in)
@require_POST
def plan_submit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    return _after(
        request,
        plan,
        services.plan_submit,
        "Sent to the supervisor for approval.",
        submitted_by=request.user,
    )


@requires(signed_in)
@require_POST
@requires(may_approve_plan, on=_draft_for_change)
def plan_approve(request: HttpRequest, plan: CarePlan, client_id: int, pk: int) -> HttpResponse:
    return _after(
        request,
        plan,
        services.plan_approve,
        "Plan approved; it is now in force.",
        approved_by=request.user,
    )


@requires(signed_in)
@require_POST
@requires(may_approve_plan, on=_draft_for_change)
def plan_return(request: HttpRequest, plan: CarePlan, client_id: int, pk: int) -> HttpResponse:
    return _after(
        request, plan, services.plan_return, "Sent back to draft.", returned_by=request.user
    )


@requires(signed_in)
@require_safe
def plan_compare(request: HttpRequest, client_id: int) -> HttpResponse:
    """Two versions' goals, objectives and interventions, line by line."""
    client = client_get_for(viewer=request.user, pk=client_id)
    plans = selectors.plans_for(client=client)
    by_pk = {p.pk: p for p in plans}
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        raise Http404 from None
    if not plans:
        raise Http404
    if a not in by_pk or b not in by_pk:
        # Default: the newest version against the one before it.
        b = plans[0].pk
        a = plans[1].pk if len(plans) > 1 else plans[0].pk
    older, newer = sorted([by_pk[a], by_pk[b]], key=lambda p: p.number)
    audit_view(request, client, client_id=client.pk)
    context = {
        "client": client,
        "plans": plans,
        "older": older,
        "newer": newer,
        "lines": selectors.plan_diff(older=older, newer=newer),
    }
    return render(request, "careplans/plans/plan_compare.html", context)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def review_create(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    plan = _draft_for_change(request, client_id, pk)
    if plan.status != PlanStatus.ACTIVE:
        messages.info(request, "Only the plan in force is reviewed.")
        return redirect("careplans:plan_detail", client_id=client_id, pk=pk)
    goals = selectors.goals_for(plan=plan)
    if request.method != "POST":
        form = ReviewForm(goals=goals)
    else:
        form = ReviewForm(request.POST, goals=goals)

        def record(data: dict) -> PlanReview:
            return services.review_record(
                plan=plan,
                author=request.user,
                reviewed_on=data["reviewed_on"],
                reason=data["reason"],
                decision=data["decision"],
                next_due=data["next_due"],
                progress=form.progress(),
            )

        review = form_write(request, form, record, "Review recorded.", refused=PlanError)
        if review is not None:
            if review.revision is not None:
                messages.info(request, "The revision is open: change what the review found.")
                return redirect("careplans:plan_edit", client_id=client_id, pk=review.revision.pk)
            return redirect("careplans:plan_detail", client_id=client_id, pk=pk)
    context = {"client": plan.client, "plan": plan, "form": form, "goals": goals}
    return render(request, "careplans/plans/review_form.html", context)


def _print_page(request, client_id: int, pk: int, template: str) -> HttpResponse:
    plan = selectors.plan_get_for(viewer=request.user, client_id=client_id, pk=pk)
    _audit_plan_view(request, plan)
    return render(request, template, {"client": plan.client, "plan": plan})


@requires(signed_in)
@require_safe
def crisis_plan(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    return _print_page(request, client_id, pk, "careplans/plans/crisis_print.html")


@requires(signed_in)
@require_safe
def advance_statement(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    return _print_page(request, client_id, pk, "careplans/plans/advance_print.html")


def _visit_for(request, client_id: int, visit_id: int) -> Visit:
    client = client_get_for(viewer=request.user, pk=client_id)
    return access.child_or_404(Visit.objects.select_related("client"), pk=visit_id, client=client)


@requires(signed_in)
@require_http_methods(["GET", "HEAD", "POST"])
def visit_goals(request: HttpRequest, client_id: int, visit_id: int) -> HttpResponse:
    """The visit page's fragment: which goals of the plan in force this contact addressed."""
    if request.method == "POST":
        client_get_for_change(viewer=request.user, pk=client_id)
    visit = _visit_for(request, client_id, visit_id)
    if request.method == "POST":
        services.visit_goals_set(
            visit=visit, editor=request.user, lineages=set(request.POST.getlist("goal"))
        )
        if not request.headers.get("HX-Request"):
            messages.success(request, "Goals addressed saved.")
            return redirect("clients:visit_detail", client_id=client_id, pk=visit_id)
    context = visit_goals_context(request, visit, saved=request.method == "POST")
    return render(request, VISIT_GOALS, context)


VISIT_GOALS = "careplans/plans/_visit_goals.html"


def visit_goals_context(request: HttpRequest, visit: Visit, *, saved: bool = False) -> dict:
    """The visit page's goals panel (pages.visit): the plan in force's goals and those this
    contact addressed, three queries."""
    active = CarePlan.objects.filter(client_id=visit.client_id, status=PlanStatus.ACTIVE).first()
    goals = list(active.goals.all()) if active else []
    marked = {
        str(lineage)
        for lineage in VisitGoal.objects.filter(visit=visit).values_list("goal_lineage", flat=True)
    }
    return {
        "client": visit.client,
        "visit": visit,
        "goals": goals,
        "marked": marked,
        "saved": saved,
        "can_change": may_change_client(request.user, visit.client),
    }
