"""The disclosure ledger: information given to someone outside the care team, logged for the
client's accounting (HIPAA 164.528).

Two ways out. Under a release: `disclosure_record` asks the consent gate
(clients.selectors.consent_gate) and logs nothing when it says no. WITHOUT a release, on a
legal basis (HIPAA 45 CFR 164.512: a court order, public health, a report of abuse, a duty to
warn...): exactly the disclosures the accounting must list, so they are logged with the
recipient's address when known, the basis, and the order or request it answered.

The only refusal is a missing basis, except where 42 CFR Part 2 or the psychotherapy-notes
rule asks more (shared/domain/consent.md):
- substance-use records leave without consent only in a medical emergency (2.51), under a
  court order issued under 2.64 or 2.65 (a subpoena alone never suffices), for research or
  audit (2.52, 2.53), or in an initial report of suspected child abuse (2.12(c)(6));
- psychotherapy notes leave without an authorization only where 164.508(a)(2)(ii) allows:
  required by law, health oversight of their author, a coroner, or a serious threat.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import User
from clients.models import (
    REFERENCED_BASES,
    Client,
    ConsentCategory,
    Disclosure,
    DisclosureMethod,
    LegalBasis,
)
from clients.selectors.consent_gate import (
    ConsentDecision,
    Recipient,
    check_categories,
    consent_check,
)
from clients.services.errors import ClientRecordError


class ConsentRequiredError(ClientRecordError):
    """The gate said no; `decision` says why and what release is missing."""

    def __init__(self, decision: ConsentDecision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


def disclosure_fields(
    *, description: str, method: str, categories: Iterable[str], disclosed_on: date | None
) -> tuple[str, tuple[str, ...], date]:
    """The checks every disclosure passes, with or without a release: returns the cleaned
    description, categories and date, or raises ClientRecordError at the field."""
    today = timezone.localdate()
    disclosed_on = disclosed_on or today
    if disclosed_on > today:
        raise ClientRecordError(
            _("A disclosure cannot be logged ahead of time."), field="disclosed_on"
        )
    description = description.strip()
    if not description:
        raise ClientRecordError(_("Describe what was disclosed."), field="description")
    if method not in DisclosureMethod.values:
        raise ClientRecordError(_("Choose how it was disclosed."), field="method")
    try:
        categories = check_categories(categories)
    except ValueError as error:
        raise ClientRecordError(
            _("Tick at least one category of information."), field="categories"
        ) from error
    return description, categories, disclosed_on


def disclosure_record(
    *,
    client_id: int,
    recipient: Recipient,
    categories: Iterable[str],
    description: str,
    purpose: str,
    method: str,
    disclosed_by: User,
    disclosed_on: date | None = None,
    recipient_address: str = "",
    care_provider_id: int | None = None,
) -> Disclosure:
    """Log information given to someone outside the care team, if the gate allows it on that
    day; ConsentRequiredError (with the gate's reason) otherwise, and nothing is written.
    `care_provider_id` names the care-team member it was sent to ("Send to provider")."""
    description, categories, disclosed_on = disclosure_fields(
        description=description, method=method, categories=categories, disclosed_on=disclosed_on
    )
    purpose = purpose.strip()
    with transaction.atomic():
        # The client's row lock orders this against a revocation recorded at the same time.
        client = Client.objects.select_for_update().get(pk=client_id)
        decision = consent_check(
            client=client, recipient=recipient, categories=categories, on=disclosed_on
        )
        if not decision.allowed:
            raise ConsentRequiredError(decision)
        disclosure = Disclosure.objects.create(
            client=client,
            consent=decision.consent,
            related_person_id=recipient.related_person_id,
            care_provider_id=care_provider_id,
            recipient_label=recipient.label[:200],
            recipient_address=" ".join(recipient_address.split())[:300],
            categories=list(categories),
            description=description[:300],
            purpose=(purpose or decision.consent.purpose)[:300],
            method=method,
            disclosed_on=disclosed_on,
            disclosed_by=disclosed_by,
        )
        audit_client(
            "clients.disclosure.recorded",
            disclosure,
            client,
            actor=disclosed_by,
            detail={"consent_id": decision.consent.pk, "categories": list(categories)},
        )
    return disclosure


# 42 CFR Part 2: the bases that let substance-use records go without the client's consent.
PART2_BASES = frozenset(
    {
        LegalBasis.MEDICAL_EMERGENCY,
        LegalBasis.COURT_ORDER,
        LegalBasis.RESEARCH,
        LegalBasis.HEALTH_OVERSIGHT,
        LegalBasis.ABUSE_NEGLECT,
    }
)
# 164.508(a)(2)(ii): psychotherapy notes without an authorization.
PSYCHOTHERAPY_NOTES_BASES = frozenset(
    {
        LegalBasis.REQUIRED_BY_LAW,
        LegalBasis.HEALTH_OVERSIGHT,
        LegalBasis.DECEDENT,
        LegalBasis.SERIOUS_THREAT,
    }
)


def _check_basis(
    *, legal_basis: str, reference: str, part2_court_order: bool, categories: tuple[str, ...]
) -> None:
    if legal_basis not in LegalBasis.values:
        raise ClientRecordError(
            _(
                "Without a release, a disclosure needs its legal basis: choose the rule it was "
                "made under, or record the client's release first."
            ),
            field="legal_basis",
        )
    if legal_basis in REFERENCED_BASES and not reference:
        raise ClientRecordError(
            _("Give the order's or subpoena's reference (case number, court and date)."),
            field="basis_reference",
        )
    if ConsentCategory.SUBSTANCE_USE in categories:
        if legal_basis not in PART2_BASES:
            raise ClientRecordError(
                _(
                    "Substance-use records (42 CFR Part 2) leave without the client's consent "
                    "only in a medical emergency, under a court order issued under 42 CFR 2.64 "
                    "or 2.65, for research or audit, or in an initial report of suspected child "
                    "abuse. Untick them, or record the client's consent."
                ),
                field="categories",
            )
        if legal_basis == LegalBasis.COURT_ORDER and not part2_court_order:
            raise ClientRecordError(
                _(
                    "A court order reaches substance-use records only when it was issued under "
                    "42 CFR 2.64 or 2.65, after the findings those sections require; a subpoena "
                    "or an ordinary order is not enough."
                ),
                field="part2_court_order",
            )
    if (
        ConsentCategory.PSYCHOTHERAPY_NOTES in categories
        and legal_basis not in PSYCHOTHERAPY_NOTES_BASES
    ):
        raise ClientRecordError(
            _(
                "Psychotherapy notes leave without the client's authorization only when the law "
                "requires it, for oversight of their author, to a coroner, or to avert a serious "
                "threat (45 CFR 164.508(a)(2))."
            ),
            field="categories",
        )


def disclosure_record_on_basis(
    *,
    client_id: int,
    recipient: Recipient,
    recipient_address: str,
    categories: Iterable[str],
    description: str,
    purpose: str,
    method: str,
    legal_basis: str,
    basis_reference: str = "",
    part2_court_order: bool = False,
    disclosed_by: User,
    disclosed_on: date | None = None,
) -> Disclosure:
    """Log a disclosure made without a release, on `legal_basis`. Refused (ClientRecordError
    at the field, nothing written) only when the basis is missing or does not reach the
    information (Part 2, psychotherapy notes)."""
    description, categories, disclosed_on = disclosure_fields(
        description=description, method=method, categories=categories, disclosed_on=disclosed_on
    )
    purpose, reference = purpose.strip(), " ".join(basis_reference.split())
    _check_basis(
        legal_basis=legal_basis,
        reference=reference,
        part2_court_order=part2_court_order,
        categories=categories,
    )
    if not purpose:
        # 164.528(b)(2)(iv): a statement that reasonably informs the client of the basis.
        raise ClientRecordError(_("Say why it was disclosed."), field="purpose")
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        disclosure = Disclosure.objects.create(
            client=client,
            consent=None,
            legal_basis=legal_basis,
            basis_reference=reference[:200],
            part2_court_order=part2_court_order and legal_basis == LegalBasis.COURT_ORDER,
            related_person_id=recipient.related_person_id,
            recipient_label=recipient.label[:200],
            recipient_address=" ".join(recipient_address.split())[:300],
            categories=list(categories),
            description=description[:300],
            purpose=purpose[:300],
            method=method,
            disclosed_on=disclosed_on,
            disclosed_by=disclosed_by,
        )
        audit_client(
            "clients.disclosure.recorded_on_basis",
            disclosure,
            client,
            actor=disclosed_by,
            detail={"legal_basis": legal_basis, "categories": list(categories)},
        )
    return disclosure
