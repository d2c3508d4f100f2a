"""Sending an outside care-team member information ("Send to provider"): a disclosure like any
other. The gate (`consent_check`) is asked for the union of the chosen sections' categories,
for the provider's organisation or the named person (clients.services.careteam), and the
disclosure is logged through `disclosure_record` in the same step, or nothing is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from casework.models import User
from clients.models import CareProvider, Client, Disclosure, DisclosureMethod
from clients.provider_packet import Section, categories_of
from clients.selectors.consent_gate import ConsentDecision, Recipient, consent_check
from clients.services.careteam import provider_recipients
from clients.services.disclosures import ConsentRequiredError, disclosure_record
from clients.services.errors import ClientRecordError

# A printed page handed over, posted, faxed or sent by secure e-mail.
SEND_METHODS = (
    DisclosureMethod.LETTER,
    DisclosureMethod.FAX,
    DisclosureMethod.EMAIL,
    DisclosureMethod.IN_PERSON,
)


def provider_decision(
    *, client: Client, provider: CareProvider, categories: Iterable[str]
) -> tuple[Recipient, ConsentDecision]:
    """The gate's answer for the provider: a release naming the organisation or the person
    may cover it. Refused, the answer shown is the one about a release that exists (it says
    what it lacks), else the organisation's."""
    categories = list(categories)
    answers = [
        (recipient, consent_check(client=client, recipient=recipient, categories=categories))
        for recipient in provider_recipients(provider)
    ]
    for recipient, decision in answers:
        if decision.allowed:
            return recipient, decision
    for recipient, decision in answers:
        if decision.considered:
            return recipient, decision
    return answers[0]


def provider_send(
    *,
    client_id: int,
    provider_id: int,
    sections: Sequence[Section],
    purpose: str,
    method: str,
    sent_by: User,
) -> Disclosure:
    """Log the disclosure of the chosen sections to the provider, if a release covers every
    category they hold; ConsentRequiredError (the gate's reason) otherwise."""
    chosen = list(sections)
    if not chosen:
        raise ClientRecordError(_("Tick at least one thing to send."), field="sections")
    if method not in SEND_METHODS:
        raise ClientRecordError(_("Choose how it goes to them."), field="method")
    provider = CareProvider.objects.select_related("client").get(
        pk=provider_id, client_id=client_id
    )
    if not provider.is_current:
        raise ClientRecordError(_("They no longer serve the client: nothing may be sent."))
    categories = categories_of(chosen)
    recipient, decision = provider_decision(
        client=provider.client, provider=provider, categories=categories
    )
    if not decision.allowed:
        raise ConsentRequiredError(decision)
    what = "; ".join(s.label for s in chosen)
    return disclosure_record(
        client_id=client_id,
        recipient=recipient,
        categories=categories,
        description=_("Sent to the care team (%(who)s): %(what)s")
        % {
            "who": provider.get_kind_display(),
            "what": what,
        },
        purpose=purpose,
        method=method,
        disclosed_by=sent_by,
        care_provider_id=provider.pk,
    )
