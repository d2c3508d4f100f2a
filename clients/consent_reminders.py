"""The "consent expiring" reminder rule; registered in clients/apps.py beside
`clients.reminders`, whose recipient logic it shares (the current primary case manager, else
the team's supervisors).

ONE query, however many clients: releases active today whose expiry date falls within
CONSENT_EXPIRY_NOTICE_DAYS (30), for clients not discharged. The reminder is due on the
expiry day and resolves by itself once the release is no longer asked for: revoked, ended by
its event, or past its expiry day. Renewing is recording a new release; the old reminder stays
until the old release ends or staff mark it done.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casework import reminders
from clients.models import ConsentRelease, Status
from clients.reminders import client_candidates, to_case_managers, url_pattern

CONSENT_EXPIRING = "clients.consent_expiring"


RULES = reminders.RuleSet()


def _consent_url(client_id: int, consent_id: int) -> str:
    pattern = url_pattern("clients:consent_detail", "client_id", "pk")
    return pattern.format(client_id=client_id, pk=consent_id)


@RULES.rule(CONSENT_EXPIRING, _("Consent expiring"), "clients.consentrelease", order=40)
def consent_expiring_candidates(now: datetime) -> list[reminders.Candidate]:
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.CONSENT_EXPIRY_NOTICE_DAYS)
    expiring = (
        ConsentRelease.objects.active_on(today)
        .filter(expires_on__lte=horizon)
        .exclude(client__status=Status.DISCHARGED)
    )
    rows = to_case_managers(expiring, client="client__", r_object=F("id"), r_due=F("expires_on"))
    return client_candidates(
        rows,
        # No recipient name or category: titles reach e-mail.
        title=lambda due_on: str(_("Release of information expires {day}")).format(
            day=date_format(due_on, "j M")
        ),
        url=_consent_url,
    )


register = RULES.register
