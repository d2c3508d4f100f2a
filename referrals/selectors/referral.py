"""Reads of referrals; each takes `viewer=` and goes through the clients' access policy
(a referral is as visible as its client)."""

from __future__ import annotations

from typing import NoReturn

from django.db.models import F, QuerySet
from django.http import Http404

from casework import access
from casework.models import User
from clients.models import Client, Disclosure
from clients.selectors import client_get_for, client_get_for_change
from referrals.models import OPEN_STATUSES, Referral, ReferralEvent


def _with_provider(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("service", "organization", "referred_by")


def referrals_for_client(*, viewer: User, client: Client) -> QuerySet[Referral]:
    """The client's referrals, newest first. `client` was found with `client_get_for`, so the
    viewer may read it."""
    return _with_provider(Referral.objects.filter(client_id=client.pk)).order_by(
        "-created_at", "-id"
    )


def referral_get_for(
    *, viewer: User, client_id: int, pk: int, change: bool = False
) -> tuple[Client, Referral]:
    """The client and one of their referrals: 404 outside the viewer's teams (or when the
    referral is another client's), 403 for read-only members on writes."""
    if change:
        client = client_get_for_change(viewer=viewer, pk=client_id)
    else:
        client = client_get_for(viewer=viewer, pk=client_id)
    try:
        referral = (
            _with_provider(Referral.objects.filter(client_id=client.pk))
            .select_related("consent", "service__organization")
            .get(pk=pk)
        )
    except Referral.DoesNotExist:
        _refuse_referral(viewer, pk)
    return client, referral


def _refuse_referral(viewer: User, pk: int) -> NoReturn:
    """A referral id that is not the given client's: when it exists and its client lies
    outside the viewer's scope, the refusal goes through the access policy (and is audited
    like one on that client's own page); otherwise a plain 404. Refusals only: one query."""
    other = (
        Referral.objects.filter(pk=pk)
        .exclude(client__in=Client.objects.visible_to(viewer))
        .values_list("client_id", flat=True)
        .first()
    )
    if other is not None:
        access.refuse_client(other)
    raise Http404("No Referral matches the given query.")


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
