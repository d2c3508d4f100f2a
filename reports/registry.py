"""The reports, in the order the page lists them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reports.results import Report
from reports.selectors.caseload import caseload_report
from reports.selectors.contacts import contacts_report, minutes_report
from reports.selectors.events import events_report, follow_up_report
from reports.selectors.referrals import referrals_report


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str
    summary: str
    build: Callable[..., Report]


REPORTS = {
    r.slug: r
    for r in (
        ReportKind(
            "contacts",
            "Contacts per client per month",
            "Completed and attempted contacts, month by month, for each client.",
            contacts_report,
        ),
        ReportKind(
            "minutes",
            "Service minutes",
            "Minutes of service by service type and place.",
            minutes_report,
        ),
        ReportKind(
            "clients",
            "Clients served, new and discharged",
            "Unique clients served, new and re-opened clients, discharges by reason.",
            caseload_report,
        ),
        ReportKind(
            "events",
            "Key events",
            "Hospitalisations, jail stays, housing and employment changes.",
            events_report,
        ),
        ReportKind(
            "follow-up",
            "Follow-up after hospital discharge",
            "Completed contact within 7 and 30 days of leaving hospital, with the misses.",
            follow_up_report,
        ),
        ReportKind(
            "referrals",
            "Referrals",
            "Referrals by category and outcome, with median days to completion.",
            referrals_report,
        ),
    )
}
