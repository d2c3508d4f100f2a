"""Releases of information (consents to disclose), after shared/domain/consent.md: a HIPAA
authorization (45 CFR 164.508(c)) and a 42 CFR Part 2 consent hold the union of the fields
below.

Status is derived from dates, never stored: pending signature, not yet in effect, active,
expired, revoked. A revocation works from its date on, never backwards, so a disclosure made
while the release was active stays valid in the accounting.

Recipients: one of the client's related persons, or a person or organisation named in words.
`directory_organization` is the directory entry (directory.Organization) a release to an
organisation names; the referrals app fills it when a release it sends under names one, and
asks the gate with the same id.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.constraints import ends_after_start
from casework.fields import optional_ref, staff_ref
from casework.models import Timestamped, Versioned
from clients.models.client import Client
from clients.models.people import RelatedPerson


class ConsentCategory(models.TextChoices):
    GENERAL = "general", _("General and demographic")
    MENTAL_HEALTH = "mental_health", _("Mental-health assessment, care plan and progress notes")
    SUBSTANCE_USE = "substance_use", _("Substance-use records (42 CFR Part 2)")
    HIV = "hiv", _("HIV-related information")
    PSYCHOTHERAPY_NOTES = "psychotherapy_notes", _("Psychotherapy notes")


# Short labels for lists, badges and reasons.
CATEGORY_SHORT = {
    ConsentCategory.GENERAL: _("general"),
    ConsentCategory.MENTAL_HEALTH: _("mental health"),
    ConsentCategory.SUBSTANCE_USE: _("substance use (Part 2)"),
    ConsentCategory.HIV: _("HIV"),
    ConsentCategory.PSYCHOTHERAPY_NOTES: _("psychotherapy notes"),
}


class RecipientKind(models.TextChoices):
    RELATED_PERSON = "related_person", _("A person in the client's life (on the record)")
    PERSON = "person", _("Another named person")
    ORGANIZATION = "organization", _("An organisation")


class SignerKind(models.TextChoices):
    CLIENT = "client", _("The client")
    REPRESENTATIVE = "representative", _("A legal representative")
    CLIENT_AND_REPRESENTATIVE = "both", _("The client and a legal representative")


class SignatureMethod(models.TextChoices):
    WET = "wet", _("Signed on paper")
    ELECTRONIC = "electronic", _("Signed electronically")


class RevocationMethod(models.TextChoices):
    WRITTEN = "written", _("In writing")
    ELECTRONIC = "electronic", _("Electronically")
    ORAL = "oral", _("Orally, written down by staff")


class ConsentStatus(models.TextChoices):
    """Computed, never a column."""

    PENDING = "pending", _("Pending signature")
    NOT_YET_EFFECTIVE = "not_yet_effective", _("Signed, not yet in effect")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


def consent_form_path(instance: ConsentRelease, filename: str) -> str:
    """A generated name; the uploaded name may hold client details and stays a field."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.form_content_type, "bin"
    )
    return f"consent-forms/{uuid.uuid4().hex}.{extension}"


class ConsentQuerySet(models.QuerySet["ConsentRelease"]):
    def active_on(self, day: date) -> ConsentQuerySet:
        """Signed, in effect, not expired (the expiry day still counts), not revoked (the
        revocation day no longer counts), no expiry event on or before `day`."""
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day),
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            Q(expiry_event_on__isnull=True) | Q(expiry_event_on__gt=day),
            signed_on__isnull=False,
            effective_on__lte=day,
        )


class NamesCategories:
    """What a release, a disclosure and a referral say about their `categories` of information:
    the short labels, and whether substance-use (Part 2) records are among them."""

    categories: list[str]

    @property
    def category_labels(self) -> list[str]:
        return [str(CATEGORY_SHORT.get(c, c)) for c in self.categories]

    @property
    def includes_substance_use(self) -> bool:
        return ConsentCategory.SUBSTANCE_USE in self.categories


