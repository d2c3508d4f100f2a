"""Contacts per client per month, and service minutes by service type and place.

A contact is a visit in the period that is not retracted (entered in error); it is
*completed* unless its mode is "attempted" (clients.services.contact_dates counts the same
way). Contacts belong to the team that made them (`Visit.team`), not to the client's team
today. Draft notes count: the contact happened; signing is followed on the dashboard.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, TruncMonth
from django.utils import timezone

from casework.charts import Series, grouped_bar_chart
from casework.models import User
from clients.models import Mode, Place, Service, Visit
from reports.charts import hbar_chart
from reports.period import Period, month_label
from reports.results import CLIENT_FIELDS, CLIENT_ORDER, Report, Table, client_name
from reports.scope import ReportScope

NO_SERVICE = "No service recorded"


def visits_in(*, viewer: User, scope: ReportScope, period: Period) -> QuerySet[Visit]:
    """The scope's visits in the period, retracted notes left out."""
    return Visit.objects.filter(
        scope.client_filter(viewer, team_field="team"),
        retracted_at__isnull=True,
        contact_at__gte=period.starts_at,
        contact_at__lt=period.ends_before,
    )


COMPLETED = ~Q(mode=Mode.ATTEMPTED)
ATTEMPTED = Q(mode=Mode.ATTEMPTED)


def _month(value) -> object:
    return timezone.localtime(value).date() if hasattr(value, "tzinfo") else value


def contacts_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """Queries: totals per month, distinct clients over the period, and (when the reader
    sees clients) the per-client, per-month list."""
    visits = visits_in(viewer=viewer, scope=scope, period=period).annotate(
        month=TruncMonth("contact_at")
    )
    counts = {
        "completed": Count("pk", filter=COMPLETED),
        "attempted": Count("pk", filter=ATTEMPTED),
    }
    by_month = {
        _month(r["month"]): r
        for r in visits.order_by()
        .values("month")
        .annotate(**counts, clients=Count("client_id", distinct=True))
    }
    overall = visits.aggregate(**counts, clients=Count("client_id", distinct=True))
    months = period.months
    summary = Table(
        "Contacts by month",
        ["Month", "Completed", "Attempted", "Clients contacted"],
        [
            [
                month_label(m),
                by_month.get(m, {}).get("completed", 0),
                by_month.get(m, {}).get("attempted", 0),
                by_month.get(m, {}).get("clients", 0),
            ]
            for m in months
        ],
        total=["Whole period", overall["completed"], overall["attempted"], overall["clients"]],
        sheet="By month",
    )
    report = Report(
        slug="contacts",
        title="Contacts per client per month",
        scope=scope,
        period=period,
        figures=[
            ("Completed contacts", overall["completed"]),
            ("Attempted contacts", overall["attempted"]),
            ("Clients contacted", overall["clients"]),
        ],
        tables=[summary],
        chart=grouped_bar_chart(
            title="Contacts per month",
            categories=[month_label(m) for m in months],
            series=[
                Series("Completed", summary.column("Completed")),
                Series("Attempted", summary.column("Attempted")),
            ],
            category_label="Month",
        ),
        notes=[
            "A contact counts for the team that made it. Attempted contacts (no-shows) are "
            "counted apart from completed ones; notes entered in error never count.",
            "Clients contacted: clients with at least one contact, completed or attempted.",
        ],
    )
    if scope.shows_clients:
        report.lists.append(_per_client(visits, months))
    return report


def _per_client(visits: QuerySet[Visit], months: list) -> Table:
    rows = (
        visits.order_by()
        .values(*CLIENT_FIELDS, "month")
        .annotate(completed=Count("pk", filter=COMPLETED), attempted=Count("pk", filter=ATTEMPTED))
        .order_by(*CLIENT_ORDER, "month")
    )
    clients: dict[int, list] = {}
    for r in rows:
        line = clients.setdefault(
            r["client_id"],
            [client_name(r), r["client__record_number"], *([0, 0] * len(months)), 0, 0],
        )
        i = 2 + 2 * months.index(_month(r["month"]))
        line[i] += r["completed"]
        line[i + 1] += r["attempted"]
        line[-2] += r["completed"]
        line[-1] += r["attempted"]
    headers = ["Client", "Record number"]
    for m in months:
        headers += [f"{month_label(m)} completed", f"{month_label(m)} attempted"]
    return Table(
        "Contacts per client",
        [*headers, "Completed", "Attempted"],
        list(clients.values()),
        sheet="Per client",
    )


