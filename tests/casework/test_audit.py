from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from casework.audit import audit_record
from casework.models import AuditEvent
from tests.db_owner import as_owner

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what(case_manager, client_a):
    event = audit_record(
        action="clients.client.change",
        actor=case_manager,
        obj=client_a,
        client_id=client_a.pk,
        detail={"fields": ["given_name"]},
    )
    event.refresh_from_db()
    assert event.actor == case_manager
    assert event.object_type == "clients.client"
    assert event.object_id == str(client_a.pk)
    assert event.detail == {"fields": ["given_name"]}


def test_the_database_refuses_to_update_an_audit_event(case_manager):
    event = audit_record(action="test.thing.view", actor=case_manager)
    # The application's role may not touch it at all; the owner is stopped by the trigger.
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.thing.hidden")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), as_owner():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.thing.hidden")
    event.refresh_from_db()
    assert event.action == "test.thing.view"


def test_the_database_refuses_to_delete_an_audit_event(case_manager):
    event = audit_record(action="test.thing.view", actor=case_manager)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM casework_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with as_owner() as cursor:
            cursor.execute("DELETE FROM casework_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_user_named_in_the_trail_cannot_be_deleted(case_manager):
    audit_record(action="test.thing.view", actor=case_manager)
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        case_manager.delete()
