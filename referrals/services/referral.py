"""Referrals: create (a draft), edit a draft, send through the consent gate, move along the
lifecycle, log follow-ups. One state change, one transaction: lock the row, check the version
the user saw and the rule, change, write the timeline and the audit trail.

Sending is the moment information leaves the care team: `referral_send` asks the consent gate
(clients.selectors.consent_gate) for the recipient and the categories the case manager chose and
logs the disclosure under the covering release in the same transaction. When no release
covers it, `ConsentRequiredError` carries the gate's reason and nothing is sent or logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.audit import audit_client
from casework.errors import refuse_changed
from casework.models import User, save_new_version
from clients.models import Client, Disclosure, DisclosureMethod, Status
from clients.selectors.consent_gate import Recipient
from clients.services.disclosures import ConsentRequiredError, disclosure_record
from clients.services.releases import consent_link_directory_organization
from directory.models import Service, ServiceStatus
from referrals.models import (
    CLOSED_STATUSES,
    NEED_DOMAINS,
    REFERRAL_CATEGORIES,
    EventKind,
    FollowUpContact,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Urgency,
)
from referrals.services.errors import ReferralError, StaleReferralError

__all__ = [
    "ConsentRequiredError",
    "ReferralError",
    "StaleReferralError",
    "first_follow_up_on",
    "packet_disclose",
    "recipient_for",
    "referral_create",
    "referral_follow_up_log",
    "referral_send",
    "referral_transition",
    "referral_update",
]

# Closing a referral records its outcome: these need a note saying what happened.
_NEEDS_NOTE = set(CLOSED_STATUSES)


def first_follow_up_on(*, sent_on: date, urgency: str) -> date:
    days = (
        settings.REFERRAL_URGENT_FOLLOW_UP_DAYS
        if urgency == Urgency.URGENT
        else settings.REFERRAL_FOLLOW_UP_DAYS
    )
    return sent_on + timedelta(days=days)


def recipient_for(referral: Referral) -> Recipient:
    """Who receives the packet: the directory organisation (matched by its id when a release
    is linked to it, else by name), or the outside provider by name."""
    if referral.organization_id:
        organization = referral.organization
        return Recipient.organization(organization.name, directory_id=organization.pk)
    return Recipient.organization(referral.provider_name)


def packet_disclose(
    referral: Referral, *, description: str, by: User, on: date | None = None
) -> Disclosure:
    """Log the packet leaving the care team (sent, or printed again) as a disclosure of the
    referral's categories to its recipient, under the release that covers them; the gate's
    ConsentRequiredError otherwise, and nothing is logged."""
    return disclosure_record(
        client_id=referral.client_id,
        recipient=recipient_for(referral),
        categories=referral.categories,
        description=description,
        purpose=_("Referral for services"),
        method=DisclosureMethod.REFERRAL,
        disclosed_by=by,
        disclosed_on=on,
    )


def _audit(action: str, referral: Referral, client: Client, by: User, **detail) -> None:
    audit_client(action, referral, client, actor=by, detail={"status": referral.status, **detail})


def _event(
    referral: Referral, by: User, on: date, *, kind: str = EventKind.STATUS, **fields
) -> ReferralEvent:
    """The one writer of a referral's history: every change adds a row here, beside its
    audit event."""
    return ReferralEvent.objects.create(
        referral=referral, kind=kind, happened_on=on, by=by, **fields
    )


def _clean(
    *,
    client: Client,
    service: Service | None,
    provider_name: str,
    reason: str,
    need_domain: str,
    urgency: str,
    categories: Iterable[str],
) -> tuple[str, str, list[str]]:
    provider_name, reason = " ".join(provider_name.split()), reason.strip()
    if service is not None:
        if service.agency_id != client.agency_id:
            raise ReferralError(
                _("Choose a service from your agency's directory."), field="service"
            )
        if service.status != ServiceStatus.ACTIVE or not service.organization.is_active:
            raise ReferralError(
                _("%(service)s is not active in the directory.") % {"service": service.name},
                field="service",
            )
        if not service.accepting_referrals:
            raise ReferralError(
                _("%(service)s is not accepting referrals at the moment.")
                % {"service": service.name},
                field="service",
            )
        provider_name = ""
    elif not provider_name:
        raise ReferralError(
            _("Choose a service from the directory, or name the outside provider."),
            field="provider_name",
        )
    if not reason:
        raise ReferralError(_("Say why the client is referred."), field="reason")
    if need_domain and need_domain not in dict(NEED_DOMAINS):
        raise ReferralError(_("Choose a need from the list."), field="need_domain")
    if urgency not in Urgency.values:
        raise ReferralError(_("Choose the urgency."), field="urgency")
    allowed = dict(REFERRAL_CATEGORIES)
    wanted = list(dict.fromkeys(categories))
    if not wanted or set(wanted) - set(allowed):
        raise ReferralError(
            _("Tick the information the referral sends (at least one category)."),
            field="categories",
        )
    return provider_name, reason, wanted


def referral_create(
    *,
    client: Client,
    reason: str,
    categories: Iterable[str],
    created_by: User,
    service: Service | None = None,
    provider_name: str = "",
    provider_contact: str = "",
    need_domain: str = "",
    urgency: str = Urgency.ROUTINE,
) -> Referral:
    """A draft referral; nothing leaves the care team until it is sent. The caller found
    `client` with `client_get_for_change` (the viewer may write to it)."""
    if client.status == Status.DISCHARGED:
        raise ReferralError(_("A discharged client is not referred; re-open the record first."))
    provider_name, reason, categories = _clean(
        client=client,
        service=service,
        provider_name=provider_name,
        reason=reason,
        need_domain=need_domain,
        urgency=urgency,
        categories=categories,
    )
    with transaction.atomic():
        referral = Referral.objects.create(
            client=client,
            service=service,
            organization=service.organization if service is not None else None,
            provider_name=provider_name[:200],
            provider_contact=provider_contact.strip()[:300],
            reason=reason,
            need_domain=need_domain,
            urgency=urgency,
            categories=categories,
            referred_by=created_by,
        )
        _event(referral, created_by, timezone.localdate(), to_status=ReferralStatus.DRAFT)
        _audit("referrals.referral.created", referral, client, created_by)
    return referral


_CHANGED_ELSEWHERE = gettext_lazy(
    "Someone else changed this referral after you opened it. Their change is kept; "
    "check it and try again."
)


def _locked(referral_id: int, version: int | None) -> Referral:
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("client", "organization", "service", "service__organization")
        .get(pk=referral_id)
    )
    refuse_changed(referral, version, StaleReferralError, _CHANGED_ELSEWHERE)
    return referral


def referral_update(
    *,
    referral_id: int,
    version: int,
    changed_by: User,
    reason: str,
    categories: Iterable[str],
    service: Service | None = None,
    provider_name: str = "",
    provider_contact: str = "",
    need_domain: str = "",
    urgency: str = Urgency.ROUTINE,
) -> Referral:
    """Edit a draft (what is sent, to whom, why). Once sent, the referral's content is what
    the provider received: later changes are status changes and follow-ups."""
    with transaction.atomic():
        referral = _locked(referral_id, version)
        if referral.status != ReferralStatus.DRAFT:
            raise ReferralError(_("Only a draft can be edited; this referral has been sent."))
        provider_name, reason, categories = _clean(
            client=referral.client,
            service=service,
            provider_name=provider_name,
            reason=reason,
            need_domain=need_domain,
            urgency=urgency,
            categories=categories,
        )
        referral.service = service
        referral.organization = service.organization if service is not None else None
        referral.provider_name = provider_name[:200]
        referral.provider_contact = provider_contact.strip()[:300]
        referral.reason = reason
        referral.need_domain = need_domain
        referral.urgency = urgency
        referral.categories = categories
        referral.version += 1
        referral.save()
        _audit("referrals.referral.changed", referral, referral.client, changed_by)
    return referral


def referral_send(
    *, referral_id: int, version: int | None, sent_by: User, on: date | None = None
) -> Referral:
    """Send a draft: the consent gate must allow its categories to go to its recipient today;
    the disclosure is logged under the covering release in this same transaction. Refused
    (`ConsentRequiredError` with the reason) when no release covers it: nothing is written."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ReferralError(_("A referral cannot be sent ahead of time."))
    with transaction.atomic():
        referral = _locked(referral_id, version)
        if referral.status != ReferralStatus.DRAFT:
            raise ReferralError(_("This referral has already been sent or closed."))
        client = referral.client
        if client.status == Status.DISCHARGED:
            raise ReferralError(_("A discharged client is not referred; re-open the record first."))
        if referral.service_id:
            # The directory may have changed since the draft was written.
            _clean(
                client=client,
                service=referral.service,
                provider_name="",
                reason=referral.reason,
                need_domain=referral.need_domain,
                urgency=referral.urgency,
                categories=referral.categories,
            )
        # Asks the gate and writes the Disclosure, or raises ConsentRequiredError; the
        # exception rolls this whole transaction back.
        disclosure = packet_disclose(
            referral,
            description=_("Referral packet (referral %(id)s)") % {"id": referral.pk},
            by=sent_by,
            on=on,
        )
        if referral.organization_id and disclosure.consent.directory_organization_id is None:
            # The release matched by name: link it to the directory entry, so it still
            # matches if either name is later spelled differently.
            consent_link_directory_organization(
                client_id=client.pk,
                consent_id=disclosure.consent_id,
                directory_id=referral.organization_id,
                linked_by=sent_by,
            )
        referral.status = ReferralStatus.SENT
        referral.sent_on = on
        referral.consent_id = disclosure.consent_id
        referral.disclosure = disclosure
        referral.follow_up_on = first_follow_up_on(sent_on=on, urgency=referral.urgency)
        referral.version += 1
        referral.save(
            update_fields=[
                "status",
                "sent_on",
                "consent",
                "disclosure",
                "follow_up_on",
                "version",
                "updated_at",
            ]
        )
        _event(
            referral, sent_by, on, from_status=ReferralStatus.DRAFT, to_status=ReferralStatus.SENT
        )
        _audit(
            "referrals.referral.sent",
            referral,
            client,
            sent_by,
            consent_id=disclosure.consent_id,
            disclosure_id=disclosure.pk,
        )
    return referral


