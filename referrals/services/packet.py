"""The referral packet: producing it (each print, and each re-print) is information leaving
the care team, so it goes through the consent gate and into the client's disclosure log
(clients.services.disclosures.disclosure_record), holding only the categories the referral was
sent with. No release covering them today: `ConsentRequiredError`, nothing logged."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit import audit_client
from casework.models import User
from clients.models import Disclosure
from referrals.models import Referral, ReferralStatus
from referrals.services.errors import ReferralError
from referrals.services.referral import packet_disclose

PRINTED = "referrals.referral.packet_printed"


def referral_packet_produce(*, referral_id: int, produced_by: User) -> Disclosure:
    """Log one print of the packet as a disclosure under the covering release. The caller
    found the referral with `referral_get_for(..., change=True)`."""
    with transaction.atomic():
        referral = Referral.objects.select_related("client", "organization").get(pk=referral_id)
        if referral.status in (ReferralStatus.DRAFT, ReferralStatus.CANCELLED):
            raise ReferralError(_("Only a sent referral has a packet."))
        client = referral.client
        disclosure = packet_disclose(
            referral,
            description=_("Referral packet printed (referral %(id)s)") % {"id": referral.pk},
            by=produced_by,
        )
        audit_client(
            PRINTED,
            referral,
            client,
            actor=produced_by,
            detail={
                "consent_id": disclosure.consent_id,
                "disclosure_id": disclosure.pk,
                "categories": list(referral.categories),
            },
        )
    return disclosure
