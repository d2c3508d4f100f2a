"""The accounting of disclosures (45 CFR 170.315(d)(11), HIPAA 164.528): every time
information left the care team, what, to whom (and their address when known), when, by whom,
and why: under which release, or on which legal basis when no release was needed (a court
order, public health, a duty to warn...). Rows are written only by
`clients.services.disclosures.disclosure_record` (after the gate said yes) and
`clients.services.disclosures.disclosure_record_on_basis`, and are never changed or deleted:
a later revocation leaves them valid.

HIPAA's accounting (164.528(a)) must hold the disclosures made WITHOUT the client's
authorization under 164.512; those under a release, for treatment, payment or operations, and
to the client are left out of it (the agency still logs them, shown apart)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.fields import optional_ref
from clients.models.client import Client
from clients.models.consent import ConsentCategory, ConsentRelease, NamesCategories
from clients.models.people import RelatedPerson


class DisclosureMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    LETTER = "letter", _("By letter or printout")
    FAX = "fax", _("By fax")
    EMAIL = "email", _("By secure e-mail")
    REFERRAL = "referral", _("In a referral packet")


class LegalBasis(models.TextChoices):
    """Why information left without a release. The 164.512 bases belong in the client's
    HIPAA accounting; the last three are logged by the agency but excluded from it."""

    REQUIRED_BY_LAW = "required_by_law", _("Required by law (45 CFR 164.512(a))")
    PUBLIC_HEALTH = "public_health", _("Public health activity (164.512(b))")
    ABUSE_NEGLECT = "abuse_neglect", _("Report of abuse, neglect or domestic violence (164.512(c))")
    HEALTH_OVERSIGHT = "health_oversight", _("Health oversight: audit, inspection (164.512(d))")
    COURT_ORDER = "court_order", _("Court or administrative tribunal order (164.512(e))")
    SUBPOENA = "subpoena", _("Subpoena or other lawful process (164.512(e)(1)(ii))")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement (164.512(f))")
    DECEDENT = "decedent", _("Coroner, medical examiner or funeral director (164.512(g))")
    RESEARCH = "research", _("Research with a waiver of authorization (164.512(i))")
    SERIOUS_THREAT = (
        "serious_threat",
        _("To avert a serious threat to health or safety; duty to warn (164.512(j))"),
    )
    GOVERNMENT = "government", _("Specialized government functions (164.512(k))")
    WORKERS_COMP = "workers_comp", _("Workers' compensation (164.512(l))")
    MEDICAL_EMERGENCY = (
        "medical_emergency",
        _("Medical emergency, to treating personnel (treatment; 42 CFR 2.51)"),
    )
    TREATMENT_PAYMENT_OPERATIONS = (
        "tpo",
        _("Treatment, payment or health-care operations (164.506)"),
    )
    TO_CLIENT = "to_client", _("To the client or their personal representative (164.502)")


# Bases whose disclosures HIPAA's accounting must list (164.528(a)(1) excludes the rest).
ACCOUNTED_BASES = frozenset(
    {
        LegalBasis.REQUIRED_BY_LAW,
        LegalBasis.PUBLIC_HEALTH,
        LegalBasis.ABUSE_NEGLECT,
        LegalBasis.HEALTH_OVERSIGHT,
        LegalBasis.COURT_ORDER,
        LegalBasis.SUBPOENA,
        LegalBasis.LAW_ENFORCEMENT,
        LegalBasis.DECEDENT,
        LegalBasis.RESEARCH,
        LegalBasis.SERIOUS_THREAT,
        LegalBasis.GOVERNMENT,
        LegalBasis.WORKERS_COMP,
    }
)
# Bases that name an order, subpoena or request, so its reference is required.
REFERENCED_BASES = frozenset({LegalBasis.COURT_ORDER, LegalBasis.SUBPOENA})


class Disclosure(NamesCategories, models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosures")
    # The release it was made under; empty when it was made on a legal basis instead.
    consent = optional_ref(ConsentRelease, related_name="disclosures")
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, blank=True
    )
    basis_reference = models.CharField(
        _("order, case or request reference"),
        max_length=200,
        blank=True,
        help_text=_("For example the court order's case number and date, or the report number."),
    )
    # 42 CFR 2.64/2.65: only such an order lets substance-use records go without consent.
    part2_court_order = models.BooleanField(
        _("the order was issued under 42 CFR 2.64 or 2.65"), default=False
    )
    # The recipient as it was at the time (a person's name may change later).
    related_person = optional_ref(RelatedPerson)
    # Sent through "Send to provider": the care-team member it went to, so the printable
    # packet opens only under that provider (issue #23).
    care_provider = optional_ref("clients.CareProvider", related_name="disclosures")
    recipient_label = models.CharField(_("to whom"), max_length=200)
    recipient_address = models.CharField(
        _("recipient's address"),
        max_length=300,
        blank=True,
        help_text=_("If known (HIPAA 164.528(b)(2)(ii))."),
    )
    categories = ArrayField(
        models.CharField(max_length=30, choices=ConsentCategory.choices),
        verbose_name=_("categories of information"),
    )
    description = models.CharField(
        _("what was disclosed"),
        max_length=300,
        help_text=_("For example “care plan summary” or “dates of visits in May”."),
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    method = models.CharField(_("how"), max_length=20, choices=DisclosureMethod.choices)
    disclosed_on = models.DateField(_("date of the disclosure"))
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(categories__len__gt=0), name="disclosure_names_a_category"
            ),
            # Under a release, or on a legal basis: exactly one of the two.
            models.CheckConstraint(
                condition=(models.Q(consent__isnull=False) & models.Q(legal_basis=""))
                | (models.Q(consent__isnull=True) & ~models.Q(legal_basis="")),
                name="disclosure_release_or_legal_basis",
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_basis__in=sorted(REFERENCED_BASES))
                | ~models.Q(basis_reference=""),
                name="disclosure_order_has_a_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-disclosed_on"], name="disclosure_client_idx"),
            models.Index(fields=["consent"], name="disclosure_consent_idx"),
            models.Index(fields=["care_provider"], name="disclosure_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"Disclosure to {self.recipient_label} on {self.disclosed_on:%Y-%m-%d}"

    @property
    def in_hipaa_accounting(self) -> bool:
        """164.528(a): made without the client's authorization on a 164.512 basis."""
        return self.legal_basis in ACCOUNTED_BASES
