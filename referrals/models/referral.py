"""Closed-loop referrals: a client sent to a directory service (or to an outside provider
named in words), followed until there is an outcome.

A referral is open (draft, sent, accepted, scheduled) until a closing status records its
outcome. Every status change and every follow-up contact is a `ReferralEvent` row (who, when,
note). Rows are never deleted (a database trigger refuses it): a mistaken referral is
cancelled. Writes go through `referrals.services.referral`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref
from casework.models import Timestamped
from clients.domains import DOMAINS
from clients.models import Client, ConsentCategory, ConsentRelease, Disclosure
from clients.models.consent import NamesCategories
from directory.models.entries import Organization, Service


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Appointment scheduled")
    COMPLETED = "completed", _("Completed: attended or service started")
    DECLINED = "declined", _("Declined by the provider")
    CLIENT_DECLINED = "client_declined", _("Declined by the client")
    NO_SHOW = "no_show", _("Client did not attend")
    NO_RESPONSE = "no_response", _("No response from the provider")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    ReferralStatus.DRAFT,
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.SCHEDULED,
)
# Sent and waiting for an outcome: these are followed up and reminded.
AWAITING_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.SCHEDULED)
CLOSED_STATUSES = tuple(s for s in ReferralStatus if s not in OPEN_STATUSES)

# Which status may follow which. Sending (draft -> sent) has its own service: it passes the
# consent gate. Closed statuses lead nowhere: the outcome is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.DRAFT: (ReferralStatus.SENT, ReferralStatus.CANCELLED),
    ReferralStatus.SENT: (
        ReferralStatus.ACCEPTED,
        ReferralStatus.SCHEDULED,
        ReferralStatus.DECLINED,
        ReferralStatus.CLIENT_DECLINED,
        ReferralStatus.NO_RESPONSE,
        ReferralStatus.CANCELLED,
    ),
    ReferralStatus.ACCEPTED: (
        ReferralStatus.SCHEDULED,
        ReferralStatus.COMPLETED,
        ReferralStatus.DECLINED,
        ReferralStatus.CLIENT_DECLINED,
        ReferralStatus.NO_RESPONSE,
        ReferralStatus.CANCELLED,
    ),
    # Scheduled again = the appointment moved.
    ReferralStatus.SCHEDULED: (
        ReferralStatus.SCHEDULED,
        ReferralStatus.COMPLETED,
        ReferralStatus.NO_SHOW,
        ReferralStatus.DECLINED,
        ReferralStatus.CLIENT_DECLINED,
        ReferralStatus.CANCELLED,
    ),
}


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


# The need a referral answers is named by an assessment domain's key.
NEED_DOMAINS = DOMAINS

# What a referral packet may carry; psychotherapy notes never go in one.
REFERRAL_CATEGORIES = tuple(
    (value, label)
    for value, label in ConsentCategory.choices
    if value != ConsentCategory.PSYCHOTHERAPY_NOTES
)


class Referral(NamesCategories, Timestamped):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    # A directory service, or an outside provider named in words when it is not listed.
    service = optional_ref(Service, related_name="referrals")
    organization = optional_ref(Organization, related_name="referrals")
    provider_name = models.CharField(
        _("provider (not in the directory)"), max_length=200, blank=True
    )
    provider_contact = models.CharField(_("provider's contact details"), max_length=300, blank=True)
    reason = models.TextField(_("reason for the referral"))
    need_domain = models.CharField(
        _("need it answers"), max_length=30, choices=NEED_DOMAINS, blank=True
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    categories = ArrayField(
        models.CharField(max_length=30, choices=REFERRAL_CATEGORIES),
        verbose_name=_("information sent"),
    )
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    sent_on = models.DateField(null=True, blank=True)
    consent = optional_ref(ConsentRelease)
    disclosure = optional_ref(Disclosure)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | ~models.Q(provider_name=""),
                name="referral_names_a_provider",
            ),
            models.CheckConstraint(
                condition=models.Q(categories__len__gt=0), name="referral_names_a_category"
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReferralStatus.DRAFT)
                | models.Q(status=ReferralStatus.CANCELLED)
                | models.Q(sent_on__isnull=False, consent__isnull=False),
                name="referral_sent_under_a_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OPEN_STATUSES, closed_on__isnull=True)
                | (
                    ~models.Q(status__in=OPEN_STATUSES)
                    & models.Q(closed_on__isnull=False)
                    & ~models.Q(outcome_note="")
                ),
                name="referral_closed_with_an_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="referral_client_idx"),
            models.Index(
                fields=["referred_by", "follow_up_on"],
                name="referral_open_by_referrer_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["sent_on"],
                name="referral_awaiting_idx",
                condition=models.Q(status__in=AWAITING_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def provider_label(self) -> str:
        """Needs `service` selected with the query (lists use select_related)."""
        return self.service.name if self.service_id else self.provider_name

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in TRANSITIONS.get(self.status, ()) if s != ReferralStatus.SENT)

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, ())


class EventKind(models.TextChoices):
    STATUS = "status", _("Status change")
    FOLLOW_UP = "follow_up", _("Follow-up")


class FollowUpContact(models.TextChoices):
    PROVIDER = "provider", _("With the provider")
    CLIENT = "client", _("With the client")
    OTHER = "other", _("Other")


class ReferralEvent(models.Model):
    """One line of a referral's timeline: a status change or a follow-up contact. Append-only."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    contact = models.CharField(max_length=10, choices=FollowUpContact.choices, blank=True)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at", "id"]
        indexes = [models.Index(fields=["referral", "happened_on"], name="referral_event_idx")]

    def __str__(self) -> str:
        return f"{self.kind} on referral {self.referral_id}"