def referral_transition(
    *,
    referral_id: int,
    version: int | None,
    to_status: str,
    changed_by: User,
    note: str = "",
    on: date | None = None,
    appointment_at: datetime | None = None,
) -> Referral:
    """Move a sent referral along its lifecycle (models.TRANSITIONS). Closing records the
    outcome (a note is required); scheduling needs the appointment's date and time."""
    today = timezone.localdate()
    on = on or today
    note = note.strip()
    if on > today:
        raise ReferralError(_("A status change cannot be dated in the future."), field="on")
    if to_status == ReferralStatus.SENT:
        raise ReferralError(_("Send a referral with “Send”: it checks the consent."))
    with transaction.atomic():
        referral = _locked(referral_id, version)
        if not referral.can_move_to(to_status):
            raise ReferralError(
                _("A referral that is “%(now)s” cannot become “%(to)s”.")
                % {
                    "now": referral.get_status_display(),
                    "to": ReferralStatus(to_status).label
                    if to_status in ReferralStatus.values
                    else to_status,
                },
                field="to_status",
            )
        if referral.sent_on and on < referral.sent_on:
            raise ReferralError(_("The date is before the referral was sent."), field="on")
        if to_status in _NEEDS_NOTE and not note:
            raise ReferralError(
                _("Record the outcome: say what happened (a note is required to close)."),
                field="note",
            )
        from_status = referral.status
        fields = ["status", "version", "updated_at"]
        if to_status == ReferralStatus.SCHEDULED:
            if appointment_at is None:
                raise ReferralError(
                    _("Give the appointment's date and time."), field="appointment_at"
                )
            referral.appointment_at = appointment_at
            # Check the day after the appointment that the client went.
            referral.follow_up_on = timezone.localdate(appointment_at) + timedelta(days=1)
            fields += ["appointment_at", "follow_up_on"]
        if to_status in CLOSED_STATUSES:
            referral.closed_on = on
            referral.outcome_note = note
            fields += ["closed_on", "outcome_note"]
        referral.status = to_status
        referral.version += 1
        referral.save(update_fields=fields)
        _event(referral, changed_by, on, from_status=from_status, to_status=to_status, note=note)
        _audit(
            "referrals.referral.status_changed",
            referral,
            referral.client,
            changed_by,
            from_status=from_status,
        )
    return referral


