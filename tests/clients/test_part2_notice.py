"""The 42 CFR Part 2 notice (§2.32 as amended in 2024) comes from ONE template and is whole
wherever substance-use records are disclosed: the referral packet, the provider packet, the
accounting of disclosures (and the client's copy of their record, tested with the exports)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from clients.selectors.consent_gate import Recipient
from clients.services.disclosures import disclosure_record_on_basis
from referrals.services.referral import referral_send
from tests.factories import CareProviderFactory, ConsentReleaseFactory, ReferralFactory

pytestmark = pytest.mark.django_db

NOTICE_TEMPLATE = "clients/consent/_part2_notice.html"
# Pieces of the notice as 42 CFR 2.32(a)(1) publishes it (shared/domain/consent.md).
PUBLISHED = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2).",
    "except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 "
    "CFR 2.64 or 2.65.",
    "Further use or disclosure is expressly permitted by the written consent of the individual "
    "whose information is being disclosed in this record or as otherwise permitted by 42 CFR "
    "part 2.",
    "You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or",
    "You have received the record from a covered entity or business associate as permitted by "
    "45 CFR part 164, subparts A and E.",
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31).",
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.",
)


def _whole(body: str) -> None:
    text = " ".join(body.split())
    for piece in PUBLISHED:
        assert piece in text, piece
    assert text.count("(42 CFR part 2). These rules") == 1


def _templates(response) -> set[str]:
    return {t.name for t in response.templates}


def test_the_template_holds_items_i_ii_and_iii_and_the_general_authorization_sentence():
    html = render_to_string(NOTICE_TEMPLATE)
    _whole(html)
    assert html.count("<li>") == 3


def test_the_accounting_uses_the_one_notice(client, case_manager, client_a):
    disclosure_record_on_basis(
        client_id=client_a.pk,
        recipient=Recipient.organization("Superior Court"),
        recipient_address="",
        categories=["substance_use"],
        description="Treatment dates",
        purpose="Court order",
        method="letter",
        legal_basis="court_order",
        basis_reference="Case 1",
        part2_court_order=True,
        disclosed_by=case_manager,
    )
    client.force_login(case_manager)
    response = client.get(reverse("clients:disclosures", kwargs={"client_id": client_a.pk}))
    assert NOTICE_TEMPLATE in _templates(response)
    _whole(response.content.decode())


def test_the_provider_packet_uses_the_one_notice(client, case_manager, client_a):
    client_a.co_occurring_substance_use = True
    client_a.save(update_fields=["co_occurring_substance_use"])
    provider = CareProviderFactory(client=client_a)
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name=provider.organization_name,
        categories=["general", "substance_use"],
        created_by=case_manager,
    )
    client.force_login(case_manager)
    url = reverse("clients:provider_send", kwargs={"client_id": client_a.pk, "pk": provider.pk})
    response = client.post(
        url,
        {"sections": ["identity", "substance_use"], "method": "letter", "purpose": ""},
        follow=True,
    )
    assert NOTICE_TEMPLATE in _templates(response)
    _whole(response.content.decode())


def test_the_referral_packet_uses_the_one_notice(client, case_manager, client_a):
    referral = ReferralFactory(
        client=client_a, categories=["general", "substance_use"], referred_by=case_manager
    )
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name=referral.service.organization.name,
        categories=["general", "substance_use"],
        created_by=case_manager,
    )
    referral_send(referral_id=referral.pk, version=referral.version, sent_by=case_manager)
    client.force_login(case_manager)
    response = client.get(reverse("referrals:referral_packet", args=[client_a.pk, referral.pk]))
    assert response.status_code == 200
    assert NOTICE_TEMPLATE in _templates(response)
    _whole(response.content.decode())
