"""A visit logged offline for a client transferred away meanwhile goes to whoever serves the
client now (issue #26): once, never onto the record under its author, read by the new team."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import AuditEvent, Membership, Reminder, Role
from clients.models import Visit, VisitHandoff
from tests.factories import AssignmentFactory, UserFactory, transfer

pytestmark = pytest.mark.django_db

URL = "/clients/sync/visits/"


def _payload(client, team_id, **changes) -> dict:
    contact = timezone.localtime() - timedelta(hours=2)
    return {
        "device_id": str(uuid.uuid4()),
        "client": client.pk,
        "team": team_id,
        "contact_at": contact.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 30,
        "mode": "face_to_face",
        "place": "shelter",
        "services": ["food"],
        "note_format": "dap",
        "note": {"data": "Met at the shelter.", "assessment": "Tired.", "plan": "Food bank."},
        "sign": True,
        "signed_on_device_at": contact.strftime("%Y-%m-%dT%H:%M"),
        "resolution": "handoff",
        **changes,
    }


def _post(http, payload):
    return http.post(URL, json.dumps(payload), content_type="application/json")


@pytest.fixture
def moved(client_a, case_manager, team_b, outsider):
    """Client A, transferred to team B, whose case manager (the 'outsider') is now primary."""
    team_a_id = client_a.team_id
    transfer(client_a, to_team=team_b, by=case_manager)
    AssignmentFactory(client=client_a, staff=outsider)
    client_a.team_a_id = team_a_id
    return client_a


@pytest.fixture
def http(client, case_manager):
    client.force_login(case_manager)
    return client


def test_it_sends_the_visit_to_the_new_primary_case_manager(
    http, case_manager, moved, outsider, team_b
):
    payload = _payload(moved, moved.team_a_id)
    response = _post(http, payload)
    assert response.status_code == 201
    assert response.json()["status"] == "handed_off" and "visit_id" not in response.json()
    handoff = VisitHandoff.objects.get()
    assert (handoff.sent_by, handoff.sent_to, handoff.team_id) == (
        case_manager,
        outsider,
        team_b.pk,
    )
    assert handoff.visit["note"] == payload["note"] and handoff.visit["place"] == "shelter"
    assert handoff.visit["signed_on_device_at"] is not None
    assert not Visit.objects.exists()
    notice = Reminder.objects.get(recipient=outsider, object_id=handoff.pk)
    # Notices reach e-mail: no clinical text in them.
    assert "shelter" not in notice.title and "Food" not in notice.subject
    event = AuditEvent.objects.get(action="clients.visit.handed_off")
    assert event.client_id == moved.pk and event.detail["sent_to"] == outsider.pk


def test_sending_again_makes_no_second_handoff(http, moved, outsider):
    payload = _payload(moved, moved.team_a_id)
    _post(http, payload)
    again = _post(http, payload)
    assert again.status_code == 201 and again.json()["status"] == "handed_off"
    assert VisitHandoff.objects.count() == 1
    assert Reminder.objects.filter(recipient=outsider).count() == 1


def test_without_a_primary_the_teams_supervisors_are_told(http, client_a, case_manager, team_b):
    team_a_id = client_a.team_id
    boss = UserFactory()
    Membership.objects.create(user=boss, team=team_b, role=Role.SUPERVISOR)
    transfer(client_a, to_team=team_b, by=case_manager)
    assert _post(http, _payload(client_a, team_a_id)).status_code == 201
    handoff = VisitHandoff.objects.get()
    assert handoff.sent_to is None
    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [boss.pk]


def test_a_handed_on_visit_never_lands_on_the_record_later(http, moved, outsider, team_a):
    payload = _payload(moved, moved.team_a_id)
    _post(http, payload)
    # The client comes back to team A; the same upload, now without a resolution.
    transfer(moved, to_team=team_a, by=outsider, reason="Back")
    again = _post(http, {**payload, "resolution": ""})
    assert again.json()["status"] == "handed_off"
    assert not Visit.objects.exists()


def test_a_client_still_in_reach_is_not_sent_on(http, client_a):
    response = _post(http, _payload(client_a, client_a.team_id))
    assert response.status_code == 422
    assert not VisitHandoff.objects.exists()


def test_a_client_never_in_ones_teams_is_not_sent_on(http, client_b, team_b):
    response = _post(http, _payload(client_b, team_b.pk))
    assert response.status_code == 422
    assert not VisitHandoff.objects.exists()


def test_someone_elses_device_id_is_refused(http, moved, team_a):
    payload = _payload(moved, moved.team_a_id)
    other = UserFactory()
    Membership.objects.create(user=other, team=team_a, role=Role.CASE_MANAGER)
    other_http = type(http)()
    other_http.force_login(other)
    assert _post(other_http, payload).status_code == 201
    response = _post(http, payload)
    assert response.status_code == 422
    assert VisitHandoff.objects.get().sent_by == other


# --- The new case manager reads it ----------------------------------------------------------


def test_the_new_case_manager_reads_it_and_marks_it_read(http, client, moved, outsider):
    _post(http, _payload(moved, moved.team_a_id))
    handoff = VisitHandoff.objects.get()
    client.force_login(outsider)
    url = reverse("clients:handoff_detail", kwargs={"client_id": moved.pk, "pk": handoff.pk})
    page = client.get(url).content.decode()
    assert "Met at the shelter." in page and "not on the record" in page
    assert AuditEvent.objects.filter(
        action="clients.visit_handoff.view", actor=outsider, client_id=moved.pk
    ).exists()
    client.post(
        reverse("clients:handoff_read", kwargs={"client_id": moved.pk, "pk": handoff.pk})
    )
    handoff.refresh_from_db()
    assert handoff.read_by == outsider and handoff.read_at is not None


def test_its_author_cannot_open_it_after_the_transfer(http, moved):
    _post(http, _payload(moved, moved.team_a_id))
    handoff = VisitHandoff.objects.get()
    url = reverse("clients:handoff_detail", kwargs={"client_id": moved.pk, "pk": handoff.pk})
    assert http.get(url).status_code == 404
