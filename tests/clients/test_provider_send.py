"""Send to provider: information for an outside care-team member passes the consent gate,
is logged in the accounting of disclosures, and prints only what the release covers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import Disclosure
from clients.provider_packet import chosen
from clients.services.disclosures import ConsentRequiredError
from clients.services.provider_packet import provider_send
from pages.provider_packet import SECTIONS
from tests.factories import (
    AppointmentFactory,
    CareProviderFactory,
    ClientFactory,
    ConsentReleaseFactory,
    VisitFactory,
)

# The short statement as 42 CFR 2.32(a)(2) publishes it.
PART2_SHORT_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

pytestmark = pytest.mark.django_db
CLINIC = "Harbor Community Clinic"


@pytest.fixture
def provider(client_a):
    return CareProviderFactory(client=client_a)


def _release(client, categories=("general", "mental_health"), **extra):
    extra.setdefault("recipient_name", CLINIC)
    extra.setdefault("recipient_kind", "organization")
    return ConsentReleaseFactory(
        client=client,
        related_person=None,
        categories=list(categories),
        **extra,
    )


def _url(provider, name="clients:provider_send"):
    return reverse(name, args=[provider.client_id, provider.pk])


def _post(client, provider, sections, method="fax"):
    return client.post(_url(provider), {"sections": sections, "method": method, "purpose": ""})


def test_without_a_release_nothing_is_sent_and_the_page_says_who_is_missing(
    client, case_manager, provider
):
    client.force_login(case_manager)
    response = _post(client, provider, ["identity"])
    body = response.content.decode()
    assert response.status_code == 200 and 'id="consent-blocked"' in body
    assert f"No release of information names {CLINIC}" in body
    assert "Nothing was sent or logged" in body
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(action="clients.disclosure.refused").count() == 1


def test_a_release_without_a_category_is_named_in_the_refusal(client, case_manager, provider):
    _release(provider.client, ["general", "mental_health"])
    client.force_login(case_manager)
    body = _post(client, provider, ["identity", "substance_use"]).content.decode()
    assert "does not cover substance use (Part 2)" in body
    assert "never covers substance-use records" in body
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("state", ["expired", "revoked", "unsigned"])
def test_an_inactive_release_refuses(case_manager, provider, state):
    today = timezone.localdate()
    if state == "expired":
        _release(
            provider.client,
            effective_on=today - timedelta(days=400),
            signed_on=today - timedelta(days=400),
            expires_on=today - timedelta(days=35),
        )
    elif state == "revoked":
        _release(provider.client, revoked_on=today - timedelta(days=1), revocation_method="written")
    else:
        _release(provider.client, signed_on=None, signature_method="")
    with pytest.raises(ConsentRequiredError) as refused:
        provider_send(
            client_id=provider.client_id,
            provider_id=provider.pk,
            sections=chosen(SECTIONS, ["identity"]),
            purpose="",
            method="fax",
            sent_by=case_manager,
        )
    expected = {"expired": "expired on", "revoked": "was revoked on", "unsigned": "not signed"}
    assert expected[state] in refused.value.decision.reason
    assert not Disclosure.objects.exists()


def test_a_covering_release_logs_the_disclosure_and_prints_only_what_was_sent(
    client, case_manager, provider
):
    release = _release(provider.client)
    AppointmentFactory(client=provider.client, staff=case_manager, purpose="Medication review")
    client.force_login(case_manager)
    response = _post(client, provider, ["identity", "care_team"])
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.consent == release and disclosure.recipient_label == CLINIC
    assert disclosure.categories == ["general", "mental_health"]
    assert disclosure.method == "fax" and disclosure.disclosed_by == case_manager
    assert "Identity and contact details" in disclosure.description
    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200 and 'id="section-care_team"' in body
    assert 'id="section-appointments"' not in body and "Medication review" not in body
    assert PART2_SHORT_NOTICE not in body
    assert AuditEvent.objects.filter(action="clients.care_provider.packet_printed").count() == 1
    accounting = client.get(reverse("clients:disclosures", args=[provider.client_id]))
    assert CLINIC in accounting.content.decode()


def test_a_release_naming_the_person_covers_them_too(client, case_manager, provider):
    _release(provider.client, ["general"], recipient_kind="person", recipient_name=provider.name)
    client.force_login(case_manager)
    assert _post(client, provider, ["identity"]).status_code == 302
    assert Disclosure.objects.get().recipient_label == provider.name


def test_substance_use_information_carries_the_part_2_notice(client, case_manager, provider):
    _release(provider.client, ["general", "substance_use"])
    client.force_login(case_manager)
    response = _post(client, provider, ["identity", "substance_use"])
    body = client.get(response.url).content.decode()
    assert "42 CFR part 2" in body and PART2_SHORT_NOTICE in body
    assert 'id="section-substance_use"' in body


def test_the_page_holds_no_section_the_disclosure_does_not_cover(client, case_manager, provider):
    _release(provider.client, ["general"])
    VisitFactory(client=provider.client, author=case_manager)
    client.force_login(case_manager)
    response = _post(client, provider, ["identity"])
    disclosure = Disclosure.objects.get()
    packet = reverse(
        "clients:provider_packet", args=[provider.client_id, provider.pk, disclosure.pk]
    )
    body = client.get(f"{packet}?s=identity&s=recent_contacts").content.decode()
    assert response.status_code == 302
    assert 'id="section-identity"' in body and 'id="section-recent_contacts"' not in body


def test_a_release_revoked_after_sending_stops_the_page(client, case_manager, provider):
    release = _release(provider.client)
    client.force_login(case_manager)
    url = _post(client, provider, ["identity"]).url
    release.revoked_on = timezone.localdate()
    release.revocation_method = "written"
    release.save(update_fields=["revoked_on", "revocation_method"])
    body = client.get(url).content.decode()
    assert 'id="consent-blocked"' in body and 'id="section-identity"' not in body
    assert Disclosure.objects.count() == 1  # what was sent stays in the accounting


def test_nothing_goes_to_a_provider_who_no_longer_serves_the_client(client, case_manager, provider):
    _release(provider.client)
    provider.ended_on = timezone.localdate()
    provider.save(update_fields=["ended_on"])
    client.force_login(case_manager)
    body = _post(client, provider, ["identity"]).content.decode()
    assert "no longer serve the client" in body and not Disclosure.objects.exists()


def test_at_least_one_section_is_needed(client, case_manager, provider):
    _release(provider.client)
    client.force_login(case_manager)
    body = _post(client, provider, []).content.decode()
    assert "Tick at least one thing to send." in body and not Disclosure.objects.exists()


def test_another_teams_user_gets_404_and_compliance_403(
    client, case_manager, outsider, compliance, provider
):
    _release(provider.client)
    client.force_login(case_manager)
    packet_url = _post(client, provider, ["identity"]).url
    client.force_login(outsider)
    assert client.get(_url(provider)).status_code == 404
    assert _post(client, provider, ["identity"]).status_code == 404
    assert client.get(packet_url).status_code == 404
    client.force_login(compliance)
    assert client.get(_url(provider)).status_code == 403
    assert Disclosure.objects.count() == 1


def test_another_clients_disclosure_answers_404(client, case_manager, provider, client_a):
    _release(provider.client)
    client.force_login(case_manager)
    _post(client, provider, ["identity"])
    other = CareProviderFactory(client=ClientFactory(team=client_a.team))
    url = reverse(
        "clients:provider_packet",
        args=[other.client_id, other.pk, Disclosure.objects.get().pk],
    )
    assert client.get(_url(other)).status_code == 200
    assert client.get(url).status_code == 404


def test_a_disclosure_sent_to_another_provider_of_the_same_client_answers_404(
    client, case_manager, provider
):
    """Issue #23: the packet opened under any provider of the client, citing the release of
    the recipient the disclosure was really sent to."""
    _release(provider.client)
    client.force_login(case_manager)
    _post(client, provider, ["identity"])
    disclosure = Disclosure.objects.get()
    assert disclosure.care_provider == provider
    other = CareProviderFactory(client=provider.client, organization_name="County Probation")
    url = reverse("clients:provider_packet", args=[provider.client_id, other.pk, disclosure.pk])
    assert client.get(url).status_code == 404
    [event] = AuditEvent.objects.filter(action="casework.access.denied")
    assert (event.actor, event.client_id) == (case_manager, provider.client_id)
    own = reverse("clients:provider_packet", args=[provider.client_id, provider.pk, disclosure.pk])
    assert client.get(own).status_code == 200


def test_the_page_costs_the_same_queries_whatever_it_holds(
    client, case_manager, provider, django_assert_max_num_queries
):
    _release(provider.client)
    client.force_login(case_manager)
    sections = ["identity", "care_team", "appointments", "recent_contacts"]
    url = _post(client, provider, sections).url
    client.get(url)
    # session, user, client, memberships, provider, disclosure (release, sender), the gate's
    # releases for the organisation and for the person, audit, one per section (staff,
    # providers, appointments, contacts), the reminder count, the session's expiry (3).
    with django_assert_max_num_queries(17) as small:
        client.get(url)
    for _ in range(8):
        CareProviderFactory(client=provider.client)
        AppointmentFactory(client=provider.client, staff=case_manager)
        VisitFactory(client=provider.client, author=case_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
