"""Visits logged without signal and uploaded later (issue #26): once only, access checked
again at upload, conflicts answered and never written, both signing times kept."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Membership, Role
from clients.models import Visit
from clients.models.client import Status
from clients.services import sync
from tests.factories import UserFactory, VisitFactory, transfer

pytestmark = pytest.mark.django_db

URL = "/clients/sync/visits/"


def _payload(client, **changes) -> dict:
    contact = timezone.localtime() - timedelta(hours=2)
    data = {
        "device_id": str(uuid.uuid4()),
        "client": client.pk,
        "team": client.team_id,
        "contact_at": contact.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 40,
        "mode": "face_to_face",
        "place": "shelter",
        "services": ["housing", "food"],
        "note_format": "dap",
        "note": {
            "data": "Met in the shelter basement.",
            "assessment": "Calmer than last week.",
            "plan": "Call the housing office on Monday.",
        },
        "sign": True,
        "signed_on_device_at": (contact + timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(changes)
    return data


def _post(http, payload, **headers):
    return http.post(URL, json.dumps(payload), content_type="application/json", **headers)


@pytest.fixture
def http(client, case_manager):
    client.force_login(case_manager)
    return client


# --- Once only ----------------------------------------------------------------------------


def test_it_makes_the_visit_signed_with_both_times(http, case_manager, client_a):
    payload = _payload(client_a)
    response = _post(http, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    visit = Visit.objects.get(pk=body["visit_id"])
    assert body["status"] == "created" and body["device_id"] == payload["device_id"]
    assert str(visit.device_id) == payload["device_id"]
    assert visit.author == case_manager and visit.client == client_a
    assert visit.services == ["housing", "food"] and visit.place == "shelter"
    assert visit.note["plan"] == "Call the housing office on Monday."
    device_signed = timezone.localtime(visit.device_signed_at).strftime("%Y-%m-%dT%H:%M")
    assert device_signed == payload["signed_on_device_at"]
    # The server's time is when the note arrived, after the device's.
    assert visit.signed_at > visit.device_signed_at
    assert not visit.is_late_entry
    signed = AuditEvent.objects.get(action="clients.visit.signed", object_id=str(visit.pk))
    assert signed.detail["device_signed_at"] == visit.device_signed_at.isoformat()
    created = AuditEvent.objects.get(action="clients.visit.created", object_id=str(visit.pk))
    assert created.detail == {"device_id": payload["device_id"]}


def test_a_repeated_upload_answers_with_the_same_visit(http, client_a):
    payload = _payload(client_a)
    first = _post(http, payload).json()
    again = _post(http, payload)
    assert again.status_code == 200
    assert again.json()["status"] == "already_synced"
    assert again.json()["visit_id"] == first["visit_id"]
    assert Visit.objects.filter(client=client_a).count() == 1


def test_a_repeat_with_changed_text_does_not_change_the_visit(http, client_a):
    payload = _payload(client_a)
    _post(http, payload)
    changed = {**payload, "note": {**payload["note"], "plan": "Something else."}}
    assert _post(http, changed).json()["status"] == "already_synced"
    assert Visit.objects.get(client=client_a).note["plan"] == "Call the housing office on Monday."


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_make_one_visit(case_manager, client_a):
    """Two requests of one visit race: the unique device id lets exactly one in."""
    payload = _payload(client_a)
    answers: list[int] = []
    barrier = threading.Barrier(2)

    def upload():
        try:
            http = HttpClient()
            http.force_login(case_manager)
            barrier.wait()
            answers.append(_post(http, payload).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 201]
    assert Visit.objects.filter(device_id=payload["device_id"]).count() == 1


def test_an_unsigned_visit_lands_as_a_draft(http, client_a):
    payload = _payload(client_a, sign=False, signed_on_device_at=None)
    body = _post(http, payload).json()
    visit = Visit.objects.get(pk=body["visit_id"])
    assert visit.signed_at is None and visit.device_signed_at is None


def test_online_visits_need_no_device_id(client_a, case_manager):
    VisitFactory(client=client_a, author=case_manager)
    VisitFactory(client=client_a, author=case_manager)
    assert Visit.objects.filter(device_id__isnull=True).count() == 2


# --- Late entry ---------------------------------------------------------------------------


def test_a_note_arriving_past_the_window_is_late_though_signed_in_time(
    http, client_a, settings
):
    settings.LATE_ENTRY_HOURS = 24
    contact = timezone.localtime() - timedelta(hours=30)
    payload = _payload(
        client_a,
        contact_at=contact.strftime("%Y-%m-%dT%H:%M"),
        signed_on_device_at=(contact + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    visit = Visit.objects.get(pk=_post(http, payload).json()["visit_id"])
    assert visit.is_late_entry
    assert visit.signed_at - visit.device_signed_at > timedelta(hours=28)


def test_a_device_signing_time_in_the_future_is_refused(http, client_a):
    future = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = _post(http, _payload(client_a, signed_on_device_at=future))
    assert response.status_code == 422
    assert "future" in response.json()["message"]
    assert not Visit.objects.exists()


def test_a_note_missing_a_section_is_refused_and_nothing_saved(http, client_a):
    payload = _payload(client_a, note={"data": "Met.", "assessment": "", "plan": "Call."})
    response = _post(http, payload)
    assert response.status_code == 422
    assert response.json() | {"message": ""} == {
        "status": "invalid",
        "device_id": payload["device_id"],
        "message": "",
        "field": "note_assessment",
    }
    assert not Visit.objects.exists()


def test_a_field_the_form_refuses_is_named(http, client_a):
    response = _post(http, _payload(client_a, place="moon"))
    assert response.status_code == 422 and response.json()["field"] == "place"


# --- Conflicts ----------------------------------------------------------------------------


def _conflict(response, reason: str) -> None:
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["status"] == "conflict" and body["reason"] == reason
    assert body["message"]
    assert "visit_id" not in body


def test_a_client_transferred_meanwhile_is_a_conflict(http, case_manager, client_a, team_b):
    payload = _payload(client_a)
    # The case manager also belongs to team B, so access alone would let the write in.
    Membership.objects.create(user=case_manager, team=team_b, role=Role.CASE_MANAGER)
    transfer(client_a, to_team=team_b, by=case_manager)
    _conflict(_post(http, payload), "transferred")
    assert not Visit.objects.exists()
    event = AuditEvent.objects.get(action="clients.visit.sync_conflict")
    assert event.client_id == client_a.pk
    assert event.detail == {"device_id": payload["device_id"], "reason": "transferred"}


def test_a_client_transferred_out_of_reach_is_a_transfer_to_hand_on(
    http, case_manager, client_a, team_b
):
    payload = _payload(client_a)
    transfer(client_a, to_team=team_b, by=case_manager)
    response = _post(http, payload)
    _conflict(response, "transferred")
    # No longer writable: it cannot stay as a late entry, only go to the new team or go.
    assert response.json()["choices"] == ["handoff", "discard"]
    _conflict(_post(http, {**payload, "resolution": "late_entry"}), "transferred")
    assert not Visit.objects.exists()


def test_a_conflict_the_person_may_still_write_offers_a_late_entry(http, client_a):
    client_a.status = Status.DISCHARGED
    client_a.save(update_fields=["status"])
    assert _post(http, _payload(client_a)).json()["choices"] == ["late_entry", "discard"]


def test_a_client_out_of_reach_now_is_a_conflict_and_nothing_is_written(
    http, client_a, client_b
):
    response = _post(http, _payload(client_b))
    _conflict(response, "access_lost")
    assert response.json()["choices"] == ["discard"]
    assert not Visit.objects.exists()


def test_a_case_manager_removed_from_the_team_gets_a_conflict(http, case_manager, client_a):
    payload = _payload(client_a)
    Membership.objects.filter(user=case_manager).delete()
    _conflict(_post(http, payload), "access_lost")
    assert not Visit.objects.exists()


def test_a_compliance_reviewer_cannot_upload(client, compliance, client_a):
    client.force_login(compliance)
    _conflict(_post(client, _payload(client_a)), "access_lost")


def test_a_client_discharged_meanwhile_is_a_conflict(http, client_a):
    client_a.status = Status.DISCHARGED
    client_a.save(update_fields=["status"])
    _conflict(_post(http, _payload(client_a)), "discharged")
    assert not Visit.objects.exists()


def test_the_same_contact_from_another_device_is_a_conflict(http, case_manager, client_a):
    payload = _payload(client_a)
    contact = timezone.make_aware(datetime.strptime(payload["contact_at"], "%Y-%m-%dT%H:%M"))
    VisitFactory(client=client_a, author=case_manager, contact_at=contact)
    _conflict(_post(http, payload), "other_device")
    assert Visit.objects.count() == 1


def test_a_device_id_used_by_someone_else_is_a_conflict(http, client_a, team_a):
    other = UserFactory()
    Membership.objects.create(user=other, team=team_a, role=Role.CASE_MANAGER)
    payload = _payload(client_a)
    VisitFactory(client=client_a, author=other, device_id=payload["device_id"])
    _conflict(_post(http, payload), "other_device")
    assert Visit.objects.count() == 1


def test_keeping_a_conflict_as_a_late_entry_writes_it_marked_late(http, client_a):
    client_a.status = Status.DISCHARGED
    client_a.save(update_fields=["status"])
    payload = _payload(client_a, resolution="late_entry")
    response = _post(http, payload)
    assert response.status_code == 201
    visit = Visit.objects.get(pk=response.json()["visit_id"])
    assert visit.is_late_entry and visit.device_signed_at is not None


def test_keeping_as_a_late_entry_still_needs_access(http, client_b):
    _conflict(_post(http, _payload(client_b, resolution="late_entry")), "access_lost")


def test_discarding_is_audited_with_its_reason(http, client_a):
    payload = {"device_id": str(uuid.uuid4()), "client": client_a.pk, "reason": "Duplicate"}
    response = http.post(
        reverse("clients:sync_visit_discard"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "discarded"
    event = AuditEvent.objects.get(action="clients.visit.sync_discarded")
    assert event.client_id == client_a.pk
    assert event.detail == {"device_id": payload["device_id"], "reason": "Duplicate"}


def test_discarding_needs_a_reason(http, client_a):
    payload = {"device_id": str(uuid.uuid4()), "client": client_a.pk, "reason": " "}
    response = http.post(
        reverse("clients:sync_visit_discard"), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["field"] == "reason"
    assert not AuditEvent.objects.filter(action="clients.visit.sync_discarded").exists()


# --- The request itself ---------------------------------------------------------------------


def test_an_upload_from_another_site_is_refused(http, client_a):
    response = _post(http, _payload(client_a), headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(case_manager, client_a):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(case_manager)
    assert _post(http, _payload(client_a)).status_code == 403
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '{"client": 1}', '{"device_id": "x", "client": 1}'],
)
def test_what_is_not_a_visit_is_refused(http, body):
    response = http.post(URL, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["status"] == "rejected"


def test_a_form_post_is_refused(http, client_a):
    assert http.post(URL, {"client": client_a.pk}).status_code == 400


def test_the_service_refuses_an_unknown_resolution(case_manager, client_a):
    queued = sync.QueuedVisit(
        device_id=uuid.uuid4(), client_id=client_a.pk, team_id=None, data=None
    )
    with pytest.raises(ValueError, match="unknown resolution"):
        sync.visit_sync(queued=queued, author=case_manager, resolution="last_write_wins")
