"""A client record with something in every part, built through the services where they
hold rules (signing, retraction, plans, referrals), for the export tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from careplans.services.instruments import administration_record
from careplans.services.plans import plan_start
from clients.models import Enrolment, NoteAddendum, StatusChange
from clients.selectors.consent_gate import Recipient
from clients.services.disclosures import disclosure_record, disclosure_record_on_basis
from clients.services.documents import document_upload, document_void
from clients.services.events import key_event_void
from clients.services.visits import visit_addendum_add
from referrals.services.referral import referral_send, referral_transition
from tests.factories import (
    AppointmentFactory,
    AssessmentFactory,
    AssignmentFactory,
    CareProviderFactory,
    ConsentReleaseFactory,
    EpisodeFactory,
    KeyEventFactory,
    ReferralFactory,
    RelatedPersonFactory,
    VisitFactory,
    active_plan,
)

PHQ9 = {f"phq9_{n}": v for n, v in enumerate([2, 2, 2, 2, 1, 1, 1, 0, 1], start=1)}
GAD7 = {f"gad7_{n}": 1 for n in range(1, 8)}
AUDITC = {"auditc_1": 2, "auditc_2": 1, "auditc_3": 1, "auditc_group": 4}
SCAN = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Scanned documents and built exports in a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_events_and_documents(client, *, author) -> None:
    """A hospital stay and a scanned court order, each with a voided twin."""
    KeyEventFactory(
        client=client, recorded_by=author, place="County Hospital",
        description="Admitted after a crisis call",
    )  # fmt: skip
    wrong = KeyEventFactory(client=client, recorded_by=author, kind="jail", place="Wrong jail")
    key_event_void(client_id=client.pk, event_id=wrong.pk, reason="Other client", voided_by=author)
    for title in ("Court order 25-PR-0113", "Someone else's letter"):
        document = document_upload(
            client_id=client.pk, kind="court", title=title,
            upload=SimpleUploadedFile("scan.pdf", SCAN, content_type="application/pdf"),
            uploaded_by=author,
        )  # fmt: skip
    document_void(
        client_id=client.pk, document_id=document.pk, reason="Wrong client", voided_by=author
    )


def add_everything(client, *, author, supervisor, n_visits: int = 2) -> None:
    """Fill `client`'s record: every part the export reads, `n_visits` signed notes."""
    now, today = timezone.now(), timezone.localdate()
    episode = EpisodeFactory(client=client, number=1, opened_on=today - timedelta(days=200))
    StatusChange.objects.create(
        client=client, episode=episode, to_status="referred", reason="Referred by the hospital",
        effective_on=today - timedelta(days=200), changed_by=author,
    )  # fmt: skip
    StatusChange.objects.create(
        client=client, episode=episode, from_status="referred", to_status="active",
        effective_on=today - timedelta(days=180), reason="Engaged", changed_by=author,
    )  # fmt: skip
    Enrolment.objects.create(
        client=client, program=client.team.program, started_on=today - timedelta(days=180)
    )
    AssignmentFactory(client=client, staff=author, started_on=today - timedelta(days=180))
    AssignmentFactory(client=client, staff=supervisor, role="secondary")
    for n in range(n_visits):
        visit = VisitFactory(
            client=client, author=author, contact_at=now - timedelta(days=10 + n),
            signed_at=now - timedelta(days=9 + n),
        )  # fmt: skip
        if n == 0:
            NoteAddendum.objects.create(
                visit=visit, kind="addendum", text="Client called back.", reason="New information",
                author=author,
            )  # fmt: skip
    retracted = VisitFactory(client=client, author=author, signed_at=now - timedelta(days=1))
    visit_addendum_add(
        visit=retracted, author=author, kind="entered_in_error", text="", reason="Wrong client"
    )
    VisitFactory(client=client, author=author, note={"data": "Draft words"})
    sister = RelatedPersonFactory(client=client, full_name="Nia Teamay", is_emergency_contact=True)
    ConsentReleaseFactory(client=client, related_person=sister, created_by=author)
    clinic = CareProviderFactory(client=client)
    ConsentReleaseFactory(
        client=client, recipient_kind="organization", related_person=None,
        recipient_name="Harbor Recovery Center", categories=["general", "substance_use"],
        created_by=author,
    )  # fmt: skip
    disclosure_record(
        client_id=client.pk, recipient=Recipient.person_on_record(sister),
        categories=["general"], description="Appointment dates", purpose="", method="phone",
        disclosed_by=author,
    )  # fmt: skip
    disclosure_record_on_basis(
        client_id=client.pk, recipient=Recipient.organization("Superior Court of Bay County"),
        recipient_address="400 County Center, Redwood City", categories=["mental_health"],
        description="Progress notes", purpose="Court order", method="letter",
        legal_basis="court_order", basis_reference="Case 25-PR-0113", disclosed_by=author,
    )  # fmt: skip
    AppointmentFactory(client=client, staff=author, provider=clinic, attending=True)
    for code, answers in (("phq9", PHQ9), ("gad7", GAD7), ("auditc", AUDITC)):
        administration_record(
            client=client, author=author, instrument_code=code, answers=answers,
            administered_on=today,
        )  # fmt: skip
    AssessmentFactory(
        client=client, author=author, signed_at=now,
        domains={"income_housing": {"need": "high", "strengths": "Motivated", "notes": "Couch"}},
    )  # fmt: skip
    plan = active_plan(client=client, author=author, supervisor=supervisor)
    plan_start(client=client, author=author)  # the next version, a draft: left out
    assert plan.status == "active"
    referral = ReferralFactory(client=client, referred_by=author)
    ConsentReleaseFactory(
        client=client, recipient_kind="organization", related_person=None,
        recipient_name=referral.service.organization.name, categories=["general"],
        created_by=author,
    )  # fmt: skip
    referral = referral_send(referral_id=referral.pk, version=referral.version, sent_by=author)
    referral_transition(
        referral_id=referral.pk, version=referral.version, to_status="accepted", changed_by=author
    )
    add_events_and_documents(client, author=author)


@pytest.fixture
def full_record(client_a, case_manager, supervisor):
    add_everything(client_a, author=case_manager, supervisor=supervisor)
    return client_a