class ConsentRelease(NamesCategories, Versioned, Timestamped):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    discloser = models.CharField(
        _("who may disclose"),
        max_length=200,
        help_text=_("Our agency or program, as written on the form."),
    )
    # --- To whom
    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    related_person = optional_ref(
        RelatedPerson, related_name="consents", verbose_name=_("person on the record")
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=200, blank=True)
    recipient_details = models.CharField(
        _("recipient's address or contact"), max_length=300, blank=True
    )
    recipient_is_intermediary = models.BooleanField(
        _("the recipient is an intermediary"),
        default=False,
        help_text=_("For example a care-coordination platform that passes information on."),
    )
    # See the module docstring: filled by the referrals app.
    directory_organization = optional_ref("directory.Organization", editable=False)
    # --- What, why, how long
    categories = ArrayField(
        models.CharField(max_length=30, choices=ConsentCategory.choices),
        verbose_name=_("categories of information"),
    )
    information_detail = models.TextField(
        _("information, described specifically"),
        blank=True,
        help_text=_("For example “care plan and last three months of progress notes”."),
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        help_text=_("“At the client's request” is acceptable when the client asks."),
    )
    effective_on = models.DateField(_("effective from"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    expiry_event = models.CharField(
        _("or ends with this event"),
        max_length=200,
        blank=True,
        help_text=_("For example “discharge from the program”."),
    )
    expiry_event_on = models.DateField(_("the expiry event happened on"), null=True, blank=True)
    # --- Who signed, how
    signer_kind = models.CharField(
        _("signed by"), max_length=20, choices=SignerKind.choices, default=SignerKind.CLIENT
    )
    representative_name = models.CharField(_("representative's name"), max_length=150, blank=True)
    representative_authority = models.CharField(
        _("representative's authority"),
        max_length=300,
        blank=True,
        help_text=_("For example “parent of a minor” or “conservator, court order of 3 May 2025”."),
    )
    minor_consent_basis = models.CharField(
        _("law letting the minor consent alone"),
        max_length=300,
        blank=True,
        help_text=_("Only when a minor signs without a representative."),
    )
    signature_method = models.CharField(
        _("signature"), max_length=20, choices=SignatureMethod.choices, blank=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # --- Statements given to the client (HIPAA (c)(2), Part 2)
    told_right_to_revoke = models.BooleanField(
        _("told of the right to revoke in writing, and how"), default=False
    )
    told_not_conditioned = models.BooleanField(
        _("told that services do not depend on signing"), default=False
    )
    told_redisclosure = models.BooleanField(
        _("told that the recipient may re-disclose"), default=False
    )
    copy_given_on = models.DateField(_("copy given to the client on"), null=True, blank=True)
    # --- Revocation: from its date on, never backwards
    revoked_on = models.DateField(null=True, blank=True)
    revocation_method = models.CharField(
        max_length=20, choices=RevocationMethod.choices, blank=True
    )
    revocation_received_by = staff_ref()
    revocation_recorded_at = models.DateTimeField(null=True, blank=True)
    # --- The signed form, stored like client documents (served only by an access-checked view)
    form_file = models.FileField(upload_to=consent_form_path, max_length=200, blank=True)
    form_original_name = models.CharField(max_length=255, blank=True)
    form_content_type = models.CharField(max_length=100, blank=True)
    form_size = models.PositiveIntegerField(null=True, blank=True)
    form_sha256 = models.CharField(max_length=64, blank=True)
    form_uploaded_by = staff_ref()
    form_uploaded_at = models.DateTimeField(null=True, blank=True)
    # --- Bookkeeping: who recorded it; the version and timestamps come from the bases.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=False) | ~Q(expiry_event=""),
                name="consent_has_expiry_date_or_event",
            ),
            ends_after_start("effective_on", "expires_on", name="consent_expires_after_effective"),
            models.CheckConstraint(
                condition=Q(categories__len__gt=0), name="consent_names_a_category"
            ),
            models.CheckConstraint(
                condition=(
                    Q(recipient_kind=RecipientKind.RELATED_PERSON, related_person__isnull=False)
                    | (
                        Q(recipient_kind__in=[RecipientKind.PERSON, RecipientKind.ORGANIZATION])
                        & Q(related_person__isnull=True)
                        & ~Q(recipient_name="")
                    )
                ),
                name="consent_recipient_is_named",
            ),
            models.CheckConstraint(
                condition=(Q(signed_on__isnull=True) & Q(signature_method=""))
                | (Q(signed_on__isnull=False) & ~Q(signature_method="")),
                name="consent_signature_date_and_method",
            ),
            models.CheckConstraint(
                condition=Q(signer_kind=SignerKind.CLIENT)
                | (~Q(representative_name="") & ~Q(representative_authority="")),
                name="consent_representative_named_with_authority",
            ),
            models.CheckConstraint(
                condition=(Q(revoked_on__isnull=True) & Q(revocation_method=""))
                | (Q(revoked_on__isnull=False) & ~Q(revocation_method="")),
                name="consent_revocation_date_and_method",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-effective_on"], name="consent_client_idx"),
            models.Index(fields=["related_person"], name="consent_related_person_idx"),
            # The expiring list and the reminder rule: live releases by expiry date.
            models.Index(
                fields=["expires_on"],
                condition=Q(revoked_on__isnull=True, signed_on__isnull=False),
                name="consent_live_expiry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Release to {self.recipient_label} ({self.effective_on:%Y-%m-%d})"

    @property
    def recipient_label(self) -> str:
        """Needs `related_person` selected with the release (no query in a list)."""
        if self.recipient_kind == RecipientKind.RELATED_PERSON and self.related_person:
            return self.related_person.full_name
        return self.recipient_name

    def status_on(self, day: date) -> ConsentStatus:
        """The derived status on `day`; the same rule as `ConsentQuerySet.active_on`."""
        if self.revoked_on is not None and self.revoked_on <= day:
            return ConsentStatus.REVOKED
        if self.signed_on is None:
            return ConsentStatus.PENDING
        if self.expires_on is not None and self.expires_on < day:
            return ConsentStatus.EXPIRED
        if self.expiry_event_on is not None and self.expiry_event_on <= day:
            return ConsentStatus.EXPIRED
        if self.effective_on > day:
            return ConsentStatus.NOT_YET_EFFECTIVE
        return ConsentStatus.ACTIVE

    def is_active_on(self, day: date) -> bool:
        return self.status_on(day) == ConsentStatus.ACTIVE

    @property
    def has_form(self) -> bool:
        return bool(self.form_file)
