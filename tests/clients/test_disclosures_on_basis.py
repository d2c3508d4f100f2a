"""Disclosures made without a release (HIPAA 164.512) and the six-year accounting (164.528):
refused only when the basis is missing, Part 2 and psychotherapy notes ask more, the accounting
keeps what HIPAA requires apart from what the agency also logs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import Disclosure, LegalBasis
from clients.selectors.consent import accounting_for, accounting_start
from clients.selectors.consent_gate import Recipient
from clients.services.disclosures import disclosure_record, disclosure_record_on_basis
from clients.services.errors import ClientRecordError
from tests.factories import ConsentReleaseFactory

pytestmark = pytest.mark.django_db

COURT = Recipient.organization("Superior Court of Bay County")


def _on_basis(client, by, **overrides):
    arguments = {
        "client_id": client.pk,
        "recipient": COURT,
        "recipient_address": "400 County Center, Redwood City, CA 94063",
        "categories": ["general", "mental_health"],
        "description": "Progress notes, March to May",
        "purpose": "Court order in the conservatorship hearing",
        "method": "letter",
        "legal_basis": LegalBasis.COURT_ORDER,
        "basis_reference": "Case 25-PR-0113, order of 2 June",
        "disclosed_by": by,
    }
    return disclosure_record_on_basis(**{**arguments, **overrides})


def test_it_logs_a_disclosure_to_a_court_without_a_release(case_manager, client_a):
    disclosure = _on_basis(client_a, case_manager)
    assert disclosure.consent is None
    assert disclosure.legal_basis == LegalBasis.COURT_ORDER
    assert disclosure.recipient_address.startswith("400 County Center")
    assert disclosure.in_hipaa_accounting
    event = AuditEvent.objects.get(action="clients.disclosure.recorded_on_basis")
    assert event.client_id == client_a.pk
    assert "Progress notes" not in str(event.detail)  # no clinical text in the trail


def test_it_refuses_only_when_the_basis_is_missing(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        _on_basis(client_a, case_manager, legal_basis="")
    assert refused.value.field == "legal_basis"
    assert not Disclosure.objects.exists()


def test_a_court_order_needs_its_reference(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        _on_basis(client_a, case_manager, basis_reference="  ")
    assert refused.value.field == "basis_reference"
    assert not Disclosure.objects.exists()


def test_a_duty_to_warn_needs_no_reference_but_a_purpose(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        _on_basis(
            client_a,
            case_manager,
            legal_basis=LegalBasis.SERIOUS_THREAT,
            purpose="",
            basis_reference="",
        )
    assert refused.value.field == "purpose"
    warned = _on_basis(
        client_a,
        case_manager,
        legal_basis=LegalBasis.SERIOUS_THREAT,
        basis_reference="",
        recipient=Recipient.named_person("Dana Whitlock"),
        purpose="Warned the person the client threatened (Tarasoff)",
    )
    assert warned.in_hipaa_accounting


def test_substance_use_records_need_a_part2_court_order(case_manager, client_a):
    with pytest.raises(ClientRecordError) as refused:
        _on_basis(client_a, case_manager, categories=["substance_use"])
    assert refused.value.field == "part2_court_order"
    with pytest.raises(ClientRecordError) as refused:
        _on_basis(
            client_a, case_manager, categories=["substance_use"], legal_basis=LegalBasis.SUBPOENA
        )
    assert refused.value.field == "categories"
    assert not Disclosure.objects.exists()
    allowed = _on_basis(
        client_a, case_manager, categories=["substance_use"], part2_court_order=True
    )
    assert allowed.part2_court_order


def test_psychotherapy_notes_go_only_where_164_508_allows(case_manager, client_a):
    with pytest.raises(ClientRecordError):
        _on_basis(client_a, case_manager, categories=["psychotherapy_notes"])
    notes = _on_basis(
        client_a,
        case_manager,
        categories=["psychotherapy_notes"],
        legal_basis=LegalBasis.REQUIRED_BY_LAW,
        basis_reference="",
    )
    assert notes.categories == ["psychotherapy_notes"]


def test_the_database_refuses_a_disclosure_with_neither_release_nor_basis(case_manager, client_a):
    disclosure = _on_basis(client_a, case_manager)
    with (
        pytest.raises(IntegrityError, match="disclosure_release_or_legal_basis"),
        transaction.atomic(),
    ):
        Disclosure.objects.filter(pk=disclosure.pk).update(legal_basis="")


def test_the_accounting_keeps_six_years_and_separates_what_hipaa_requires(case_manager, client_a):
    today = timezone.localdate()
    court = _on_basis(client_a, case_manager)
    old = _on_basis(
        client_a, case_manager, disclosed_on=accounting_start(today) - timedelta(days=1)
    )
    edge = _on_basis(client_a, case_manager, disclosed_on=accounting_start(today))
    release = ConsentReleaseFactory(client=client_a, created_by=case_manager)
    shared = disclosure_record(
        client_id=client_a.pk,
        recipient=Recipient.person_on_record(release.related_person),
        categories=["general"],
        description="Appointment dates",
        purpose="",
        method="phone",
        disclosed_by=case_manager,
        recipient_address="12 Elm St",
    )
    treatment = _on_basis(
        client_a,
        case_manager,
        legal_basis=LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
        basis_reference="",
    )
    accounting = accounting_for(viewer=case_manager, client=client_a)
    assert [d.pk for d in accounting.required] == [court.pk, edge.pk]
    assert {d.pk for d in accounting.also_logged} == {shared.pk, treatment.pk}
    assert old.pk not in {d.pk for d in accounting.required + accounting.also_logged}


def test_six_years_before_a_29th_of_february_is_the_28th():
    assert accounting_start(date(2028, 2, 29)) == date(2022, 2, 28)


def test_a_compliance_reviewer_prints_the_court_disclosure(
    client, compliance, case_manager, client_a
):
    _on_basis(client_a, case_manager)
    client.force_login(compliance)
    response = client.get(reverse("clients:disclosures", kwargs={"client_id": client_a.pk}))
    body = response.content.decode()
    required = body.index("Disclosures HIPAA requires in this accounting")
    also = body.index("Other disclosures the agency also logs")
    court = body.index("Superior Court of Bay County")
    assert required < court < also
    assert "400 County Center, Redwood City" in body
    assert "Case 25-PR-0113" in body
    assert "Log one made without a release" not in body  # read-only role


def test_the_form_refuses_a_missing_basis_at_its_field(client, case_manager, client_a):
    client.force_login(case_manager)
    url = reverse("clients:disclosure_create_on_basis", kwargs={"client_id": client_a.pk})
    data = {
        "recipient_kind": "organization",
        "recipient_name": "County Public Health",
        "recipient_address": "225 W 37th Ave",
        "categories": ["general"],
        "description": "Name and date of birth",
        "purpose": "Reportable disease",
        "method": "fax",
        "disclosed_on": timezone.localdate().isoformat(),
        "legal_basis": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "needs its legal basis" in response.context["form"].errors["legal_basis"][0]
    assert not Disclosure.objects.exists()
    response = client.post(url, {**data, "legal_basis": LegalBasis.PUBLIC_HEALTH})
    assert response.status_code == 302
    assert Disclosure.objects.get().recipient_address == "225 W 37th Ave"
