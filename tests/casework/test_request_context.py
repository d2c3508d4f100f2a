"""Change events carry the request's id and address, though the service that writes them is
not handed the request (issue #23); the id a proxy sends is kept and echoed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit import audit_record
from casework.models import AuditEvent
from tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db


def test_a_change_made_by_a_service_carries_the_request_id_and_address(client, case_manager):
    reminder = ReminderFactory(recipient=case_manager)
    client.force_login(case_manager)
    response = client.post(
        reverse("notifications:done", args=[reminder.pk]),
        HTTP_X_REQUEST_ID="proxy-given-id-1234",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code in {200, 302}
    assert response["X-Request-ID"] == "proxy-given-id-1234"
    event = AuditEvent.objects.get(action="casework.reminder.done")
    assert (event.request_id, event.ip_address) == ("proxy-given-id-1234", "203.0.113.7")


def test_a_malformed_request_id_is_replaced_and_the_new_one_echoed(client, case_manager):
    client.force_login(case_manager)
    response = client.get(reverse("dashboard"), HTTP_X_REQUEST_ID="bad id\x00")
    assert response["X-Request-ID"] != "bad id\x00"
    assert len(response["X-Request-ID"]) == 32


def test_outside_a_request_an_event_carries_neither():
    event = audit_record(action="casework.test.outside")
    assert (event.request_id, event.ip_address) == ("", None)
