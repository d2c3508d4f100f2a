"""Releases of information and the gate, at their edges: the expiry day, the revocation day,
a category not covered, a recipient that does not match, minors and representatives; the
disclosure log that the gate guards."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections
from django.utils import timezone

from casework.models import AuditEvent
from clients.models import ConsentRelease, ConsentStatus, Disclosure
from clients.selectors import consent_gate
from clients.selectors.consent_gate import Recipient
from clients.services import disclosures, releases
from clients.services import people as people_services
from clients.services.errors import ClientRecordError, StaleRecordError
from tests.factories import (
    ClientFactory,
    ConsentReleaseFactory,
    OrganizationFactory,
    RelatedPersonFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _today():
    return timezone.localdate()


def _days(n: int):
    return _today() + timedelta(days=n)


@pytest.fixture
def sister(client_a):
    return RelatedPersonFactory(client=client_a, full_name="Sara Sister")


def _details(person, **overrides):
    details = {
        "discloser": "Harbor FSP",
        "recipient_kind": "related_person",
        "related_person": person,
        "recipient_name": "",
        "recipient_details": "",
        "recipient_is_intermediary": False,
        "categories": ["general", "mental_health"],
        "information_detail": "",
        "purpose": "At the client's request",
        "effective_on": _today(),
        "expires_on": _days(365),
        "expiry_event": "",
        "signer_kind": "client",
        "representative_name": "",
        "representative_authority": "",
        "minor_consent_basis": "",
        "signature_method": "wet",
        "signed_on": _today(),
        "told_right_to_revoke": True,
        "told_not_conditioned": True,
        "told_redisclosure": True,
        "copy_given_on": None,
    }
    return {**details, **overrides}


def _record(client, user, person, upload=None, **overrides):
    return releases.consent_record(
        client_id=client.pk, details=_details(person, **overrides), recorded_by=user, upload=upload
    )


def _check(client, person, categories=("general",), on=None):
    return consent_gate.consent_check(
        client=client,
        recipient=Recipient.person_on_record(person),
        categories=categories,
        on=on,
    )


# --- Recording -------------------------------------------------------------------------------


def test_it_records_a_signed_release_with_its_scan(client_a, case_manager, sister, media):
    upload = SimpleUploadedFile("Amara release.pdf", PDF, content_type="application/pdf")
    consent = _record(client_a, case_manager, sister, upload=upload)
    assert consent.status_on(_today()) == ConsentStatus.ACTIVE
    assert consent.form_content_type == "application/pdf"
    assert (
        consent.form_file.name.startswith("consent-forms/")
        and "Amara" not in consent.form_file.name
    )
    assert (media / consent.form_file.name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="clients.consent.recorded")
    assert event.client_id == client_a.pk and "Sara" not in str(event.detail)


@pytest.mark.parametrize(
    ("content", "limit", "message"),
    [(EXE, None, "Upload a PDF, PNG or JPEG"), (PDF, 10, "the limit is")],
)
def test_a_wrong_type_or_size_is_refused_and_nothing_stored(
    client_a, case_manager, sister, media, settings, content, limit, message
):
    if limit:
        settings.CLIENT_DOCUMENT_MAX_BYTES = limit
    upload = SimpleUploadedFile("release.pdf", content, content_type="application/pdf")
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, sister, upload=upload)
    assert error.value.field == "file" and message in error.value.message
    assert not ConsentRelease.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_expiry_date_or_event_is_required(client_a, case_manager, sister):
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, sister, expires_on=None, expiry_event="")
    assert error.value.field == "expires_on"
    consent = _record(client_a, case_manager, sister, expires_on=None, expiry_event="Discharge")
    assert consent.is_active_on(_days(3000))


def test_the_database_refuses_a_release_without_expiry(client_a, sister, case_manager):
    with pytest.raises(IntegrityError, match="consent_has_expiry_date_or_event"):
        ConsentReleaseFactory(client=client_a, related_person=sister, expires_on=None)


def test_psychotherapy_notes_need_a_release_of_their_own(client_a, case_manager, sister):
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, sister, categories=["general", "psychotherapy_notes"])
    assert error.value.field == "categories"
    _record(client_a, case_manager, sister, categories=["psychotherapy_notes"])


def test_a_signed_release_needs_the_statements(client_a, case_manager, sister):
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, sister, told_right_to_revoke=False)
    assert error.value.field == "told_right_to_revoke"
    # Not signed yet: the statements are given at signing.
    pending = _record(
        client_a, case_manager, sister, told_right_to_revoke=False, signed_on=None,
        signature_method="",
    )  # fmt: skip
    assert pending.status_on(_today()) == ConsentStatus.PENDING


def test_someone_elses_person_cannot_be_the_recipient(client_a, case_manager):
    stranger = RelatedPersonFactory(client=ClientFactory(team=client_a.team))
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, stranger)
    assert error.value.field == "related_person"


# --- Minors and legal representatives ------------------------------------------------------


@pytest.fixture
def minor(team_a):
    return ClientFactory(team=team_a, date_of_birth=_today() - timedelta(days=16 * 365))


def test_a_representative_needs_a_name_and_authority(client_a, case_manager, sister):
    with pytest.raises(ClientRecordError) as error:
        _record(client_a, case_manager, sister, signer_kind="representative")
    assert error.value.field == "representative_name"
    with pytest.raises(ClientRecordError) as error:
        _record(
            client_a, case_manager, sister, signer_kind="representative",
            representative_name="Cal Conservator",
        )  # fmt: skip
    assert error.value.field == "representative_authority"


def test_a_minor_alone_cannot_sign_without_a_law_that_lets_them(minor, case_manager):
    mother = RelatedPersonFactory(client=minor, kind="family", relationship="mother")
    with pytest.raises(ClientRecordError) as error:
        _record(minor, case_manager, mother)
    assert error.value.field == "minor_consent_basis"
    _record(minor, case_manager, mother, minor_consent_basis="Cal. Health & Safety Code 124260")
    _record(
        minor, case_manager, mother, signer_kind="representative",
        representative_name="Maria Mother", representative_authority="Parent of a minor",
    )  # fmt: skip


def test_a_minors_substance_use_records_need_the_minors_own_signature(minor, case_manager):
    mother = RelatedPersonFactory(client=minor)
    parent = {"representative_name": "Maria", "representative_authority": "Parent of a minor"}
    with pytest.raises(ClientRecordError) as error:
        _record(
            minor, case_manager, mother, categories=["substance_use"],
            signer_kind="representative", **parent,
        )  # fmt: skip
    assert "42 CFR 2.14" in error.value.message
    _record(minor, case_manager, mother, categories=["substance_use"], signer_kind="both", **parent)


def test_an_adult_needs_no_representative(client_a, case_manager, sister):
    consent = _record(client_a, case_manager, sister, minor_consent_basis="ignored")
    assert consent.minor_consent_basis == ""


# --- The gate ------------------------------------------------------------------------------


def test_nothing_may_be_shared_without_a_release(client_a, sister):
    decision = _check(client_a, sister)
    assert not decision.allowed
    assert "No release of information names Sara Sister" in decision.reason


def test_the_expiry_day_still_counts_the_next_day_does_not(client_a, sister):
    ConsentReleaseFactory(client=client_a, related_person=sister, expires_on=_days(10))
    assert _check(client_a, sister, on=_days(10)).allowed
    late = _check(client_a, sister, on=_days(11))
    assert not late.allowed and "expired on" in late.reason


def test_the_revocation_day_no_longer_counts_the_day_before_does(client_a, sister):
    ConsentReleaseFactory(
        client=client_a, related_person=sister, revoked_on=_today(), revocation_method="written"
    )
    assert _check(client_a, sister, on=_days(-1)).allowed
    refused = _check(client_a, sister)
    assert not refused.allowed and "revoked on" in refused.reason


def test_a_pending_or_future_release_is_not_active(client_a, sister):
    ConsentReleaseFactory(
        client=client_a, related_person=sister, signed_on=None, signature_method=""
    )
    assert "not signed yet" in _check(client_a, sister).reason
    other = RelatedPersonFactory(client=client_a)
    ConsentReleaseFactory(client=client_a, related_person=other, effective_on=_days(5))
    assert "takes effect on" in _check(client_a, other).reason
    assert _check(client_a, other, on=_days(5)).allowed


def test_a_general_release_does_not_cover_substance_use_records(client_a, sister):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    decision = _check(client_a, sister, categories=["general", "substance_use"])
    assert not decision.allowed
    assert decision.missing == ("substance_use",)
    assert "42 CFR Part 2" in decision.reason


def test_the_recipient_must_match(client_a, sister):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    brother = RelatedPersonFactory(client=client_a, full_name="Bo Brother")
    assert not _check(client_a, brother).allowed
    assert not consent_gate.consent_check(
        client=client_a, recipient=Recipient.named_person("Sara Sister"), categories=["general"]
    ).allowed


def test_a_named_organisation_matches_by_name_and_directory_id(client_a):
    ConsentReleaseFactory(
        client=client_a,
        recipient_kind="organization",
        related_person=None,
        recipient_name="Harbor Community Clinic",
    )

    def check(recipient):
        return consent_gate.consent_check(
            client=client_a, recipient=recipient, categories=["general"]
        )

    assert check(Recipient.organization("  harbor community   CLINIC ")).allowed
    assert not check(Recipient.organization("Harbor Housing")).allowed
    assert not check(Recipient.named_person("Harbor Community Clinic")).allowed
    clinic, other = OrganizationFactory.create_batch(2, agency=client_a.agency)
    ConsentRelease.objects.update(directory_organization_id=clinic.pk)
    assert check(Recipient.organization("Renamed Clinic", directory_id=clinic.pk)).allowed
    assert not check(
        Recipient.organization("Harbor Community Clinic", directory_id=other.pk)
    ).allowed


def test_the_gate_is_one_query(client_a, sister, django_assert_num_queries):
    ConsentReleaseFactory.create_batch(3, client=client_a, related_person=sister)
    with django_assert_num_queries(1):
        assert _check(client_a, sister).allowed


# --- Revocation ----------------------------------------------------------------------------


def _disclose(client, person, user, on=None, categories=("general",)):
    return disclosures.disclosure_record(
        client_id=client.pk,
        recipient=Recipient.person_on_record(person),
        categories=categories,
        description="Appointment dates",
        purpose="",
        method="phone",
        disclosed_by=user,
        disclosed_on=on,
    )


def test_revocation_is_not_retroactive(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    before = _disclose(client_a, sister, case_manager, on=_days(-2))
    releases.consent_revoke(
        client_id=client_a.pk, consent_id=consent.pk, revoked_on=_days(-1), method="written",
        received_by=case_manager,
    )  # fmt: skip
    assert Disclosure.objects.get() == before  # still in the accounting
    with pytest.raises(disclosures.ConsentRequiredError):
        _disclose(client_a, sister, case_manager)
    # A disclosure that happened before the revocation may still be logged late.
    _disclose(client_a, sister, case_manager, on=_days(-2))
    assert AuditEvent.objects.filter(action="clients.consent.revoked").exists()


def test_a_revocation_cannot_reach_back_before_a_disclosure(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    _disclose(client_a, sister, case_manager)
    with pytest.raises(ClientRecordError) as error:
        releases.consent_revoke(
            client_id=client_a.pk, consent_id=consent.pk, revoked_on=_days(-3),
            method="written", received_by=case_manager,
        )  # fmt: skip
    assert error.value.field == "revoked_on"


def test_a_revocation_is_recorded_once_and_never_in_the_future(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    kwargs = {"client_id": client_a.pk, "consent_id": consent.pk, "received_by": case_manager}
    with pytest.raises(ClientRecordError):
        releases.consent_revoke(revoked_on=_days(1), method="written", **kwargs)
    releases.consent_revoke(revoked_on=_today(), method="oral", **kwargs)
    with pytest.raises(ClientRecordError, match="already revoked"):
        releases.consent_revoke(revoked_on=_today(), method="written", **kwargs)


def test_a_stale_form_is_refused(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    ConsentRelease.objects.filter(pk=consent.pk).update(version=2)
    with pytest.raises(StaleRecordError):
        releases.consent_revoke(
            client_id=client_a.pk, consent_id=consent.pk, revoked_on=_today(), method="written",
            received_by=case_manager, version=1,
        )  # fmt: skip


def test_a_pending_release_is_signed_later(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(
        client=client_a, related_person=sister, signed_on=None, signature_method=""
    )
    upload = SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    releases.consent_sign(
        client_id=client_a.pk, consent_id=consent.pk,
        signature={"signed_on": _today(), "signature_method": "wet", "told_right_to_revoke": True,
                   "told_not_conditioned": True, "told_redisclosure": True,
                   "copy_given_on": _today()},
        signed_by_staff=case_manager, upload=upload,
    )  # fmt: skip
    consent.refresh_from_db()
    assert consent.is_active_on(_today()) and consent.form_content_type == "image/jpeg"
    assert consent.version == 2


def test_an_expiry_event_ends_the_release_that_day(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(
        client=client_a, related_person=sister, expires_on=None, expiry_event="Discharge"
    )
    releases.consent_end_by_event(
        client_id=client_a.pk, consent_id=consent.pk, happened_on=_today(), recorded_by=case_manager
    )
    assert _check(client_a, sister, on=_days(-1)).allowed
    assert "ended with Discharge" in _check(client_a, sister).reason


# --- Disclosures and the people seam -------------------------------------------------------


def test_a_covered_disclosure_is_logged_and_audited(client_a, sister, case_manager):
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    disclosure = _disclose(client_a, sister, case_manager)
    assert disclosure.consent == consent and disclosure.recipient_label == "Sara Sister"
    assert disclosure.purpose == consent.purpose
    event = AuditEvent.objects.get(action="clients.disclosure.recorded")
    assert event.detail == {"consent_id": consent.pk, "categories": ["general"]}


def test_an_uncovered_disclosure_is_refused_with_the_reason_and_nothing_written(
    client_a, sister, case_manager
):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    with pytest.raises(disclosures.ConsentRequiredError) as error:
        _disclose(client_a, sister, case_manager, categories=["hiv"])
    assert "does not cover HIV" in error.value.message
    assert not Disclosure.objects.exists()


def test_a_disclosure_cannot_be_logged_ahead_of_time(client_a, sister, case_manager):
    ConsentReleaseFactory(client=client_a, related_person=sister)
    with pytest.raises(ClientRecordError) as error:
        _disclose(client_a, sister, case_manager, on=_days(1))
    assert error.value.field == "disclosed_on"


def test_the_people_seam_says_what_a_person_may_be_told(client_a, sister):
    assert not people_services.disclosure_status_for(sister).may_share
    ConsentReleaseFactory(client=client_a, related_person=sister, expires_on=_days(-1),
                          effective_on=_days(-60), signed_on=_days(-60))  # fmt: skip
    status = people_services.disclosure_status_for(sister)
    assert not status.may_share and "no active release" in status.label
    ConsentReleaseFactory(client=client_a, related_person=sister)
    status = people_services.disclosure_status_for(sister)
    assert status.may_share and "general, mental health" in status.label
    assert status.categories == ("general", "mental_health")


def test_the_referrals_app_links_a_release_to_a_directory_entry(client_a, case_manager):
    consent = ConsentReleaseFactory(
        client=client_a, recipient_kind="organization", related_person=None,
        recipient_name="Harbor Clinic",
    )  # fmt: skip
    clinic = OrganizationFactory(agency=client_a.agency, name="Harbor Clinic")
    releases.consent_link_directory_organization(
        client_id=client_a.pk, consent_id=consent.pk, directory_id=clinic.pk, linked_by=case_manager
    )
    decision = consent_gate.consent_check(
        client=client_a,
        recipient=Recipient.organization("Harbor Clinic (new name)", directory_id=clinic.pk),
        categories=["general"],
    )
    assert decision.allowed and decision.consent == consent
    person = ConsentReleaseFactory(client=client_a)
    with pytest.raises(ClientRecordError):
        releases.consent_link_directory_organization(
            client_id=client_a.pk, consent_id=person.pk, directory_id=clinic.pk,
            linked_by=case_manager,
        )  # fmt: skip
    elsewhere = OrganizationFactory()  # another agency's directory
    with pytest.raises(ClientRecordError, match="not in the agency's directory"):
        releases.consent_link_directory_organization(
            client_id=client_a.pk, consent_id=consent.pk, directory_id=elsewhere.pk,
            linked_by=case_manager,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_revocation_and_a_disclosure_at_the_same_moment_are_ordered(
    client_a, sister, case_manager
):
    """Both take the client's row lock first: either the disclosure comes first (and the
    revocation is still accepted, that same day), or the revocation does and the disclosure
    is refused. Never a disclosure logged under a release already revoked."""
    consent = ConsentReleaseFactory(client=client_a, related_person=sister)
    barrier, outcomes = threading.Barrier(2), {}

    def run(name, action):
        try:
            barrier.wait()
            action()
            outcomes[name] = "ok"
        except ClientRecordError as error:
            outcomes[name] = type(error).__name__
        finally:
            connections.close_all()

    revoke = threading.Thread(
        target=run,
        args=("revoke", lambda: releases.consent_revoke(
            client_id=client_a.pk, consent_id=consent.pk, revoked_on=_today(), method="written",
            received_by=case_manager,
        )),
    )  # fmt: skip
    disclose = threading.Thread(
        target=run, args=("disclose", lambda: _disclose(client_a, sister, case_manager))
    )
    for t in (revoke, disclose):
        t.start()
    for t in (revoke, disclose):
        t.join()
    consent.refresh_from_db()
    assert outcomes["revoke"] == "ok" and consent.revoked_on == _today()
    if outcomes["disclose"] == "ok":
        disclosure = Disclosure.objects.get()
        assert disclosure.recorded_at <= consent.revocation_recorded_at
    else:
        assert outcomes["disclose"] == "ConsentRequiredError"
        assert not Disclosure.objects.exists()
