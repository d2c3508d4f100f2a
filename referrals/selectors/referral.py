"""Reads of referrals; each takes `viewer=` and goes through the clients' access policy
(a referral is as visible as its client)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractDay, TruncDate
from django.http import Http404

from casework import access
from casework.access import WRITE_ROLES
from casework.models import Team, User
from casework.prepared import Prepared
from clients.models import Client, Disclosure
from clients.selectors import client_get_for, client_get_for_change
from referrals.models import (
    AWAITING_STATUSES,
    OPEN_STATUSES,
    Referral,
    ReferralEvent,
    ReferralStatus,
)


def _with_provider(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("service", "organization", "referred_by")


def referrals_for_client(*, viewer: User, client: Client) -> QuerySet[Referral]:
    """The client's referrals, newest first. `client` was found with `client_get_for`, so the
    viewer may read it."""
    return _with_provider(Referral.objects.filter(client_id=client.pk)).order_by(
        "-created_at", "-id"
    )


# What the record's card lists: a referral still awaiting an answer, or a draft.
_PANEL_OPEN = (*AWAITING_STATUSES, ReferralStatus.DRAFT)


def referral_panel_for(*, viewer: User, client: Client, size: int = 5) -> tuple[list, int]:
    """The record card's first `size` open referrals (newest first) and the number of the
    others, in one query: the rows come open ones first, each carrying the count of the
    client's other referrals (a window over them all, taken before the limit)."""
    rows = _PANEL.objects(size, client_id=client.pk)
    others = rows[0].panel_others if rows else 0
    return [r for r in rows if r.panel_open], others


def _panel(size: int, *, client_id: int) -> QuerySet[Referral]:
    is_open = Q(status__in=_PANEL_OPEN)
    return (
        _with_provider(Referral.objects.filter(client_id=client_id))
        .annotate(
            panel_open=Case(When(is_open, then=Value(True)), default=Value(False)),
            panel_others=Window(Count("pk", filter=~is_open)),
        )
        .order_by("-panel_open", "-created_at", "-id")[:size]
    )


# Built once per process, one per size (casework.prepared): every open of a record reads it.
_PANEL = Prepared(Referral, _panel, client_id=-2_000_000_053)


def referral_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, Referral]:
    """The client and one of their referrals: 404 outside the viewer's teams (or when the
    referral is another client's), 403 for read-only members on writes."""
    if change:
        client = client_get_for_change(viewer=viewer, pk=client_id)
    else:
        client = client_get_for(viewer=viewer, pk=client_id)
    referral = access.child_or_404(
        _with_provider(Referral.objects.all()).select_related("consent", "service__organization"),
        pk=pk,
        client=client,
    )
    return client, referral


def referral_timeline(referral: Referral) -> QuerySet[ReferralEvent]:
    return referral.events.select_related("by").order_by("happened_on", "recorded_at", "id")


def open_referrals_for(*, viewer: User) -> QuerySet[Referral]:
    """ "My open referrals": the ones the viewer made that are still open, for clients the
    viewer can still see; overdue follow-ups first (earliest follow-up date first, drafts
    without one last). One query per page, whatever the count."""
    return (
        _with_provider(
            Referral.objects.filter(
                referred_by=viewer,
                status__in=OPEN_STATUSES,
                client__in=Client.objects.visible_to(viewer),
            )
        )
        .select_related("client")
        .order_by(F("follow_up_on").asc(nulls_last=True), "sent_on", "id")
    )


def packet_disclosure(*, client: Client, pk: int) -> Disclosure | None:
    """The disclosure a packet print was logged as, to confirm it on the page. `client` was
    found with `client_get_for`."""
    return (
        Disclosure.objects.filter(client_id=client.pk, pk=pk).select_related("disclosed_by").first()
    )


@dataclass(frozen=True)
class TeamReferralQuery:
    """The supervisor's filters; empty values mean "any"."""

    team_id: int | None = None
    status: str = ""
    referred_by_id: int | None = None
    overdue: bool = False


def supervised_teams_for(*, viewer: User) -> QuerySet[Team]:
    """The teams the viewer supervises (403 for anyone who supervises none)."""
    team_ids = access.access_for(viewer).supervised_team_ids
    if not team_ids:
        raise PermissionDenied
    return Team.objects.filter(pk__in=team_ids, is_active=True).order_by("name", "pk")


def team_referral_staff(*, viewer: User) -> QuerySet[User]:
    """Who may have made the supervised teams' referrals: their clinical staff, for the
    filter."""
    team_ids = access.access_for(viewer).supervised_team_ids
    return (
        User.objects.filter(memberships__team_id__in=team_ids, memberships__role__in=WRITE_ROLES)
        .distinct()
        .order_by("full_name", "pk")
    )


def team_open_referrals_for(
    *, viewer: User, query: TeamReferralQuery, today: date
) -> QuerySet[Referral]:
    """Open referrals of the clients of the teams the viewer supervises, with `days_open`
    (since sending, or since the draft was written); overdue follow-ups first. A team the
    viewer does not supervise answers 404. One query per page, whatever the count."""
    team_ids = access.access_for(viewer).supervised_team_ids
    if not team_ids:
        raise PermissionDenied
    if query.team_id is not None:
        if query.team_id not in team_ids:
            raise Http404("No team matches the given query.")
        team_ids = frozenset({query.team_id})
    referrals = Referral.objects.filter(
        access.team_scope(viewer, team_field="client__team"),
        client__team_id__in=team_ids,
        status__in=OPEN_STATUSES,
    )
    if query.status:
        referrals = referrals.filter(status=query.status)
    if query.referred_by_id is not None:
        referrals = referrals.filter(referred_by_id=query.referred_by_id)
    if query.overdue:
        referrals = referrals.filter(follow_up_on__lt=today, status__in=AWAITING_STATUSES)
    opened = Coalesce("sent_on", TruncDate("created_at"))
    return (
        _with_provider(referrals)
        .select_related("client", "client__team")
        .annotate(
            days_open=ExtractDay(
                ExpressionWrapper(Value(today) - opened, output_field=DurationField())
            )
        )
        .order_by(F("follow_up_on").asc(nulls_last=True), "sent_on", "id")
    )
