"""Checkpoints anchor the audit chain (casework/audit_checkpoint.py): `verify_audit_chain`
fails on a truncated trail, a chain rewritten and rehashed by someone with the owner's login,
and checkpoints gone missing. The tampering is done with the owner's rights (tests/db_owner.py),
since the application's own role can do none of it (test_database_roles.py)."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from casework.audit import audit_record
from casework.audit_chain import audit_chain_verify, audit_link_pending
from casework.audit_checkpoint import (
    Anchor,
    audit_checkpoint_log,
    audit_checkpoint_take,
    audit_checkpoints_check,
)
from casework.models import AuditCheckpoint, AuditEvent
from casework.tasks import audit_checkpoint
from tests.db_owner import as_owner

pytestmark = pytest.mark.django_db

# What someone with the owner's login would do to hide an edit or a deletion: throw the links
# away and link every event again from the start (the sequencer's own function).
REHASH_EVERY_EVENT = (
    "DELETE FROM casework_auditlink; SELECT casework_audit_link_pending(NULL, true)"
)


def _events(n):
    ids = [audit_record(action=f"test.thing.view{i}").pk for i in range(n)]
    audit_link_pending()
    return list(AuditEvent.objects.filter(pk__in=ids).select_related("link").order_by("id"))


def _behind_the_triggers(*statements):
    """What someone holding the owner's login can do: switch the triggers off and write."""
    with as_owner() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the links' checks done first
        cursor.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def test_a_checkpoint_records_the_chains_length_and_head():
    *_, last = _events(3)
    checkpoint = audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    assert checkpoint.head_id == last.pk
    assert checkpoint.head_hash == last.link.hash
    assert checkpoint.events == AuditEvent.objects.count() >= 3
    assert audit_checkpoints_check() is None


def test_the_scheduled_task_takes_one_and_beat_runs_it_hourly_and_daily():
    _events(1)
    pk = audit_checkpoint.delay().get()
    assert AuditCheckpoint.objects.get(pk=pk).source == "schedule"
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"casework.tasks.audit_checkpoint", "casework.tasks.audit_checkpoint_daily"} <= tasks


def test_verify_records_a_checkpoint_when_all_is_well(capsys):
    *_, last = _events(2)
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    checkpoint = AuditCheckpoint.objects.latest("id")
    assert checkpoint.source == "verify"
    assert checkpoint.head_id == last.pk
    assert f"anchor {checkpoint.events}:{last.pk}:{last.link.hash}" in out


def test_verify_fails_on_a_truncated_trail():
    _events(3)
    call_command("verify_audit_chain")
    _behind_the_triggers(
        ("TRUNCATE casework_auditevent, casework_auditlink", []),
    )
    assert audit_chain_verify().intact  # an empty chain has no broken link...
    with pytest.raises(CommandError, match=r"Audit chain was truncated: event \d+, the head"):
        call_command("verify_audit_chain")  # ...but the checkpoint remembers


def test_verify_fails_when_the_newest_events_are_deleted():
    events = _events(5)
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    _behind_the_triggers(
        ("DELETE FROM casework_auditlink WHERE event_id >= %s", [events[3].pk]),
        ("DELETE FROM casework_auditevent WHERE id >= %s", [events[3].pk]),
    )
    assert audit_chain_verify().intact
    with pytest.raises(CommandError, match=f"truncated: event {events[4].pk}"):
        call_command("verify_audit_chain")


def test_verify_fails_when_older_events_are_deleted_and_the_chain_rehashed():
    events = _events(5)
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    _behind_the_triggers(
        ("DELETE FROM casework_auditevent WHERE id = %s", [events[1].pk]),
        (REHASH_EVERY_EVENT, []),
    )
    assert audit_chain_verify().intact
    with pytest.raises(CommandError, match=r"truncated: the checkpoint of .* counted \d+ events"):
        call_command("verify_audit_chain")


def test_verify_fails_on_a_chain_rewritten_and_rehashed():
    events = _events(4)
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    _behind_the_triggers(
        (
            "UPDATE casework_auditevent SET action = 'test.thing.innocent' WHERE id = %s",
            [events[1].pk],
        ),
        (REHASH_EVERY_EVENT, []),
    )
    assert audit_chain_verify().intact  # every link recomputed...
    with pytest.raises(
        CommandError, match=f"was rewritten: event {events[3].pk} no longer carries the hash"
    ):
        call_command("verify_audit_chain")  # ...but not the head the checkpoint recorded


def test_verify_fails_when_the_checkpoints_are_missing(clock):
    clock.at("09:00")
    _events(2)
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    clock.advance(hours=3)
    _events(2)
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    call_command("verify_audit_chain", "--no-checkpoint")
    with pytest.raises(DatabaseError, match="casework_auditcheckpoint is append-only: DELETE"):
        with transaction.atomic(), as_owner() as cursor:  # the trigger refuses the owner...
            cursor.execute("DELETE FROM casework_auditcheckpoint")
    _behind_the_triggers(("DELETE FROM casework_auditcheckpoint", []))  # ...unless switched off
    with pytest.raises(CommandError, match="has no checkpoint: 4 events since"):
        call_command("verify_audit_chain")


def test_the_daily_log_line_is_an_anchor_the_database_cannot_take_back(caplog):
    events = _events(3)
    with caplog.at_level(logging.INFO, logger="casework.audit"):
        audit_checkpoint_log()
    anchor_text = caplog.records[-1].getMessage().rpartition("anchor ")[2]
    anchor = Anchor.parse(anchor_text)
    assert (anchor.head_id, anchor.head_hash) == (events[2].pk, events[2].link.hash)
    call_command("verify_audit_chain", "--anchor", anchor_text, "--no-checkpoint")
    # The owner rewrites the chain and, to hide it, the checkpoints too.
    _behind_the_triggers(
        (
            "UPDATE casework_auditevent SET action = 'test.thing.innocent' WHERE id = %s",
            [events[0].pk],
        ),
        (REHASH_EVERY_EVENT, []),
        ("DELETE FROM casework_auditcheckpoint", []),
    )
    audit_checkpoint_take(source=AuditCheckpoint.Source.SCHEDULE)
    call_command("verify_audit_chain", "--no-checkpoint")  # consistent with itself
    with pytest.raises(CommandError, match="rewritten: event .* the anchor given"):
        call_command("verify_audit_chain", "--anchor", anchor_text)


def test_a_malformed_anchor_is_refused():
    with pytest.raises(CommandError, match="not an anchor"):
        call_command("verify_audit_chain", "--anchor", "12:34")
