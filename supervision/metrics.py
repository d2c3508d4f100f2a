"""The team dashboard's figures, defined once: each metric is a queryset of the rows behind it
(clients, notes, referrals or safety flags), each row tagged with the case manager it counts
for (`sv_staff`). The dashboard counts those querysets grouped by `sv_staff`; the list behind
a number is the same queryset filtered to one case manager, so the two always agree.

Who a row counts for: the client's current primary case manager (caseload, check-ins,
reviews, referrals, flags); for an unsigned note, its author, who alone may sign it.

The rules are the ones the reminders use, not copies: overdue is `Client.next_contact_due`
before today (kept by clients.services.contact_dates), "unsigned after 72 hours" is
REMINDER_UNSIGNED_NOTE_HOURS, a care plan due for review is careplans.reminders'
`with_plan_review_due` within its notice period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from careplans.models import SafetyFlag
from careplans.reminders import plan_review_horizon, with_plan_review_due
from casework.models import Role, User
from casework.staffing.acuity import ACUITY_WEIGHTS, acuity_weight_sql
from clients.models import Assignment, AssignmentRole, Client, Visit
from clients.selectors.caseload import OPEN_STATUSES
from referrals.models import OPEN_STATUSES as OPEN_REFERRAL_STATUSES
from referrals.models import Referral
from supervision.scope import (
    TeamView,
    is_supervised,
    supervised_statement,
    supervised_values,
    team_clients,
)


def _weights_text() -> str:
    """The weighted load's weights, for its help: casework.staffing.acuity's (a moderate
    client is one caseload place), the ones the matching ranking and the capacity panel use."""
    return ", ".join(f"{level} {weight:g}" for level, weight in ACUITY_WEIGHTS.items())


# A referral still open this many days after it was sent (or drafted) is "open too long".
REFERRAL_OPEN_DAYS = 30


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    help: str


METRICS = (
    Metric("caseload", _("Caseload"), _("Open clients (referred, active, on hold)")),
    Metric(
        "weighted",
        _("Weighted load"),
        format_lazy(_("Caseload by acuity: {}"), _weights_text()),
    ),
    Metric("overdue", _("Check-ins overdue"), _("Next contact due before today")),
    Metric("unsigned", _("Unsigned > 72 h"), _("Draft notes of contacts over 72 hours ago")),
    Metric("reviews", _("Plan reviews due"), _("Care plans due or overdue for review")),
    Metric("referrals", _("Referrals open > 30 d"), _("Open referrals sent over 30 days ago")),
    Metric("flags", _("Safety flags"), _("Open safety flags, not yet acknowledged")),
)
METRIC_KEYS = tuple(m.key for m in METRICS)
# The weighted load is read on the caseload list (each client with their weight).
LIST_OF = {"weighted": "caseload"}


def _primary_staff(client_ref: str = "pk") -> Subquery:
    return Subquery(
        Assignment.objects.filter(
            client_id=OuterRef(client_ref), role=AssignmentRole.PRIMARY, ended_on__isnull=True
        ).values("staff_id")[:1]
    )


def caseload(*, viewer: User, view: TeamView, now: datetime | None = None) -> QuerySet[Client]:
    """The team's open clients, each with `sv_staff` (primary case manager, or None) and
    `sv_weight` (acuity weight, casework.staffing.acuity)."""
    return (
        team_clients(viewer=viewer, view=view, now=now)
        .filter(status__in=OPEN_STATUSES)
        .annotate(sv_staff=_primary_staff(), sv_weight=acuity_weight_sql("risk_level"))
    )


def overdue_filter(today: date) -> Q:
    return Q(next_contact_due__lt=today)


def review_due_ids(clients: QuerySet[Client], today: date) -> QuerySet:
    """Ids of `clients` whose care plan in force is due for review (or overdue)."""
    return _review_due_by(clients, plan_review_horizon(today))


def _review_due_by(clients: QuerySet[Client], horizon: date) -> QuerySet:
    return with_plan_review_due(clients.order_by()).filter(r_due__lte=horizon).values("pk")


def open_referrals(today: date) -> QuerySet[Referral]:
    """Referrals still open REFERRAL_OPEN_DAYS after they were sent (drafts: created)."""
    return _open_referrals_since(today - timedelta(days=REFERRAL_OPEN_DAYS))


def _open_referrals_since(since: date) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(status__in=OPEN_REFERRAL_STATUSES)
        .alias(sv_opened=Coalesce("sent_on", TruncDate("created_at")))
        .filter(sv_opened__lt=since)
    )


def open_flags() -> QuerySet[SafetyFlag]:
    return SafetyFlag.objects.filter(acknowledged_at__isnull=True)


def unsigned_notes(*, viewer: User, view: TeamView) -> QuerySet[Visit]:
    """Draft notes of the team's clients whose contact is over REMINDER_UNSIGNED_NOTE_HOURS
    old, with `sv_staff` = the author."""
    late = timezone.now() - timedelta(hours=settings.REMINDER_UNSIGNED_NOTE_HOURS)
    clients = team_clients(viewer=viewer, view=view)
    return Visit.objects.filter(
        signed_at__isnull=True,
        retracted_at__isnull=True,
        contact_at__lte=late,
        client__in=clients.values("pk"),
    ).annotate(sv_staff=F("author_id"))


def _per_client(rows: QuerySet) -> Subquery:
    """How many of `rows` belong to the outer client, as a number (0 when none)."""
    counted = rows.filter(client_id=OuterRef("pk")).order_by().values("client_id")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def figures_by_staff(
    *, viewer: User, view: TeamView, today: date
) -> tuple[dict[int | None, dict], list[User]]:
    """Every figure per case manager (None: clients without a primary), and the people the
    dashboard lists (the team's case managers, and whoever else carries its clients or owes
    it a note), by name. Two queries: one over the caseload (the referral and flag counts as
    per-client subqueries), one over the people with their unsigned notes counted."""
    dates = {
        "today": today,
        "horizon": plan_review_horizon(today),
        "since": today - timedelta(days=REFERRAL_OPEN_DAYS),
    }
    if is_supervised(viewer=viewer, view=view):
        rows = _FIGURES.rows(**supervised_values(viewer=viewer, view=view), **dates)
    else:
        found = _figures(caseload(viewer=viewer, view=view), **dates)
        rows = [tuple(row[key] for key in _FIGURE_COLUMNS) for row in found]
    figures: dict[int | None, dict] = {}
    for staff, *values in rows:
        figures[staff] = {**dict(zip(_FIGURE_COLUMNS[1:], values, strict=True)), "unsigned": 0}
    notes = unsigned_notes(viewer=viewer, view=view)
    per_author = (
        notes.filter(author_id=OuterRef("pk"))
        .order_by()
        .values("author_id")
        .annotate(n=Count("pk"))
    )
    members = view.team.memberships.filter(role=Role.CASE_MANAGER).values("user_id")
    carrying = [pk for pk in figures if pk is not None]
    people = list(
        User.objects.filter(
            Q(pk__in=members, is_active=True)
            | Q(pk__in=carrying)
            | Q(pk__in=notes.values("author_id"))
        )
        .annotate(
            sv_unsigned=Coalesce(
                Subquery(per_author.values("n")[:1], output_field=IntegerField()), Value(0)
            )
        )
        .order_by("full_name", "pk")
    )
    for person in people:
        figures.setdefault(person.pk, zero())["unsigned"] = person.sv_unsigned
    return figures, people


# The columns of `_figures`' rows, in the order its statement selects them.
_FIGURE_COLUMNS = ("sv_staff", "caseload", "weighted", "overdue", "reviews", "referrals", "flags")


def _figures(clients: QuerySet[Client], *, today: date, horizon: date, since: date) -> QuerySet:
    """The caseload's figures (all but the unsigned notes) per primary case manager."""
    return (
        clients.annotate(
            sv_referrals=_per_client(_open_referrals_since(since)),
            sv_flags=_per_client(open_flags()),
        )
        .order_by()
        .values("sv_staff")
        .annotate(
            caseload=Count("pk"),
            weighted=Sum("sv_weight"),
            overdue=Count("pk", filter=overdue_filter(today)),
            reviews=Count("pk", filter=Q(pk__in=_review_due_by(clients, horizon))),
            referrals=Sum("sv_referrals"),
            flags=Sum("sv_flags"),
        )
    )


