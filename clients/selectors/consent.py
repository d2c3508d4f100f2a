"""Reads of releases of information and disclosures, always through a client the viewer may
read (or, for the cross-client expiring list, through the viewer's team scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from casework import access
from casework.models import User
from clients.models import ACCOUNTED_BASES, Assignment, Client, ConsentRelease, Disclosure
from clients.selectors.clients import ClientRowsStatement, client_row_get_for, client_rows


def consents_for(*, viewer: User, client: Client) -> QuerySet[ConsentRelease]:
    """The client's releases, newest first, with what their rows show."""
    return _in_order(client_rows(ConsentRelease, viewer=viewer, client=client))


def _in_order(consents: QuerySet[ConsentRelease], _shape: object = ()) -> QuerySet[ConsentRelease]:
    return consents.select_related("related_person").order_by("-effective_on", "-id")


def consents_listed_for(*, viewer: User, client: Client) -> list[ConsentRelease]:
    """Every release of `consents_for`, read by a statement built once per process (the
    record's consent card)."""
    return _LISTED.list(viewer=viewer, client=client)


_LISTED = ClientRowsStatement(ConsentRelease, _in_order)


def consent_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, ConsentRelease]:
    """The client and one of their releases; 404 outside the viewer's teams, 403 with
    `change=True` for read-only members."""
    rows = ConsentRelease.objects.select_related(
        "related_person", "created_by", "revocation_received_by", "form_uploaded_by"
    )
    client, consent = client_row_get_for(
        rows, viewer=viewer, client_id=client_id, pk=pk, change=change
    )
    consent.client = client
    return client, consent


def disclosures_for(
    *, viewer: User, client: Client, consent: ConsentRelease | None = None
) -> QuerySet[Disclosure]:
    """The accounting of disclosures, newest first."""
    rows = (
        client_rows(Disclosure, viewer=viewer, client=client)
        .select_related("consent", "disclosed_by")
        .order_by("-disclosed_on", "-recorded_at", "-id")
    )
    return rows.filter(consent=consent) if consent is not None else rows


# HIPAA 164.528(a)(3): the accounting covers the six years before the request.
ACCOUNTING_YEARS = 6


def accounting_start(on: date) -> date:
    """The first day of the accounting period: the same day six years earlier (28 February
    when that year has no 29th)."""
    try:
        return on.replace(year=on.year - ACCOUNTING_YEARS)
    except ValueError:
        return on.replace(year=on.year - ACCOUNTING_YEARS, day=28)


@dataclass(frozen=True)
class Accounting:
    """The client's accounting of disclosures for the six years up to `on`: what HIPAA
    requires in it (164.512 disclosures, without authorization), apart from what the agency
    also logs (under a release, treatment, to the client)."""

    since: date
    on: date
    required: list[Disclosure]
    also_logged: list[Disclosure]

    @property
    def includes_substance_use(self) -> bool:
        return any(d.includes_substance_use for d in self.required + self.also_logged)


def accounting_of(disclosures: list[Disclosure], *, on: date) -> Accounting:
    """The accounting made from disclosures already loaded (newest first), no query."""
    since = accounting_start(on)
    rows = [d for d in disclosures if since <= d.disclosed_on <= on]
    required = [d for d in rows if d.legal_basis in ACCOUNTED_BASES]
    also = [d for d in rows if d.legal_basis not in ACCOUNTED_BASES]
    return Accounting(since=since, on=on, required=required, also_logged=also)


def accounting_for(*, viewer: User, client: Client, on: date | None = None) -> Accounting:
    """One query: the six years' disclosures, split by whether HIPAA's accounting holds them."""
    on = on or timezone.localdate()
    rows = disclosures_for(viewer=viewer, client=client).filter(
        disclosed_on__gte=accounting_start(on), disclosed_on__lte=on
    )
    return accounting_of(list(rows), on=on)


def expiry_horizon(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)


def expiring_consents_for(*, viewer: User, mine: bool = True) -> QuerySet[ConsentRelease]:
    """Releases active today that expire within CONSENT_EXPIRY_NOTICE_DAYS (30), soonest
    first, for the clients of the viewer's teams; `mine` keeps the clients the viewer is
    currently assigned to."""
    today = timezone.localdate()
    rows = (
        ConsentRelease.objects.filter(access.team_scope(viewer, team_field="client__team"))
        .active_on(today)
        .filter(expires_on__lte=expiry_horizon(today))
        .select_related("client", "related_person")
        .order_by("expires_on", "client__family_name", "id")
    )
    if mine:
        assigned = Assignment.objects.filter(
            client_id=OuterRef("client_id"), staff=viewer, ended_on__isnull=True
        )
        rows = rows.filter(Exists(assigned))
    return rows
