"""The audit trail's hash chain: events written freely, linked by the sequencer a moment later
(migration 0016), checked by `verify_audit_chain`, broken by any edit or deletion made behind
the triggers' back."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from casework.audit import audit_record
from casework.audit_chain import audit_chain_verify, audit_link_pending
from casework.models import AuditEvent, AuditLink
from casework.tasks import audit_link
from tests.db_owner import as_owner


def _events(n, actor=None):
    """n events, linked as the sequencer links them (the fixtures' own events first)."""
    audit_link_pending()
    ids = [audit_record(action=f"test.thing.view{i}", actor=actor).pk for i in range(n)]
    assert audit_link_pending() == n
    return list(AuditEvent.objects.filter(pk__in=ids).select_related("link").order_by("id"))


def _as_superuser_behind_the_triggers(sql, params):
    # What an attacker with database superuser rights could do: replica mode skips the
    # append-only and chain triggers for this transaction only.
    with as_owner() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the links' checks done first
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.django_db
def test_each_event_is_linked_to_the_one_before(case_manager):
    first, second, third = _events(3, case_manager)
    assert len(first.link.hash) == 64
    assert second.link.prev_hash == first.link.hash
    assert third.link.prev_hash == second.link.hash
    assert second.link.position == first.link.position + 1 == third.link.position - 1
    assert audit_link_pending() == 0  # linked once
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_writing_an_event_takes_no_lock_and_the_sequencer_links_it_later(case_manager):
    """Issue #24: the chain's lock is off the request's path; the frequent run links the
    recent events."""
    event = audit_record(action="test.thing.view", actor=case_manager)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0
    assert not AuditLink.objects.filter(event=event).exists()
    assert audit_link_pending(recent=True) >= 1  # with the fixtures' own events
    assert AuditLink.objects.get(event=event).position == AuditLink.objects.count()


@pytest.mark.django_db
def test_the_app_cannot_choose_the_hash():
    event = AuditEvent.objects.create(action="test.thing.view", hash="0" * 64, prev_hash="x")
    audit_link_pending()
    assert AuditLink.objects.get(event=event).hash != "0" * 64
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
def test_verify_names_a_deleted_event(case_manager):
    # Changed with the links (#24): the deleted event's link remains and names it.
    _first, second, _third = _events(3, case_manager)
    _as_superuser_behind_the_triggers("DELETE FROM casework_auditevent WHERE id = %s", [second.pk])
    report = audit_chain_verify()
    assert report.broken_id == second.pk
    assert "gone" in report.reason


@pytest.mark.django_db
def test_verify_names_the_event_after_a_deleted_link(case_manager):
    _first, second, third = _events(3, case_manager)
    _as_superuser_behind_the_triggers(
        "DELETE FROM casework_auditlink WHERE event_id = %s", [second.pk]
    )
    report = audit_chain_verify()
    assert report.broken_id == third.pk
    assert "missing" in report.reason


@pytest.mark.django_db
def test_verify_names_a_rehashed_event_whose_successor_no_longer_matches(case_manager):
    # Editing a row and recomputing its link's hash still breaks the next link.
    _first, second, third = _events(3, case_manager)
    _as_superuser_behind_the_triggers(
        "UPDATE casework_auditevent SET action = 'test.x' WHERE id = %s", [second.pk]
    )
    _as_superuser_behind_the_triggers(
        "UPDATE casework_auditlink l SET hash = casework_audit_link_hash(l.prev_hash, e) "
        "FROM casework_auditevent e WHERE e.id = l.event_id AND e.id = %s",
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
        "UPDATE casework_auditlink SET hash = 'x' WHERE event_id = %s",
        "DELETE FROM casework_auditlink WHERE event_id = %s",
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


@pytest.mark.django_db(transaction=True)
def test_sequencers_running_at_once_link_each_event_once():
    for i in range(40):
        audit_record(action=f"test.thing.view{i}")
    linked, errors = [], []

    def sequencer(recent):
        try:
            linked.append(audit_link_pending(recent=recent))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sequencer, args=(n % 2 == 0,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(linked) == 40
    positions = list(AuditLink.objects.values_list("position", flat=True))
    assert positions == list(range(1, 41))
    assert audit_chain_verify().intact


@pytest.mark.django_db
def test_a_read_only_copy_checks_without_linking(case_manager, capsys):
    _events(2, case_manager)
    audit_record(action="test.thing.view", actor=case_manager)  # not linked yet
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        call_command("verify_audit_chain", "--no-checkpoint")
    assert "Audit chain intact" in capsys.readouterr().out
    with pytest.raises(DatabaseError, match="read-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        call_command("verify_audit_chain")  # links and records a checkpoint: refused there


@pytest.mark.django_db
def test_beat_runs_the_sequencer_every_few_seconds(settings, case_manager):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-link"]
    assert entry["task"] == "casework.tasks.audit_link"
    assert entry["schedule"].total_seconds() == settings.AUDIT_LINK_SECONDS == 10
    event = audit_record(action="test.thing.view", actor=case_manager)
    audit_link.apply()
    assert AuditLink.objects.filter(event=event).exists()
