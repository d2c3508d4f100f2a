"""A team's dashboard, assembled: one row per case manager with every figure and the link to
the list behind it, the charts, the review queues and the sections other apps add.

The whole page costs a fixed number of queries whatever the team's size (counted in
tests/supervision/test_dashboard_queries.py): team, figures and people (2), contacts per
week, the overdue trend's past weeks (a snapshot kept an hour, supervision.services.trends;
two more queries when it is recounted), and for supervisors the three queues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format

from casework import charts
from casework.models import User
from supervision import metrics, sections
from supervision.scope import TeamView
from supervision.selectors import queues, trends
from supervision.services import trends as trend_service

NO_PRIMARY = "none"


# Figures that mean someone is behind: shown in red when not zero.
BEHIND = frozenset({"overdue", "unsigned", "reviews", "referrals", "flags"})


@dataclass
class Cell:
    key: str
    label: str
    value: int | Decimal  # the weighted load counts half places
    url: str = ""

    @property
    def behind(self) -> bool:
        return self.key in BEHIND and self.value > 0


@dataclass
class StaffRow:
    staff: User | None  # None: the team's clients with no primary case manager
    figures: dict[str, int | Decimal]
    cells: list[Cell] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.staff.full_name if self.staff else "No primary case manager"

    @property
    def staff_param(self) -> str:
        return str(self.staff.pk) if self.staff else NO_PRIMARY


def list_url(team_id: int, metric: str, staff: str | None) -> str:
    url = reverse("supervision:metric_list", kwargs={"team_id": team_id, "metric": metric})
    return f"{url}?staff={staff}" if staff else url


def _rows(view: TeamView, figures: dict, people: list[User]) -> tuple[list[StaffRow], StaffRow]:
    rows = [StaffRow(u, figures.get(u.pk, metrics.zero())) for u in people]
    if None in figures:
        rows.append(StaffRow(None, figures[None]))
    total = StaffRow(None, {k: sum(r.figures[k] or 0 for r in rows) for k in metrics.METRIC_KEYS})
    # Each metric's list reversed once, not once a row (a hundred reverse() calls a page).
    lists = {m.key: list_url(view.team.pk, m.key, None) for m in metrics.METRICS}
    for row in [*rows, total]:
        query = "" if row is total else f"?staff={row.staff_param}"
        for m in metrics.METRICS:
            value = row.figures.get(m.key) or 0
            url = f"{lists[m.key]}{query}" if view.clinical else ""
            row.cells.append(Cell(m.key, str(m.label), value, url))
    return rows, total


# Drawn narrower than the default so the text stays readable when a phone scales it down.
_MAIN = {"width": 400, "height": 200}


def _week_label(day: date) -> str:
    return date_format(day, "M j")


def _charts(view: TeamView, rows: list[StaffRow], weeks, contacts, trend) -> dict:
    people = [r for r in rows if r.staff is not None]
    labels = [_week_label(w) for w in weeks]
    top = max([max(contacts.get(r.staff.pk, [0])) for r in people] + [1])
    per_person = [
        charts.bar_chart(
            title=f"{r.name}: completed contacts per week",
            categories=labels,
            values=contacts.get(r.staff.pk, [0] * len(weeks)),
            series_name="Contacts",
            category_label="Week of",
            y_max=top,
            width=300,
            height=150,
        )
        for r in people
    ]
    ratio = view.team.program.caseload_ratio
    caseload = charts.bar_chart(
        title=f"Caseload against the program's ratio ({ratio} per case manager)",
        categories=[r.name.split(" ")[0] if r.staff else "None" for r in rows],
        values=[r.figures["caseload"] for r in rows],
        series_name="Clients",
        category_label="Case manager",
        targets=[ratio if r.staff else None for r in rows],
        target_name=f"Ratio {ratio}",
        hrefs=[c.cells[0].url for c in rows] if view.clinical else None,
        **_MAIN,
    )
    overdue = charts.line_chart(
        title="Check-ins overdue, last 12 weeks",
        categories=[_week_label(p.day) for p in trend],
        series=[charts.Series("Overdue", [p.overdue for p in trend])],
        category_label="Day",
        **_MAIN,
    )
    return {"per_person": per_person, "caseload": caseload, "overdue": overdue}


def dashboard_for(*, request: HttpRequest, view: TeamView, today: date) -> dict:
    viewer = request.user
    figures, people = metrics.figures_by_staff(viewer=viewer, view=view, today=today)
    rows, total = _rows(view, figures, people)
    weeks, contacts = trends.contacts_per_week(viewer=viewer, view=view, today=today)
    trend, trend_as_of = trend_service.overdue_trend_with_today(
        viewer=viewer, view=view, today=today, overdue_today=total.figures["overdue"]
    )
    context = {
        "view": view,
        "team": view.team,
        "metrics": metrics.METRICS,
        "rows": rows,
        "total": total,
        "charts": _charts(view, rows, weeks, contacts, trend),
        "trend_as_of": trend_as_of,
        "sections": sections.sections_for(request, view, rows),
        "unsigned_hours": settings.REMINDER_UNSIGNED_NOTE_HOURS,
        "review_notice_days": settings.REMINDER_PLAN_REVIEW_NOTICE_DAYS,
    }
    if view.clinical:
        context["cosign"] = queues.cosign_shown(viewer=viewer, view=view)
        context["plans"] = queues.plans_shown(viewer=viewer, view=view)
        context["emergency"] = queues.shown(queues.emergency_to_review(viewer=viewer, view=view))
    return context
