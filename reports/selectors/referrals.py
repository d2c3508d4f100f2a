"""Referrals by category and outcome, with the median days from sending to completion.

The referrals counted are those sent in the period (drafts never sent are not referrals
yet), for clients of the scope's teams today. Category is the need the referral answers
(`Referral.need_domain`, one per referral, so rows add up); outcome is the status now.
Days to completion run from the day it was sent to the day it was closed as completed.
"""

from __future__ import annotations

from django.db.models import Aggregate, Count, F, FloatField, Func, IntegerField, Q

from casework.charts import Series
from casework.models import User
from referrals.models import AWAITING_STATUSES, NEED_DOMAINS, Referral, ReferralStatus
from reports.charts import hbar_chart
from reports.period import Period
from reports.results import CLIENT_FIELDS, CLIENT_ORDER, Report, Table, client_name
from reports.scope import ReportScope

NOT_STATED = "Not stated"
S = ReferralStatus
# (column, statuses) in the order of the table.
OUTCOMES = (
    ("Completed", (S.COMPLETED,)),
    ("Declined by the provider", (S.DECLINED,)),
    ("Declined by the client", (S.CLIENT_DECLINED,)),
    ("Did not attend", (S.NO_SHOW,)),
    ("No response", (S.NO_RESPONSE,)),
    ("Cancelled", (S.CANCELLED,)),
    ("Still open", AWAITING_STATUSES),
)


class Median(Aggregate):
    """PostgreSQL's continuous median (the mean of the middle two for an even count)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_to_close() -> Func:
    # date - date is a whole number of days in PostgreSQL (Django's DateField subtraction
    # would make an interval).
    return Func(
        F("closed_on"),
        F("sent_on"),
        arg_joiner=" - ",
        template="(%(expressions)s)",
        output_field=IntegerField(),
    )


def _aggregates() -> dict:
    out = {"sent": Count("pk")}
    for i, (_label, statuses) in enumerate(OUTCOMES):
        out[f"o{i}"] = Count("pk", filter=Q(status__in=statuses))
    out["median"] = Median(_days_to_close(), filter=Q(status=S.COMPLETED))
    return out


def referrals_report(*, viewer: User, scope: ReportScope, period: Period) -> Report:
    """Queries: per category, the whole period; with client details, the list."""
    referrals = Referral.objects.filter(
        scope.client_filter(viewer),
        sent_on__gte=period.start,
        sent_on__lte=period.end,
    )
    names = dict(NEED_DOMAINS)
    grouped = {
        r["need_domain"]: r
        for r in referrals.order_by().values("need_domain").annotate(**_aggregates())
    }
    overall = referrals.aggregate(**_aggregates())
    order = [key for key, _ in NEED_DOMAINS if key in grouped]
    if "" in grouped:
        order.append("")

    def line(label: str, r: dict) -> list:
        median = r["median"]
        return [
            label,
            r["sent"],
            *(r[f"o{i}"] for i in range(len(OUTCOMES))),
            None if median is None else round(median, 1),
        ]

    rows = [line(str(names.get(key, NOT_STATED)), grouped[key]) for key in order]
    headers = ["Category", "Sent", *(label for label, _ in OUTCOMES), "Median days to completion"]
    table = Table(
        "Referrals by category and outcome",
        headers,
        rows,
        total=line("All categories", overall),
        sheet="By category",
    )
    report = Report(
        slug="referrals",
        title="Referrals by category and outcome",
        scope=scope,
        period=period,
        figures=[
            ("Referrals sent", overall["sent"]),
            ("Completed", overall["o0"]),
            ("Still open", overall[f"o{len(OUTCOMES) - 1}"]),
            (
                "Median days to completion",
                "–" if overall["median"] is None else round(overall["median"], 1),
            ),
        ],
        tables=[table],
        chart=hbar_chart(
            title="Referrals by category and outcome",
            categories=[r[0] for r in rows],
            series=[
                Series(label, [r[2 + i] for r in rows]) for i, (label, _) in enumerate(OUTCOMES)
            ],
            category_label="Category",
        ),
        notes=[
            "Referrals sent in the period, by the need they answer, with their outcome today. "
            "Median days: from sending to completion, completed referrals only.",
        ],
    )
    if scope.shows_clients:
        statuses = dict(ReferralStatus.choices)
        listed = []
        for r in referrals.values(
            *CLIENT_FIELDS,
            "pk",
            "need_domain",
            "service__name",
            "provider_name",
            "sent_on",
            "status",
            "closed_on",
        ).order_by("sent_on", *CLIENT_ORDER, "pk"):
            done = r["status"] == S.COMPLETED
            listed.append(
                [
                    r["sent_on"],
                    client_name(r),
                    r["client__record_number"],
                    str(names.get(r["need_domain"], NOT_STATED)),
                    r["service__name"] or r["provider_name"],
                    str(statuses[r["status"]]),
                    r["closed_on"],
                    (r["closed_on"] - r["sent_on"]).days if done else None,
                ]
            )
        report.lists.append(
            Table(
                "Referrals",
                [
                    "Sent on",
                    "Client",
                    "Record number",
                    "Category",
                    "Provider",
                    "Outcome",
                    "Closed on",
                    "Days to completion",
                ],
                listed,
                sheet="Referrals",
            )
        )
    return report
