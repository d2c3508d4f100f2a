"""The audit trail's hash chain: built by the database on insert, checked by
`verify_audit_chain`, broken by any edit or deletion made behind the triggers' back."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from casework.audit import audit_record
from casework.audit_chain import audit_chain_verify
from casework.models import AuditEvent
from tests.db_owner import as_owner


def _events(n, actor=None):
    ids = [audit_record(action=f"test.thing.view{i}", actor=actor).pk for i in range(n)]
    return list(AuditEvent.objects.filter(pk__in=ids).order_by("id"))


def _as_superuser_behind_the_triggers(sql, params):
    # What an attacker with database superuser rights could do: replica mode skips the
    # append-only and chain triggers for this transaction only.
    with as_owner() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.django_db
def test_each_event_carries_the_hash_of_the_one_before(case_manager):
    first, second, third = _events(3, case_manager)
    assert len(first.hash) == 64
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_the_app_cannot_choose_the_hash():
    event = AuditEvent.objects.create(action="test.thing.view", hash="0" * 64, prev_hash="x")
    event.refresh_from_db()
    assert event.hash != "0" * 64
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_verify_names_an_edited_event(case_manager, capsys):
    _first, second, _third = _events(3, case_manager)
    _as_superuser_behind_the_triggers(
        "UPDATE casework_auditevent SET action = 'test.thing.innocent' WHERE id = %s",
        [second.pk],
    )
    report = audit_chain_verify()
    assert report.broken_id == second.pk
    assert "contents" in report.reason
    with pytest.raises(CommandError, match=f"broken at event {second.pk}"):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_verify_names_the_event_after_a_deleted_one(case_manager):
    _first, second, third = _events(3, case_manager)
    _as_superuser_behind_the_triggers("DELETE FROM casework_auditevent WHERE id = %s", [second.pk])
    report = audit_chain_verify()
    assert report.broken_id == third.pk
    assert "previous hash" in report.reason


@pytest.mark.django_db
def test_verify_names_a_rehashed_event_whose_successor_no_longer_matches(case_manager):
    # Editing a row and recomputing its hash still breaks the next link.
    _first, second, third = _events(3, case_manager)
    _as_superuser_behind_the_triggers(
        "UPDATE casework_auditevent SET action = 'test.x', hash = '' WHERE id = %s", [second.pk]
    )
    _as_superuser_behind_the_triggers(
        "UPDATE casework_auditevent e SET hash = casework_audit_event_hash(e) WHERE id = %s",
        [second.pk],
    )
    assert audit_chain_verify().broken_id == third.pk


@pytest.mark.django_db
def test_the_command_reports_an_intact_chain(case_manager, capsys):
    _events(2, case_manager)
    call_command("verify_audit_chain")
    assert "Audit chain intact: 2 events" in capsys.readouterr().out


@pytest.mark.django_db
def test_update_and_delete_fail_even_with_raw_sql(case_manager):
    # The application's role has no right to either; the owner, who has, meets the trigger.
    event = _events(1, case_manager)[0]
    for sql in (
        "UPDATE casework_auditevent SET hash = 'x' WHERE id = %s",
        "DELETE FROM casework_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with as_owner() as cursor:
                cursor.execute(sql, [event.pk])
    assert audit_chain_verify().intact


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    errors = []

    def writer(n):
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record(action=f"test.writer{n}.event{i}")
                    audit_record(action=f"test.writer{n}.event{i}.second")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = audit_chain_verify()
    assert report.events == 4 * 15 * 2
    assert report.intact, report
