"""Consent pages: record a release with its scan, the record panel, a blocked disclosure with
its reason, the printable accounting, the expiring list; scope and query budgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import ConsentRelease, Disclosure
from tests.factories import (
    AssignmentFactory,
    ClientFactory,
    ConsentReleaseFactory,
    RelatedPersonFactory,
)

# The short statement as 42 CFR 2.32(a)(2) publishes it.
PART2_SHORT_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sister(client_a):
    return RelatedPersonFactory(client=client_a, full_name="Sara Sister")


def _today():
    return timezone.localdate()


def _form(person, **overrides):
    data = {
        "discloser": "Harbor FSP",
        "recipient_kind": "related_person",
        "related_person": person.pk,
        "categories": ["general", "mental_health"],
        "purpose": "At the client's request",
        "effective_on": _today().isoformat(),
        "expires_on": (_today() + timedelta(days=365)).isoformat(),
        "signer_kind": "client",
        "signature_method": "wet",
        "signed_on": _today().isoformat(),
        "told_right_to_revoke": "on",
        "told_not_conditioned": "on",
        "told_redisclosure": "on",
    }
    return {**data, **overrides}


def test_a_case_manager_records_a_release_with_its_scan(client, case_manager, client_a, sister):
    client.force_login(case_manager)
    data = _form(sister, file=SimpleUploadedFile("signed.pdf", PDF, "application/pdf"))
    response = client.post(reverse("clients:consent_create", args=[client_a.pk]), data)
    consent = ConsentRelease.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clients:consent_detail", args=[client_a.pk, consent.pk])
    assert consent.has_form and consent.related_person == sister
    download = client.get(reverse("clients:consent_form", args=[client_a.pk, consent.pk]))
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert "attachment" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="clients.consent.form_viewed").exists()


def test_a_wrong_file_type_shows_at_the_field_and_nothing_is_saved(
    client, case_manager, client_a, sister, media
):
    client.force_login(case_manager)
    data = _form(sister, file=SimpleUploadedFile("signed.pdf", b"<html>", "application/pdf"))
    response = client.post(reverse("clients:consent_create", args=[client_a.pk]), data)
    assert response.status_code == 200
    assert "Upload a PDF, PNG or JPEG" in " ".join(response.context["form"].errors["file"])
    assert not ConsentRelease.objects.exists() and not any(media.rglob("*.*"))


def test_a_rule_shows_at_its_field(client, case_manager, client_a, sister):
    client.force_login(case_manager)
    data = _form(sister, expires_on="", expiry_event="")
    response = client.post(reverse("clients:consent_create", args=[client_a.pk]), data)
    assert response.status_code == 200
    assert "expiry date or an expiry event" in " ".join(
        response.context["form"].errors["expires_on"]
    )


def test_another_teams_user_gets_404_for_the_release_and_its_file(
    client, outsider, client_a, sister
):
    consent = ConsentReleaseFactory(
        client=client_a, related_person=sister, form_file="consent-forms/x.pdf",
        form_content_type="application/pdf",
    )  # fmt: skip
    client.force_login(outsider)
    for name in ("clients:consent_detail", "clients:consent_form", "clients:consent_revoke"):
        assert client.get(reverse(name, args=[client_a.pk, consent.pk])).status_code == 404


def test_a_release_of_another_client_is_404_under_this_client(client, case_manager, client_a):
    other = ConsentReleaseFactory(client=ClientFactory(team=client_a.team))
    client.force_login(case_manager)
    url = reverse("clients:consent_detail", args=[client_a.pk, other.pk])
    assert client.get(url).status_code == 404


def test_the_panel_shows_who_may_be_told_what_and_marks_the_uncovered(
    client, case_manager, client_a, sister
):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    RelatedPersonFactory(client=client_a, full_name="Bo Brother")
    client.force_login(case_manager)
    body = client.get(reverse("clients:consent_panel", args=[client_a.pk])).content.decode()
    assert "To Sara Sister" in body and "general, mental health" in body
    assert "No release covers:" in body and "Bo Brother" in body
    assert "<html" not in body
    people = client.get(reverse("clients:people_panel", args=[client_a.pk])).content.decode()
    assert "May be told: general, mental health" in people
    assert "no release on file" in people  # Bo Brother


def test_a_blocked_disclosure_gives_the_reason_and_offers_to_record_a_release(
    client, case_manager, client_a, sister
):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:disclosure_create", args=[client_a.pk]),
        {
            "recipient_kind": "related_person",
            "related_person": sister.pk,
            "categories": ["substance_use"],
            "description": "Treatment attendance",
            "method": "phone",
            "disclosed_on": _today().isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "does not cover substance use (Part 2)" in body
    record = reverse("clients:consent_create", args=[client_a.pk])
    assert f"{record}?person={sister.pk}&amp;category=substance_use" in body
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(action="clients.disclosure.refused").exists()


def test_a_covered_disclosure_lands_in_the_accounting(client, case_manager, client_a, sister):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(case_manager)
    response = client.post(
        reverse("clients:disclosure_create", args=[client_a.pk]),
        {
            "recipient_kind": "related_person",
            "related_person": sister.pk,
            "categories": ["general"],
            "description": "Next appointment date",
            "method": "phone",
            "disclosed_on": _today().isoformat(),
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("clients:disclosures", args=[client_a.pk])).content.decode()
    assert "Next appointment date" in body and "Sara Sister" in body
    assert str(PART2_SHORT_NOTICE) not in body


def test_the_accounting_carries_the_part2_notice_when_it_holds_substance_use(
    client, compliance, client_a
):
    consent = ConsentReleaseFactory(
        client=client_a, recipient_kind="organization", related_person=None,
        recipient_name="Eastside Recovery", categories=["substance_use"],
    )  # fmt: skip
    Disclosure.objects.create(
        client=client_a, consent=consent, recipient_label="Eastside Recovery",
        categories=["substance_use"], description="Attendance", purpose="Care coordination",
        method="fax", disclosed_on=_today(), disclosed_by=consent.created_by,
    )  # fmt: skip
    client.force_login(compliance)
    body = client.get(reverse("clients:disclosures", args=[client_a.pk])).content.decode()
    assert "protected by Federal confidentiality rules (42 CFR part 2)" in body
    assert str(PART2_SHORT_NOTICE) in body
    assert "Log a disclosure" not in body  # read-only


def test_compliance_cannot_log_or_revoke(client, compliance, client_a, sister):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(compliance)
    url = reverse("clients:consent_revoke", args=[client_a.pk, consent.pk])
    response = client.post(url, {"revoked_on": _today().isoformat(), "method": "written"})
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.revoked_on is None


def test_the_revoke_page_revokes_from_the_day_given(client, case_manager, client_a, sister):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(case_manager)
    url = reverse("clients:consent_revoke", args=[client_a.pk, consent.pk])
    data = {"revoked_on": _today().isoformat(), "method": "written", "version": consent.version}
    assert client.post(url, data).status_code == 302
    body = client.get(reverse("clients:consent_detail", args=[client_a.pk, consent.pk]))
    assert "Revoked" in body.content.decode()


def test_the_expiring_list_shows_my_clients_releases_within_30_days(
    client, case_manager, client_a, sister, team_a
):
    AssignmentFactory(client=client_a, staff=case_manager)
    soon = ConsentReleaseFactory(
        client=client_a, related_person=sister, expires_on=_today() + timedelta(days=30)
    )
    ConsentReleaseFactory(client=client_a, expires_on=_today() + timedelta(days=31))
    not_mine = ConsentReleaseFactory(
        client=ClientFactory(team=team_a), expires_on=_today() + timedelta(days=3)
    )
    client.force_login(case_manager)
    mine = client.get(reverse("clients:consents_expiring"))
    assert [c.pk for c in mine.context["page"]] == [soon.pk]
    everyone = client.get(reverse("clients:consents_expiring") + "?all=1")
    assert [c.pk for c in everyone.context["page"]] == [not_mine.pk, soon.pk]


def test_the_outsider_sees_no_expiring_release_of_team_a(client, outsider, client_a):
    ConsentReleaseFactory(client=client_a, expires_on=_today() + timedelta(days=3))
    client.force_login(outsider)
    page = client.get(reverse("clients:consents_expiring") + "?all=1").context["page"]
    assert page.paginator.count == 0


@pytest.mark.parametrize(
    "name", ["clients:consents", "clients:consent_panel", "clients:disclosures"]
)
def test_the_consent_pages_take_the_same_queries_whatever_the_history(
    client, case_manager, client_a, django_assert_max_num_queries, name
):
    client.force_login(case_manager)
    url = reverse(name, args=[client_a.pk])
    client.get(url)  # warm the session

    def grow():
        consent = ConsentReleaseFactory(client=client_a)
        Disclosure.objects.create(
            client=client_a, consent=consent, recipient_label="X", categories=["general"],
            description="d", purpose="p", method="phone", disclosed_on=_today(),
            disclosed_by=case_manager,
        )  # fmt: skip

    grow()
    # session, user, memberships (access), client, audit insert, the rows (+ count on paged
    # lists), people (panel), the navigation's reminder count, session save (3).
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(12):
        grow()
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_detail_page_takes_a_fixed_number_of_queries(
    client, case_manager, client_a, django_assert_max_num_queries
):
    consent = ConsentReleaseFactory(client=client_a)
    client.force_login(case_manager)
    url = reverse("clients:consent_detail", args=[client_a.pk, consent.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_expiring_list_takes_the_same_queries_however_many(
    client, case_manager, client_a, team_a, django_assert_max_num_queries
):
    client.force_login(case_manager)
    url = reverse("clients:consents_expiring") + "?all=1"
    client.get(url)

    def grow(n):
        for _ in range(n):
            ConsentReleaseFactory(
                client=ClientFactory(team=team_a), expires_on=_today() + timedelta(days=9)
            )

    grow(1)
    # session, user, memberships, count, rows (client and person joined), reminder count,
    # session save (3).
    with django_assert_max_num_queries(10):
        client.get(url)
    grow(15)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_pending_release_is_signed_with_its_scan_through_the_page(
    client, case_manager, client_a, sister
):
    consent = ConsentReleaseFactory(
        client=client_a, related_person=sister, signed_on=None, signature_method=""
    )
    client.force_login(case_manager)
    url = reverse("clients:consent_sign", args=[client_a.pk, consent.pk])
    response = client.post(
        url,
        {
            "version": consent.version,
            "signature_method": "electronic",
            "signed_on": _today().isoformat(),
            "told_right_to_revoke": "on",
            "told_not_conditioned": "on",
            "told_redisclosure": "on",
            "file": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30),
        },
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.is_active_on(_today()) and consent.form_content_type == "image/png"


def test_a_signature_without_the_statements_is_refused_at_the_field(
    client, case_manager, client_a, sister
):
    consent = ConsentReleaseFactory(
        client=client_a, related_person=sister, signed_on=None, signature_method=""
    )
    client.force_login(case_manager)
    url = reverse("clients:consent_sign", args=[client_a.pk, consent.pk])
    response = client.post(url, {"signature_method": "wet", "signed_on": _today().isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["told_right_to_revoke"]
    consent.refresh_from_db()
    assert consent.signed_on is None


def test_the_signed_form_is_attached_once(client, case_manager, client_a, sister):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(case_manager)
    url = reverse("clients:consent_attach", args=[client_a.pk, consent.pk])
    pdf = SimpleUploadedFile("form.pdf", PDF, "application/pdf")
    assert client.post(url, {"file": pdf}).status_code == 302
    again = client.post(url, {"file": SimpleUploadedFile("form.pdf", PDF, "application/pdf")})
    assert "already has its signed form" in again.content.decode()


def test_a_release_without_a_form_has_no_download(client, case_manager, client_a, sister):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    client.force_login(case_manager)
    url = reverse("clients:consent_form", args=[client_a.pk, consent.pk])
    assert client.get(url).status_code == 404


def test_a_minors_release_asks_for_the_representative_or_the_law(client, case_manager, team_a):
    minor = ClientFactory(team=team_a, date_of_birth=_today() - timedelta(days=15 * 365))
    mother = RelatedPersonFactory(client=minor, full_name="Maria Mother")
    client.force_login(case_manager)
    url = reverse("clients:consent_create", args=[minor.pk])
    assert "Law letting the minor consent alone" in client.get(url).content.decode()
    response = client.post(url, _form(mother))
    assert response.status_code == 200
    assert "The client is a minor" in " ".join(
        response.context["form"].errors["minor_consent_basis"]
    )
    assert "Law letting the minor consent alone" in response.content.decode()
    representative = _form(
        mother, signer_kind="representative", representative_name="Maria Mother",
        representative_authority="Parent of a minor",
    )  # fmt: skip
    assert client.post(url, representative).status_code == 302


def test_an_adults_release_form_does_not_ask_for_a_minors_law(client, case_manager, client_a):
    client.force_login(case_manager)
    body = client.get(reverse("clients:consent_create", args=[client_a.pk])).content.decode()
    assert "Law letting the minor consent alone" not in body


@pytest.mark.parametrize(
    "value",
    ["x" * 1_000_000, "nul\x00byte", "{{ 7|add:1 }}<script>alert(1)</script>", "2026-02-30"],
)
def test_bad_input_never_breaks_the_forms(client, case_manager, client_a, sister, value):
    client.force_login(case_manager)
    for name, data in (
        ("clients:consent_create", _form(sister, purpose=value, expires_on=value)),
        (
            "clients:disclosure_create",
            {"recipient_kind": "person", "recipient_name": value, "categories": ["general"],
             "description": value, "method": "phone", "disclosed_on": value},
        ),
    ):  # fmt: skip
        response = client.post(reverse(name, args=[client_a.pk]), data)
        # 400: the request is over DATA_UPLOAD_MAX_MEMORY_SIZE, refused before any view runs.
        assert response.status_code in (200, 400), name
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not ConsentRelease.objects.exists() and not Disclosure.objects.exists()


def test_extra_fields_in_the_post_are_ignored(client, case_manager, client_a, sister, team_b):
    other = ClientFactory(team=team_b)
    client.force_login(case_manager)
    data = _form(
        sister, client=other.pk, directory_organization_id=99, version=7, revoked_on="2020-01-01",
        created_by=999, form_file="../../etc/passwd",
    )  # fmt: skip
    assert (
        client.post(reverse("clients:consent_create", args=[client_a.pk]), data).status_code == 302
    )
    consent = ConsentRelease.objects.get()
    assert consent.client == client_a and consent.directory_organization_id is None
    assert (consent.version, consent.revoked_on, consent.created_by) == (1, None, case_manager)
    assert not consent.has_form