def _caseload_figures(*, viewer: User, view: TeamView, now: datetime, **dates) -> QuerySet:
    return _figures(caseload(viewer=viewer, view=view, now=now), **dates)


_FIGURES = supervised_statement(
    Client,
    _caseload_figures,
    today=date(1901, 5, 6),  # stand-ins no request passes
    horizon=date(1901, 7, 8),
    since=date(1901, 9, 10),
)


def zero() -> dict:
    return {key: 0 for key in METRIC_KEYS}


def rows_for(
    *, metric: str, viewer: User, view: TeamView, today: date, staff: int | None | str = "all"
) -> QuerySet:
    """The rows behind one figure: clients, notes, referrals or flags. `staff` is a user id,
    None for "no primary case manager", or "all" for the whole team."""
    metric = LIST_OF.get(metric, metric)
    clients = caseload(viewer=viewer, view=view)
    if metric == "unsigned":
        return _for_staff(unsigned_notes(viewer=viewer, view=view), staff)
    mine = _for_staff(clients, staff)
    if metric == "caseload":
        return mine
    if metric == "overdue":
        return mine.filter(overdue_filter(today))
    if metric == "reviews":
        return mine.filter(pk__in=review_due_ids(clients, today))
    if metric == "referrals":
        return open_referrals(today).filter(client__in=mine.values("pk"))
    if metric == "flags":
        return open_flags().filter(client__in=mine.values("pk"))
    raise ValueError(f"Unknown metric {metric!r}")


def _for_staff(rows: QuerySet, staff: int | None | str) -> QuerySet:
    if staff == "all":
        return rows
    if staff is None:
        return rows.filter(sv_staff__isnull=True)
    return rows.filter(sv_staff=staff)
