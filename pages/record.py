"""The client record page's panels and header badges, in the order the page shows them.

Each app keeps its panel's template and context (`context(request, client)`: a fixed, small
number of queries) and its own URL, which serves the panel alone (a refresh, a link without
JavaScript). Where a panel's reads grow with the record, its context answers None and the
page leaves a placeholder that htmx fills from that URL after the first response, with the
page's record-open pass (`casework.audit.audit_panel_view`), so an open is audited once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from careplans import header as careplans_header
from careplans.views import assessments as careplans_assessments
from careplans.views import plans as careplans_plans
from casework.security import views as security_views
from clients.models import Client
from clients.selectors.matching import transfer_flag
from clients.views import careteam, consent, documents, events, lifecycle, people
from exports import views as exports_views
from referrals.views import referral as referral_views

PanelContext = Callable[[HttpRequest, Client], dict | None]


@dataclass(frozen=True)
class RecordPanel:
    title: str
    url_name: str
    # On a phone the record leads with these (what is due, the crisis plan, the care team)
    # and folds the other panels and the timeline behind their headings.
    lead: bool = False
    # Rendered in the record page's first response with the values `context` gives; where
    # it gives None (or there is none), htmx loads the panel from its URL after the page.
    template: str = ""
    context: PanelContext | None = None

    def url_for(self, client_id: int) -> str:
        return reverse(self.url_name, kwargs={"client_id": client_id})


PANELS: tuple[RecordPanel, ...] = (
    RecordPanel(
        "Status, program and staff", "clients:status_panel",
        template=lifecycle.STATUS_PANEL, context=lifecycle.status_panel_context,
    ),
    RecordPanel(
        "Assessments and scores", "careplans:client_panel",
        template=careplans_assessments.ASSESSMENTS_PANEL,
        context=careplans_assessments.client_panel_context,
    ),
    RecordPanel(
        "Care plan", "careplans:plan_panel", lead=True,
        template=careplans_plans.PLAN_PANEL, context=careplans_plans.plan_panel_context,
    ),
    RecordPanel(
        "Care team and appointments", "clients:care_team_panel", lead=True,
        template=careteam.CARE_TEAM_PANEL, context=careteam.care_team_panel_context,
    ),
    RecordPanel(
        "People", "clients:people_panel",
        template=people.PEOPLE_PANEL, context=people.people_panel_context,
    ),
    RecordPanel(
        "Consent to share", "clients:consent_panel",
        template=consent.CONSENT_PANEL, context=consent.consent_panel_context,
    ),
    RecordPanel(
        "Referrals", "referrals:referral_panel",
        template=referral_views.REFERRALS_PANEL, context=referral_views.referral_panel_context,
    ),
    RecordPanel(
        "Key events", "clients:events_panel",
        template=events.EVENTS_PANEL, context=events.events_panel_context,
    ),
    RecordPanel(
        "Documents", "clients:documents_panel",
        template=documents.DOCUMENTS_PANEL, context=documents.documents_panel_context,
    ),
    RecordPanel(
        "Copies and exports", "exports:client_panel",
        template=exports_views.CLIENT_PANEL, context=exports_views.client_panel_context,
    ),
    # casework's audit of this record: for supervisors and compliance reviewers it sums the
    # trail's opens of the last 30 days, which grow with the record's readers, so it loads
    # after the page; for the others it is one line, in the page.
    RecordPanel(
        "Who opened this record", "security:client_audit_panel",
        template=security_views.CLIENT_AUDIT_PANEL,
        context=security_views.client_audit_panel_in_page,
    ),
)  # fmt: skip


def panels_for(request: HttpRequest, client: Client) -> list[tuple[RecordPanel, str, dict | None]]:
    """(panel, its URL, its context when the page renders it now; None: htmx loads it)."""
    return [
        (p, p.url_for(client.pk), p.context(request, client) if p.context else None)
        for p in PANELS
    ]


@dataclass(frozen=True)
class HeaderBadge:
    template: str
    # The template's values, or None to show nothing; at most one query.
    context: Callable[[Client], dict[str, Any] | None]


BADGES: tuple[HeaderBadge, ...] = (
    HeaderBadge("careplans/_header_flags.html", careplans_header.flags_context),  # safety flags
    HeaderBadge("clients/_transfer_flag.html", transfer_flag),  # outside the team's area
)


def badges_for(client: Client) -> list[tuple[str, dict]]:
    """(template, its values) for each badge the client's header shows."""
    return [
        (badge.template, {"client": client, **values})
        for badge in BADGES
        if (values := badge.context(client)) is not None
    ]
