"""Demo rows that give every report something to show for the default period (the last
whole month) on every team: referrals sent that month with their outcomes, and one
psychiatric hospital discharge that nobody followed up within 7 days. Written like the
other demo data (through the referral services; key events as the history writes them).
Idempotent: an agency that has these rows gets none again. Registered after the referrals
(35), before the reminder sweep (90), so the missed follow-up is reminded too."""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.utils import timezone

from casework.models import Agency, Membership, Role, Team
from clients.models import (
    Client,
    ConsentCategory,
    ConsentRelease,
    EventKind,
    KeyEvent,
    Mode,
    RecipientKind,
    SignatureMethod,
    SignerKind,
    Status,
    Visit,
)
from directory.models import Service, ServiceStatus
from referrals.models import Referral, ReferralStatus
from referrals.services import referral as referral_services
from reports.period import last_month

S = ReferralStatus
# (day of the month sent, need, words in the service's name, reason, [(days later, status, note)])
_STORIES = (
    (2, "income_housing", ("housing", "rental"), "Needs help with a rental application.",
     [(3, S.ACCEPTED, ""), (9, S.COMPLETED, "Application handed in together.")]),
    (6, "daily_living", ("food", "pantry"), "Needs a food pantry near home.",
     [(1, S.ACCEPTED, ""), (4, S.COMPLETED, "Picked up groceries the same week.")]),
    (11, "work_leisure_education", ("employment", "training"), "Wants supported employment.",
     [(6, S.DECLINED, "No openings until next quarter.")]),
    (19, "physical_health", ("clinic", "medical"), "Needs a primary-care doctor.",
     [(2, S.ACCEPTED, "Intake call booked.")]),
)  # fmt: skip
_REASONS = [story[3] for story in _STORIES]
_STAY_NOTE = "Admitted after a crisis; discharged with a follow-up appointment."


def seed_report_examples(agency: Agency) -> None:
    if Referral.objects.filter(client__agency=agency, reason__in=_REASONS).exists():
        return
    period = last_month()
    services = list(
        Service.objects.filter(
            agency=agency,
            status=ServiceStatus.ACTIVE,
            accepting_referrals=True,
            organization__is_active=True,
        )
        .select_related("organization")
        .order_by("name", "id")
    )
    for team in Team.objects.filter(agency=agency, is_active=True).order_by("name"):
        member = (
            Membership.objects.filter(team=team, role=Role.CASE_MANAGER)
            .select_related("user")
            .order_by("user__email")
            .first()
        )
        if member is None:
            continue
        clients = list(
            Client.objects.filter(team=team, status__in=[Status.ACTIVE, Status.ON_HOLD])
            .exclude(referrals__isnull=False)
            .order_by("record_number")
        )
        referred = [c for c in clients if c.status == Status.ACTIVE][: len(_STORIES)]
        if services:
            for client, story in zip(referred, _STORIES, strict=False):
                _refer(client, story, services, member.user, period.start)
        others = [c for c in clients if c not in referred]
        _missed_follow_up(others, member.user, period.start, period.end)


def _refer(client, story, services, by, first: datetime.date) -> None:
    day, need, words, reason, events = story
    service = next((s for s in services if any(w in s.name.lower() for w in words)), services[day])
    sent_on = first + timedelta(days=day - 1)
    ConsentRelease.objects.create(
        client=client,
        discloser="Bayview Community Mental Health",
        recipient_kind=RecipientKind.ORGANIZATION,
        recipient_name=service.organization.name,
        directory_organization_id=service.organization_id,
        categories=[ConsentCategory.GENERAL, ConsentCategory.MENTAL_HEALTH],
        purpose="Referral and care coordination, at the client's request",
        effective_on=sent_on - timedelta(days=10),
        expires_on=sent_on + timedelta(days=355),
        signer_kind=SignerKind.CLIENT,
        signature_method=SignatureMethod.WET,
        signed_on=sent_on - timedelta(days=10),
        copy_given_on=sent_on - timedelta(days=10),
        told_right_to_revoke=True,
        told_not_conditioned=True,
        told_redisclosure=True,
        created_by=by,
    )
    referral = referral_services.referral_create(
        client=client,
        service=service,
        reason=reason,
        need_domain=need,
        categories=[ConsentCategory.GENERAL],
        created_by=by,
    )
    referral_services.referral_send(referral_id=referral.pk, version=None, sent_by=by, on=sent_on)
    for later, status, note in events:
        referral_services.referral_transition(
            referral_id=referral.pk,
            version=None,
            to_status=status,
            changed_by=by,
            note=note,
            on=sent_on + timedelta(days=later),
        )


def _missed_follow_up(clients, by, first: datetime.date, last: datetime.date) -> None:
    """A five-day stay ending on a day with no completed contact in the week after it, for
    the first client whose history has such a gap (a client who fell behind)."""
    today = timezone.localdate()
    contacts: dict[int, set[datetime.date]] = {}
    for client_id, when in (
        Visit.objects.filter(client__in=clients, retracted_at__isnull=True)
        .exclude(mode=Mode.ATTEMPTED)
        .filter(contact_at__date__gte=first)
        .values_list("client_id", "contact_at")
    ):
        contacts.setdefault(client_id, set()).add(timezone.localtime(when).date())
    for client in clients:
        seen = contacts.get(client.pk, set())
        day = first
        while day <= last and day + timedelta(days=8) < today:
            quiet = {day + timedelta(days=k) for k in range(8)}
            if not quiet & seen:
                KeyEvent.objects.create(
                    client=client,
                    kind=EventKind.HOSPITAL,
                    started_on=day - timedelta(days=5),
                    ended_on=day,
                    place="County Psychiatric Hospital",
                    description=_STAY_NOTE,
                    recorded_by=by,
                )
                return
            day += timedelta(days=1)
