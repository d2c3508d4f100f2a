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
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework import reminders
from clients.models import Status
from clients.reminders import client_candidate, url_pattern
from referrals.models import AWAITING_STATUSES, Referral

REFERRAL_FOLLOW_UP = "referrals.referral_follow_up"
REFERRAL_NO_OUTCOME = "referrals.referral_no_outcome"


RULES = reminders.RuleSet()


def _referral_rows(referrals, date: str):
    """(referrer, referral, `date`, client, team, first name, preferred, record): one query
    with one join to the client, in the columns `client_candidate` reads."""
    return referrals.exclude(client__status=Status.DISCHARGED).values_list(
        "referred_by_id",
        "pk",
        date,
        "client_id",
        "client__team_id",
        "client__given_name",
        "client__preferred_name",
        "client__record_number",
    )


def _referral_url(client_id: int, referral_id: int) -> str:
    pattern = url_pattern("referrals:referral_detail", "client_id", "pk")
    return pattern.format(client_id=client_id, pk=referral_id)


# A follow-up overdue by REMINDER_ESCALATE_AFTER_DAYS reaches the team's supervisors.
@RULES.rule(
    REFERRAL_FOLLOW_UP, _("Referral follow-up due"), "referrals.referral", escalates=True, order=60
)
def referral_follow_up_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.REFERRAL_FOLLOW_UP_NOTICE_DAYS)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, follow_up_on__lte=horizon)
    # No provider or reason: titles reach e-mail.
    title = str(_("Referral follow-up due"))
    return [
        client_candidate(row, title=title, url=_referral_url(row[3], row[1]))
        for row in _referral_rows(referrals, "follow_up_on")
    ]


@RULES.rule(REFERRAL_NO_OUTCOME, _("Referral open with no outcome"), "referrals.referral", order=61)
def referral_no_outcome_candidates(now: datetime) -> list[reminders.Candidate]:
    days = settings.REFERRAL_NO_OUTCOME_DAYS
    cutoff = timezone.localdate(now) - timedelta(days=days)
    referrals = Referral.objects.filter(status__in=AWAITING_STATUSES, sent_on__lte=cutoff)
    title = str(_("Referral open with no outcome after {days} days")).format(days=days)
    return [
        client_candidate(
            row,
            title=title,
            due_on=row[2] + timedelta(days=days),
            url=_referral_url(row[3], row[1]),
        )
        for row in _referral_rows(referrals, "sent_on")
    ]


register = RULES.register
