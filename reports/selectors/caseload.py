"""Unique clients served, new and re-opened clients, and discharges.

Served: clients with at least one completed contact by the scope's teams in the period (the
same contacts as the contacts report). New and discharged come from the episodes of care
(`clients.models.Episode`): an episode opened in the period is a new client when it is the
client's first, a re-opening otherwise; an episode closed in the period is a discharge.
Episodes belong to the client's team today (they carry no team of their own).
"""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from casework.charts import bar_chart
from casework.models import User
from clients.models import DischargeReason, Episode
from reports.period import Period
from reports.results import CLIENT_FIELDS, CLIENT_ORDER, Report, Table, client_name
from reports.scope import ReportScope
from reports.selectors.contacts import COMPLETED, visits_in


def caseload_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """Queries: served count, episode counts, discharges by reason; with client details, the
    three lists as well."""
    served = visits_in(viewer=viewer, scope=scope, period=period).filter(COMPLETED)
    served_count = served.aggregate(n=Count("client_id", distinct=True))["n"]
    episodes = Episode.objects.filter(scope.client_filter(viewer))
    opened = episodes.filter(opened_on__gte=period.start, opened_on__lte=period.end)
    closed = episodes.filter(closed_on__gte=period.start, closed_on__lte=period.end)
    counts = opened.aggregate(
        new=Count("pk", filter=Q(number=1)), reopened=Count("pk", filter=Q(number__gt=1))
    )
    reasons = dict(DischargeReason.choices)
    by_reason = {
        r["discharge_reason"]: r["n"]
        for r in closed.order_by().values("discharge_reason").annotate(n=Count("pk"))
    }
    discharged = sum(by_reason.values())
    measures = [
        ("Clients served", served_count),
        ("New clients", counts["new"]),
        ("Re-opened", counts["reopened"]),
        ("Discharged", discharged),
    ]
    report = Report(
        slug="clients",
        title="Clients served, new and discharged",
        scope=scope,
        period=period,
        figures=measures,
        tables=[
            Table("Clients", ["Measure", "Clients"], [list(m) for m in measures], sheet="Clients"),
            Table(
                "Discharges by reason",
                ["Reason", "Discharges"],
                [
                    [str(label), by_reason[key]]
                    for key, label in reasons.items()
                    if key in by_reason
                ],
                total=["All reasons", discharged],
                sheet="Discharge reasons",
            ),
        ],
        chart=bar_chart(
            title="Clients in the period",
            categories=[m[0] for m in measures],
            values=[m[1] for m in measures],
            series_name="Clients",
            category_label="Measure",
        ),
        notes=[
            "Served: at least one completed contact by the team in the period.",
            "New: a first episode of care opened in the period; re-opened: a later one. "
            "Discharged: an episode closed in the period. Both follow the client's team today.",
        ],
    )
    if scope.shows_clients:
        report.lists += [_served_list(served), _opened_list(opened), _closed_list(closed, reasons)]
    return report


def _served_list(served) -> Table:
    rows = (
        served.order_by()
        .values(*CLIENT_FIELDS)
        .annotate(contacts=Count("pk"), first=Min("contact_at"), last=Max("contact_at"))
        .order_by(*CLIENT_ORDER)
    )
    return Table(
        "Clients served",
        ["Client", "Record number", "Completed contacts", "First contact", "Last contact"],
        [
            [
                client_name(r),
                r["client__record_number"],
                r["contacts"],
                timezone.localtime(r["first"]).date(),
                timezone.localtime(r["last"]).date(),
            ]
            for r in rows
        ],
        sheet="Served",
    )


def _opened_list(opened) -> Table:
    rows = opened.values(*CLIENT_FIELDS, "opened_on", "number").order_by("opened_on", *CLIENT_ORDER)
    return Table(
        "New and re-opened",
        ["Client", "Record number", "Opened on", "Episode", "New or re-opened"],
        [
            [
                client_name(r),
                r["client__record_number"],
                r["opened_on"],
                r["number"],
                "new" if r["number"] == 1 else "re-opened",
            ]
            for r in rows
        ],
        sheet="Opened",
    )


def _closed_list(closed, reasons: dict) -> Table:
    rows = closed.values(*CLIENT_FIELDS, "closed_on", "discharge_reason").order_by(
        "closed_on", *CLIENT_ORDER
    )
    return Table(
        "Discharged",
        ["Client", "Record number", "Discharged on", "Reason"],
        [
            [
                client_name(r),
                r["client__record_number"],
                r["closed_on"],
                str(reasons.get(r["discharge_reason"], r["discharge_reason"])),
            ]
            for r in rows
        ],
        sheet="Discharged",
    )
