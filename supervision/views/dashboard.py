"""The team dashboard and the lists behind its numbers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from casework.audit import audit_record
from casework.models import Team, User
from casework.permissions import requires, signed_in
from clients.selectors.caseload import due_marker
from clients.selectors.clients import with_summary
from clients.selectors.staff import assignable_staff
from supervision import metrics
from supervision.dashboard import NO_PRIMARY, dashboard_for
from supervision.forms import ReassignForm
from supervision.predicates import may_open_a_team_dashboard, may_see_team_dashboards
from supervision.scope import TeamView, team_get_for, teams_for

PAGE_SIZE = 50
CLIENT_LISTS = {"caseload", "weighted", "overdue", "reviews"}


def _teams(request: HttpRequest) -> list[Team]:
    return list(teams_for(viewer=request.user))


@require_safe
@requires(may_see_team_dashboards)
@requires(may_open_a_team_dashboard, on=_teams)
def home(request: HttpRequest, teams: list[Team]) -> HttpResponse:
    """The "Team" entry: straight to the dashboard of one's only team, else a choice."""
    if len(teams) == 1:
        return redirect("supervision:dashboard", team_id=teams[0].pk)
    return render(request, "supervision/home.html", {"teams": teams})


@require_safe
@requires(signed_in)
def dashboard(request: HttpRequest, team_id: int) -> HttpResponse:
    view = team_get_for(viewer=request.user, team_id=team_id)
    context = dashboard_for(request=request, view=view, today=timezone.localdate())
    return render(request, "supervision/dashboard.html", context)


def _staff_param(raw: str | None, view: TeamView) -> tuple[int | None | str, User | None]:
    if not raw:
        return "all", None
    if raw == NO_PRIMARY:
        return None, None
    if not raw.isdigit():
        raise Http404
    person = User.objects.filter(pk=int(raw), memberships__team=view.team).first()
    if person is None:
        # Someone who left the team may still hold primaries in it: name them anyway, but
        # never reveal people of other teams.
        person = User.objects.filter(
            pk=int(raw), assignments__client__team=view.team, assignments__ended_on__isnull=True
        ).first()
    if person is None:
        raise Http404
    return person.pk, person


def list_context(request: HttpRequest, view: TeamView, metric: str, form=None) -> dict:
    if metric not in metrics.METRIC_KEYS:
        raise Http404
    today = timezone.localdate()
    staff, person = _staff_param(request.GET.get("staff") or request.POST.get("list_staff"), view)
    rows = metrics.rows_for(metric=metric, viewer=request.user, view=view, today=today, staff=staff)
    is_clients = metric in CLIENT_LISTS
    weighted = None
    if metric == "weighted":
        weighted = rows.aggregate(total=Sum("sv_weight"))["total"] or 0
    rows = _for_display(rows, metric)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if is_clients:
        for client in page:
            client.due_marker = due_marker(client.next_contact_due, today)
    if form is None and is_clients:
        form = ReassignForm(team=view.team, staff=list(assignable_staff(teams=[view.team])))
    definition = next(m for m in metrics.METRICS if m.key == metric)
    return {
        "team": view.team,
        "metric": definition,
        "metric_key": metric,
        "staff": staff,
        "staff_param": request.GET.get("staff") or request.POST.get("list_staff") or "",
        "person": person,
        "page": page,
        "is_clients": is_clients,
        "form": form,
        "picked": set(form.data.getlist("clients")) if form and form.is_bound else set(),
        "weighted_total": weighted,
        "list_template": f"supervision/lists/_{'clients' if is_clients else metric}.html",
    }


def _for_display(rows, metric: str):
    if metric in CLIENT_LISTS:
        return with_summary(rows.select_related("program", "team")).order_by(
            "family_name", "given_name", "pk"
        )
    if metric == "unsigned":
        return rows.select_related("client", "author").order_by("contact_at", "pk")
    if metric == "referrals":
        return rows.select_related("client", "service", "referred_by").order_by("sent_on", "pk")
    return rows.select_related("client", "administration").order_by("raised_at", "pk")


def audit_list(request: HttpRequest, view: TeamView, context: dict) -> None:
    """A client list was shown: who, which team, which list, and the clients on the page."""
    page = context["page"]
    ids = [getattr(row, "client_id", None) or row.pk for row in page]
    audit_record(
        action="supervision.list.view",
        request=request,
        agency_id=view.team.agency_id,
        detail={
            "team_id": view.team.pk,
            "metric": context["metric_key"],
            "staff_id": context["staff"] if context["staff"] != "all" else None,
            "page": page.number,
            "client_ids": sorted(set(ids)),
        },
    )


@require_safe
@requires(signed_in)
def metric_list(request: HttpRequest, team_id: int, metric: str) -> HttpResponse:
    view = team_get_for(viewer=request.user, team_id=team_id, clinical=True)
    context = list_context(request, view, metric)
    audit_list(request, view, context)
    return render(request, "supervision/metric_list.html", context)
