"""Key events (hospital and jail stays, housing and employment changes) and the follow-up
after a psychiatric hospital discharge.

Events follow the client's team today; voided events never count. Follow-up uses the 7-day
reminder's rule (clients.reminders): a completed contact (not attempted, not retracted) on
or after the discharge day, by anyone, within 7 (or 30) days of it. A discharge whose window
has not yet closed without a contact is *open*: neither met nor missed, and left out of the
rate. The measure follows HEDIS FUH (shared/domain/programs.md).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, DateField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework.charts import Series, grouped_bar_chart
from casework.models import User
from clients.models import EventKind, KeyEvent
from clients.selectors.visits import completed_visits
from reports.charts import hbar_chart
from reports.period import Period
from reports.results import CLIENT_FIELDS, CLIENT_ORDER, Report, Table, client_name, rate
from reports.scope import ReportScope

WINDOWS = (7, 30)
MET, MISSED, OPEN = "followed up", "missed", "window open"


def events_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """Queries: counts per kind; with client details, the list."""
    events = KeyEvent.objects.filter(
        scope.client_filter(viewer),
        voided_at__isnull=True,
        started_on__gte=period.start,
        started_on__lte=period.end,
    )
    found = {
        r["kind"]: r
        for r in events.order_by()
        .values("kind")
        .annotate(events=Count("pk"), clients=Count("client_id", distinct=True))
    }
    rows = [
        [str(label), found.get(kind, {}).get("events", 0), found.get(kind, {}).get("clients", 0)]
        for kind, label in EventKind.choices
    ]
    total = events.aggregate(events=Count("pk"), clients=Count("client_id", distinct=True))
    table = Table(
        "Key events by kind",
        ["Event", "Events", "Clients"],
        rows,
        total=["All events", total["events"], total["clients"]],
        sheet="By kind",
    )
    report = Report(
        slug="events",
        title="Key events",
        scope=scope,
        period=period,
        figures=[
            (str(EventKind.HOSPITAL.label), found.get(EventKind.HOSPITAL, {}).get("events", 0)),
            (str(EventKind.JAIL.label), found.get(EventKind.JAIL, {}).get("events", 0)),
            (str(EventKind.HOUSING.label), found.get(EventKind.HOUSING, {}).get("events", 0)),
            (str(EventKind.EMPLOYMENT.label), found.get(EventKind.EMPLOYMENT, {}).get("events", 0)),
        ],
        tables=[table],
        chart=hbar_chart(
            title="Key events by kind",
            categories=[r[0] for r in rows],
            series=[Series("Events", [r[1] for r in rows])],
            category_label="Event",
        ),
        notes=[
            "Events that began (admission, move, new job) in the period; voided entries are "
            "left out. Clients: how many different clients had such an event.",
        ],
    )
    if scope.shows_clients:
        labels = dict(EventKind.choices)
        report.lists.append(
            Table(
                "Events",
                ["Date", "Client", "Record number", "Event", "Ended on", "Place"],
                [
                    [
                        r["started_on"],
                        client_name(r),
                        r["client__record_number"],
                        str(labels.get(r["kind"], r["kind"])),
                        r["ended_on"],
                        r["place"],
                    ]
                    for r in events.values(
                        *CLIENT_FIELDS, "started_on", "kind", "ended_on", "place"
                    ).order_by("started_on", *CLIENT_ORDER)
                ],
                sheet="Events",
            )
        )
    return report


# Follow-up after a hospital discharge ----------------------------------------------------


def discharges_in(*, viewer: User, scope: ReportScope, period: Period) -> QuerySet[KeyEvent]:
    """Psychiatric hospital discharges in the period, each with the day of the first completed
    contact on or after it (None when there is none yet)."""
    first_contact = (
        completed_visits()
        .filter(client_id=OuterRef("client_id"), contact_at__date__gte=OuterRef("ended_on"))
        .order_by("contact_at")
        .annotate(day=TruncDate("contact_at"))
        .values("day")[:1]
    )
    return KeyEvent.objects.filter(
        scope.client_filter(viewer),
        kind=EventKind.HOSPITAL,
        voided_at__isnull=True,
        ended_on__gte=period.start,
        ended_on__lte=period.end,
    ).annotate(first_contact=Subquery(first_contact, output_field=DateField()))


def _window(days: int, today: datetime.date) -> dict[str, Q]:
    """Conditions on an annotated discharge: met, missed (window closed) or still open."""
    met = Q(first_contact__isnull=False) & Q(first_contact__lte=_plus_days("ended_on", days))
    closed = Q(ended_on__lt=today - datetime.timedelta(days=days))
    return {MET: met, MISSED: ~met & closed, OPEN: ~met & ~closed}


def _plus_days(field: str, days: int):
    return F(field) + datetime.timedelta(days=days)


def status_on(ended_on: datetime.date, first_contact, days: int, today: datetime.date) -> str:
    """The same rule in Python, for one row of the list."""
    if first_contact is not None and first_contact <= ended_on + datetime.timedelta(days=days):
        return MET
    if ended_on + datetime.timedelta(days=days) < today:
        return MISSED
    return OPEN


def follow_up_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """Queries: one aggregate (discharges, and met/missed/open for each window); with client
    details, the list of discharges, from which the misses are taken."""
    today = timezone.localdate()
    discharges = discharges_in(viewer=viewer, scope=scope, period=period)
    aggregates = {"discharges": Count("pk")}
    for days in WINDOWS:
        for outcome, condition in _window(days, today).items():
            aggregates[_alias(outcome, days)] = Count("pk", filter=condition)
    n = discharges.aggregate(**aggregates)
    rows = []
    for days in WINDOWS:
        met, missed, open_ = (n[_alias(o, days)] for o in (MET, MISSED, OPEN))
        rows.append(
            [f"Within {days} days", n["discharges"], met, missed, open_, rate(met, met + missed)]
        )
    table = Table(
        "Follow-up after hospital discharge",
        ["Window", "Discharges", "Followed up", "Missed", "Window open", "Rate %"],
        rows,
        sheet="Follow-up",
    )
    report = Report(
        slug="follow-up",
        title="Follow-up after hospital discharge",
        scope=scope,
        period=period,
        figures=[
            ("Discharges", n["discharges"]),
            ("Followed up within 7 days", _percent(rows[0][5])),
            ("Followed up within 30 days", _percent(rows[1][5])),
            ("Missed (7 days)", rows[0][3]),
        ],
        tables=[table],
        chart=grouped_bar_chart(
            title="Discharges by follow-up",
            categories=[r[0] for r in rows],
            series=[
                Series("Followed up", [r[2] for r in rows], "#007a5a"),
                Series("Missed", [r[3] for r in rows], "#b02a37"),
                Series("Window open", [r[4] for r in rows], "#6c757d"),
            ],
            stacked=True,
            category_label="Window",
        ),
        notes=[
            "Psychiatric hospital discharges in the period (voided entries left out). "
            "Followed up: a completed contact (not an attempt, not a note entered in error) "
            "on the discharge day or within 7 (30) days after it.",
            "Rate = followed up / (followed up + missed); discharges whose window is still "
            "open without a contact are not counted either way yet.",
        ],
    )
    if scope.shows_clients:
        listed = []
        for r in discharges.values(
            *CLIENT_FIELDS, "started_on", "ended_on", "first_contact"
        ).order_by("ended_on", *CLIENT_ORDER):
            first = r["first_contact"]
            listed.append(
                [
                    client_name(r),
                    r["client__record_number"],
                    r["started_on"],
                    r["ended_on"],
                    first,
                    (first - r["ended_on"]).days if first else None,
                    *(status_on(r["ended_on"], first, d, today) for d in WINDOWS),
                ]
            )
        headers = [
            "Client",
            "Record number",
            "Admitted",
            "Discharged",
            "First contact after",
            "Days to contact",
            "7 days",
            "30 days",
        ]
        misses = [row for row in listed if MISSED in row[6:]]
        report.lists += [
            Table("Missed follow-ups", headers, misses, sheet="Misses"),
            Table("All discharges", headers, listed, sheet="Discharges"),
        ]
    return report


def _alias(outcome: str, days: int) -> str:
    return f"{outcome.replace(' ', '_')}_{days}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%"
