"""Demo referrals: for about twenty active clients, a referral in each state (draft, sent with
a follow-up overdue or due today, accepted, scheduled, completed, declined by the provider or
the client, did not attend, no response, cancelled), with follow-ups, sent under a release
that names the directory organisation. One draft has no covering release, so sending it shows
the refusal; one goes to an outside provider named in words.

Written through the services (the gate, the disclosure log, the timeline and the audit trail
are the real ones), dated in the past. Idempotent: an agency with any referral gets none.
Registered after the directory (30) and the consents (20).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from casework.models import Agency, Membership, Role, User
from clients.models import (
    Client,
    ConsentCategory,
    ConsentRelease,
    RecipientKind,
    SignatureMethod,
    SignerKind,
    Status,
)
from directory.models import Service, ServiceStatus
from referrals.models import Referral, ReferralStatus, Urgency
from referrals.services import referral as services

S = ReferralStatus
# (days ago sent, urgency, need, reason, what happened after sending:
#  [(days after sending, status or "follow_up", note)])
_STORIES = [
    (None, Urgency.ROUTINE, "income_housing", "Needs help finding stable housing.", []),
    (10, Urgency.ROUTINE, "income_housing", "Facing eviction at the end of the month.", []),
    (2, Urgency.URGENT, "daily_living", "Has run out of food; needs groceries this week.", []),
    (12, Urgency.ROUTINE, "work_leisure_education", "Wants to return to work part-time.",
     [(3, "follow_up", "Left a message with intake."), (5, S.ACCEPTED, "Intake done by phone.")]),
    (20, Urgency.ROUTINE, "physical_health", "No primary care doctor; diabetes unmanaged.",
     [(4, S.ACCEPTED, ""), (9, S.SCHEDULED, "First visit booked.")]),
    (40, Urgency.ROUTINE, "income_housing", "Applying for CalFresh; needs help with forms.",
     [(2, S.ACCEPTED, ""), (6, S.SCHEDULED, ""), (14, S.COMPLETED, "Enrolled; benefits start.")]),
    (35, Urgency.ROUTINE, "rights_advocacy", "SSI denial; wants to appeal.",
     [(8, S.DECLINED, "Caseload full until spring; suggested the county office.")]),
    (28, Urgency.ROUTINE, "relationships", "Interested in a peer support group.",
     [(5, S.ACCEPTED, ""), (7, S.CLIENT_DECLINED, "Decided the group times clash with work.")]),
    (30, Urgency.ROUTINE, "daily_living", "Needs a state ID to apply for benefits.",
     [(3, S.SCHEDULED, ""), (10, S.NO_SHOW, "Missed the appointment; was in hospital that week.")]),
    (45, Urgency.ROUTINE, "work_leisure_education", "Wants GED classes.",
     [(7, "follow_up", "No reply to e-mail."), (14, "follow_up", "Voicemail full."),
      (21, S.NO_RESPONSE, "Three weeks without an answer; will try another program.")]),
    (None, Urgency.ROUTINE, "coping", "Wants to learn money management.",
     [(0, S.CANCELLED, "Started in error: the client is already enrolled there.")]),
    (33, Urgency.ROUTINE, "income_housing", "Needs supportive housing; long homelessness.",
     [(6, "follow_up", "On the waitlist."), (15, S.ACCEPTED, "Waiting for a unit.")]),
    (3, Urgency.URGENT, "safety", "Needs a shelter bed tonight after leaving a violent home.",
     [(0, S.ACCEPTED, "Bed held."), (1, S.COMPLETED, "Moved in; safety plan updated.")]),
    (8, Urgency.ROUTINE, "daily_living", "Needs rides to dialysis.", []),
]  # fmt: skip


def seed_referrals(agency: Agency) -> None:
    if Referral.objects.filter(client__agency=agency).exists():
        return
    today = timezone.localdate()
    staff = dict(
        Membership.objects.filter(team__agency=agency, role=Role.CASE_MANAGER)
        .order_by("user__email")
        .values_list("team_id", "user_id")
    )
    users = User.objects.in_bulk(set(staff.values()))
    services_ = list(
        Service.objects.filter(
            agency=agency,
            status=ServiceStatus.ACTIVE,
            accepting_referrals=True,
            organization__is_active=True,
        )
        .select_related("organization")
        .order_by("name", "id")
    )
    if not services_ or not staff:
        return
    clients = [
        c
        for c in Client.objects.filter(agency=agency, status=Status.ACTIVE).order_by(
            "record_number"
        )
        if c.team_id in staff
    ][: len(_STORIES) + 2]
    for i, client in enumerate(clients[: len(_STORIES)]):
        by = users[staff[client.team_id]]
        service = _service_for(services_, _STORIES[i][2], i)
        _tell(client, service, by, _STORIES[i], today)
    if len(clients) > len(_STORIES):
        # A draft to an organisation the client has no release for: sending it is refused.
        client = clients[len(_STORIES)]
        services.referral_create(
            client=client,
            service=services_[len(services_) // 2],
            reason="Would like help with transport costs.",
            categories=[ConsentCategory.GENERAL],
            created_by=users[staff[client.team_id]],
        )
    if len(clients) > len(_STORIES) + 1:
        # An outside provider, named in words, under a release by name.
        client = clients[len(_STORIES) + 1]
        by = users[staff[client.team_id]]
        _release(client, "Dr. Ana Reyes Dental Practice", None, today - timedelta(days=50), by)
        referral = services.referral_create(
            client=client,
            provider_name="Dr. Ana Reyes Dental Practice",
            provider_contact="(555) 014-2290, front desk",
            reason="Tooth pain for two weeks; no dentist.",
            need_domain="physical_health",
            categories=[ConsentCategory.GENERAL],
            created_by=by,
        )
        services.referral_send(
            referral_id=referral.pk, version=None, sent_by=by, on=today - timedelta(days=6)
        )


_NEED_WORDS = {
    "income_housing": ("housing", "calfresh", "rental", "medi-cal", "assistance"),
    "daily_living": ("food", "pantry", "groceries", "id", "ride", "transit"),
    "work_leisure_education": ("employment", "ged", "training", "college"),
    "physical_health": ("clinic", "primary", "medical", "health"),
    "rights_advocacy": ("legal", "ssi", "appeal", "eviction"),
    "relationships": ("peer", "support", "clubhouse"),
    "safety": ("shelter", "crisis"),
    "coping": ("money", "coaching", "payee"),
}


def _service_for(services_: list[Service], need: str, i: int) -> Service:
    words = _NEED_WORDS.get(need, ())
    matching = [s for s in services_ if any(w in s.name.lower() for w in words)]
    pool = matching or services_
    return pool[i % len(pool)]


def _release(client: Client, name: str, directory_id: int | None, signed_on, by: User) -> None:
    categories = [ConsentCategory.GENERAL, ConsentCategory.MENTAL_HEALTH]
    if client.co_occurring_substance_use:
        categories.append(ConsentCategory.SUBSTANCE_USE)
    ConsentRelease.objects.create(
        client=client,
        discloser="Bayview Community Mental Health",
        recipient_kind=RecipientKind.ORGANIZATION,
        recipient_name=name,
        directory_organization_id=directory_id,
        categories=categories,
        purpose="Referral and care coordination, at the client's request",
        effective_on=signed_on,
        expires_on=signed_on + timedelta(days=365),
        signer_kind=SignerKind.CLIENT,
        signature_method=SignatureMethod.WET,
        signed_on=signed_on,
        copy_given_on=signed_on,
        told_right_to_revoke=True,
        told_not_conditioned=True,
        told_redisclosure=True,
        created_by=by,
    )


def _tell(client: Client, service: Service, by: User, story, today) -> None:
    sent_ago, urgency, need, reason, events = story
    organization = service.organization
    categories = [ConsentCategory.GENERAL]
    if sent_ago is not None:
        _release(
            client, organization.name, organization.pk, today - timedelta(days=sent_ago + 20), by
        )
        categories.append(ConsentCategory.MENTAL_HEALTH)
    referral = services.referral_create(
        client=client,
        service=service,
        reason=reason,
        need_domain=need,
        urgency=urgency,
        categories=categories,
        created_by=by,
    )
    if sent_ago is None:
        for _days, status, note in events:
            services.referral_transition(
                referral_id=referral.pk, version=None, to_status=status, changed_by=by, note=note
            )
        return
    sent_on = today - timedelta(days=sent_ago)
    services.referral_send(referral_id=referral.pk, version=None, sent_by=by, on=sent_on)
    for days, status, note in events:
        on = min(sent_on + timedelta(days=days), today)
        if status == "follow_up":
            services.referral_follow_up_log(
                referral_id=referral.pk, version=None, logged_by=by, contact="provider",
                note=note, on=on, next_follow_up_on=max(on + timedelta(days=7), today),
            )  # fmt: skip
            continue
        appointment = None
        if status == S.SCHEDULED:
            appointment = timezone.make_aware(datetime.combine(on + timedelta(days=5), time(10)))
        services.referral_transition(
            referral_id=referral.pk, version=None, to_status=status, changed_by=by,
            note=note or "", on=on, appointment_at=appointment,
        )  # fmt: skip