def referral_follow_up_log(
    *,
    referral_id: int,
    version: int | None,
    logged_by: User,
    contact: str,
    note: str,
    on: date | None = None,
    next_follow_up_on: date | None = None,
) -> Referral:
    """A follow-up contact with the provider or the client; the next follow-up falls on the
    date given, else REFERRAL_FOLLOW_UP_DAYS later. The referral stays open."""
    today = timezone.localdate()
    on = on or today
    note = note.strip()
    if on > today:
        raise ReferralError(_("A follow-up cannot be logged ahead of time."), field="on")
    if contact not in FollowUpContact.values:
        raise ReferralError(_("Say who the contact was with."), field="contact")
    if not note:
        raise ReferralError(_("Note what was learnt."), field="note")
    if next_follow_up_on is not None and next_follow_up_on <= on:
        raise ReferralError(
            _("The next follow-up falls after this one."), field="next_follow_up_on"
        )
    with transaction.atomic():
        referral = _locked(referral_id, version)
        if referral.status not in (
            ReferralStatus.SENT,
            ReferralStatus.ACCEPTED,
            ReferralStatus.SCHEDULED,
        ):
            raise ReferralError(_("Only a sent referral that is still open is followed up."))
        if on < referral.sent_on:
            raise ReferralError(_("The date is before the referral was sent."), field="on")
        referral.follow_up_on = next_follow_up_on or on + timedelta(
            days=settings.REFERRAL_FOLLOW_UP_DAYS
        )
        save_new_version(referral, "follow_up_on")
        _event(referral, logged_by, on, kind=EventKind.FOLLOW_UP, contact=contact, note=note)
        _audit(
            "referrals.referral.followed_up", referral, referral.client, logged_by, contact=contact
        )
    return referral
