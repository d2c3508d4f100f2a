"""Reminder rules of referrals, registered in referrals/apps.py (the directory's own rule,
entries not verified for a year, is in directory/reminders.py).

"Referral follow-up due": each open, sent referral whose follow-up date falls within
REFERRAL_FOLLOW_UP_NOTICE_DAYS (or has passed) reminds the person who made it, due on that
date. Logging a follow-up moves the date (a new reminder; the old one resolves), and closing
the referral with an outcome resolves it; overdue long enough, it escalates like check-ins.

"Referral open with no outcome": a referral sent REFERRAL_NO_OUTCOME_DAYS ago or more and
still open reminds its referrer, due that many days after sending, until an outcome is
recorded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import reminders
from clients.models import Status
from referrals.models import AWAITING_STATUSES, Referral

REFERRAL_FOLLOW_UP = "referrals.referral_follow_up"
REFERRAL_NO_OUTCOME = "referrals.referral_no_outcome"


def _referral_rows(referrals):
    """(referrer, referral, due date source, client, team, first name, preferred, record):
    one query with one join to the client."""
    return referrals.exclude(client__status=Status.DISCHARGED).values_list(
        "referred_by_id",
        "pk",
        "follow_up_on",
        "sent_on",
        "client_id",
        "client__team_id",
        "client__given_name",
        "client__preferred_name",
        "client__record_number",
    )


def _referral_url(client_id: int, referral_id: int) -> str:
    return reverse("referrals:referral_detail", kwargs={"client_id": client_id, "pk": referral_id})


def referral_follow_up_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.REFERRAL_FOLLOW_UP_NOTICE_DAYS)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, follow_up_on__lte=horizon)
    url = _referral_url(987654321, 123456789)
    return [
        reminders.Candidate(
            recipient_id=recipient,
            object_id=pk,
            due_on=follow_up_on,
            client_id=client_id,
            team_id=team_id,
            subject=f"{preferred or given} ({record})",
            # No provider or reason: titles reach e-mail.
            title=str(_("Referral follow-up due")),
            url=url.replace("987654321", str(client_id)).replace("123456789", str(pk)),
        )
        for recipient, pk, follow_up_on, _sent, client_id, team_id, given, preferred, record in (
            _referral_rows(referrals)
        )
    ]


def referral_no_outcome_candidates(now: datetime) -> list[reminders.Candidate]:
    days = settings.REFERRAL_NO_OUTCOME_DAYS
    cutoff = timezone.localdate(now) - timedelta(days=days)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, sent_on__lte=cutoff)
    url = _referral_url(987654321, 123456789)
    return [
        reminders.Candidate(
            recipient_id=recipient,
            object_id=pk,
            due_on=sent_on + timedelta(days=days),
            client_id=client_id,
            team_id=team_id,
            subject=f"{preferred or given} ({record})",
            title=str(_("Referral open with no outcome after {days} days")).format(days=days),
            url=url.replace("987654321", str(client_id)).replace("123456789", str(pk)),
        )
        for recipient, pk, _follow, sent_on, client_id, team_id, given, preferred, record in (
            _referral_rows(referrals)
        )
    ]


RULES = (
    reminders.Rule(
        kind=REFERRAL_FOLLOW_UP,
        label=_("Referral follow-up due"),
        object_type="referrals.referral",
        candidates=referral_follow_up_candidates,
        # A follow-up overdue by REMINDER_ESCALATE_AFTER_DAYS reaches the team's supervisors.
        escalates=True,
        order=60,
    ),
    reminders.Rule(
        kind=REFERRAL_NO_OUTCOME,
        label=_("Referral open with no outcome"),
        object_type="referrals.referral",
        candidates=referral_no_outcome_candidates,
        order=61,
    ),
)


def register() -> None:
    for rule in RULES:
        reminders.register(rule)