# Service minutes ---------------------------------------------------------------------


def _share() -> Func:
    """A visit's minutes divided evenly among its services (all of them when it has none)."""
    services = Func(F("services"), function="cardinality", output_field=IntegerField())
    return Cast("duration_minutes", FloatField()) / Greatest(services, Value(1))


def minutes_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """One grouped query (per place: each service's share, no-service minutes, total) plus
    the list of contacts behind it."""
    visits = visits_in(viewer=viewer, scope=scope, period=period).filter(COMPLETED)
    share = _share()
    sums = {
        f"s_{value}": Sum(Case(When(services__contains=[value], then=share), default=None))
        for value in Service.values
    }
    sums["s_none"] = Sum("duration_minutes", filter=Q(services__len=0))
    rows = list(
        visits.order_by()
        .values("place")
        .annotate(**sums, total=Sum("duration_minutes"), contacts=Count("pk"))
        .order_by("place")
    )
    place_labels = dict(Place.choices)
    places = [p for p in Place.values if any(r["place"] == p for r in rows)]
    by_place = {r["place"]: r for r in rows}
    services = [(v, str(label)) for v, label in Service.choices] + [("none", NO_SERVICE)]
    matrix = []
    for value, label in services:
        cells = [by_place[p][f"s_{value}"] or 0.0 for p in places]
        if any(cells):
            matrix.append([label, *[round(c, 1) for c in cells], round(sum(cells), 1)])
    place_totals = [by_place[p]["total"] for p in places]
    total_minutes = sum(place_totals)
    table = Table(
        "Minutes by service and place",
        ["Service", *[str(place_labels[p]) for p in places], "Total"],
        matrix,
        total=["All services", *place_totals, total_minutes],
        sheet="Minutes",
    )
    report = Report(
        slug="minutes",
        title="Service minutes by service type and place",
        scope=scope,
        period=period,
        figures=[
            ("Minutes of service", total_minutes),
            ("Hours", round(total_minutes / 60, 1)),
            ("Completed contacts", sum(r["contacts"] for r in rows)),
        ],
        tables=[table],
        chart=hbar_chart(
            title="Minutes by service, by place",
            categories=[row[0] for row in matrix],
            series=[
                Series(str(place_labels[p]), [row[1 + i] for row in matrix])
                for i, p in enumerate(places)
            ],
            category_label="Service",
        ),
        notes=[
            "Completed contacts only (attempts and notes entered in error are left out), "
            "for the team that made them.",
            "A contact with several services splits its minutes evenly among them, so every "
            "minute is counted once and the totals equal the time spent. Minutes are shown "
            "to one decimal.",
        ],
    )
    if scope.shows_clients:
        report.lists.append(_contact_list(visits))
    return report


def _contact_list(visits: QuerySet[Visit]) -> Table:
    labels = dict(Service.choices)
    places = dict(Place.choices)
    rows = []
    for r in visits.values(
        *CLIENT_FIELDS, "contact_at", "place", "services", "duration_minutes"
    ).order_by("contact_at", "pk"):
        n = len(r["services"])
        rows.append(
            [
                timezone.localtime(r["contact_at"]).date(),
                client_name(r),
                r["client__record_number"],
                str(places.get(r["place"], r["place"])),
                ", ".join(str(labels.get(s, s)) for s in r["services"]) or NO_SERVICE,
                r["duration_minutes"],
                round(r["duration_minutes"] / max(n, 1), 1),
            ]
        )
    return Table(
        "Contacts behind the minutes",
        ["Date", "Client", "Record number", "Place", "Services", "Minutes", "Minutes per service"],
        rows,
        sheet="Contacts",
    )
