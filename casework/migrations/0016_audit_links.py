"""The audit chain moves out of the request's way (issue #24).

Until now a trigger chained each event as it was inserted, under one advisory lock held to the
end of the writer's transaction, commit and its disk flush included: every audited request in
the agency queued in that one line (bench/audit_lock.py measured a view event 11 to 15 times
slower with the chain than without). Now events are appended freely, and a sequencer links them
a moment later, in one transaction at a time, into `casework_auditlink`: position 1, 2, 3, ...
without a gap, each link the hash of its event's contents and of the link before.

The link's hash is computed exactly as the trigger computed an event's (`casework_audit_event_hash`
over the row, with the previous hash in the row's `prev_hash` place), so the events already
chained are linked here, in id order, to the very hashes they carry, and every checkpoint and
anchor recorded before this migration still verifies. Links, like events and checkpoints, may be
added to and never changed: the application's role has no UPDATE or DELETE, and triggers refuse
the owner too.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION casework_audit_link_hash(prev text, e casework_auditevent) RETURNS text AS $$
BEGIN
    e.prev_hash := prev;
    RETURN casework_audit_event_hash(e);
END;
$$ LANGUAGE plpgsql STABLE;

-- Link the events no link names yet, in id order, after the last link. `since` bounds the
-- search to recent events (the frequent run); NULL searches them all (checkpoints and
-- verification). One sequencer at a time: with `wait` false a run that finds another at work
-- returns at once, leaving the events to it.
CREATE FUNCTION casework_audit_link_pending(since timestamptz, wait boolean) RETURNS bigint AS $$
DECLARE
    head_position bigint;
    head_hash text;
    next_hash text;
    e casework_auditevent;
    linked bigint := 0;
BEGIN
    IF wait THEN
        PERFORM pg_advisory_xact_lock(7305817);
    ELSIF NOT pg_try_advisory_xact_lock(7305817) THEN
        RETURN 0;
    END IF;
    SELECT position, hash INTO head_position, head_hash
        FROM casework_auditlink ORDER BY position DESC LIMIT 1;
    head_position := coalesce(head_position, 0);
    head_hash := coalesce(head_hash, '');
    FOR e IN
        SELECT * FROM casework_auditevent ev
        WHERE (since IS NULL OR ev.occurred_at >= since)
            AND NOT EXISTS (SELECT 1 FROM casework_auditlink l WHERE l.event_id = ev.id)
        ORDER BY ev.id
    LOOP
        head_position := head_position + 1;
        next_hash := casework_audit_link_hash(head_hash, e);
        INSERT INTO casework_auditlink (position, event_id, prev_hash, hash, linked_at)
        VALUES (head_position, e.id, head_hash, next_hash, now());
        head_hash := next_hash;
        linked := linked + 1;
    END LOOP;
    RETURN linked;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_audit_link_append_only
    BEFORE UPDATE OR DELETE ON casework_auditlink
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_change();
CREATE TRIGGER casework_audit_link_no_truncate
    BEFORE TRUNCATE ON casework_auditlink
    FOR EACH STATEMENT EXECUTE FUNCTION casework_refuse_change();
REVOKE UPDATE, DELETE ON casework_auditlink FROM casework_app;

-- The events chained so far, linked to the hashes they carry (see the docstring), then the
-- trigger and its lock go: new events are linked by the sequencer.
SELECT casework_audit_link_pending(NULL, true);
DROP TRIGGER casework_audit_event_chain ON casework_auditevent;
DROP FUNCTION casework_audit_event_chain();
"""

REVERSE = """
CREATE FUNCTION casework_audit_event_chain() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7305817);
    NEW.id := nextval(pg_get_serial_sequence('casework_auditevent', 'id'));
    NEW.prev_hash := coalesce(
        (SELECT hash FROM casework_auditevent ORDER BY id DESC LIMIT 1), '');
    NEW.hash := casework_audit_event_hash(NEW);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_audit_event_chain
    BEFORE INSERT ON casework_auditevent
    FOR EACH ROW EXECUTE FUNCTION casework_audit_event_chain();
DROP TRIGGER IF EXISTS casework_audit_link_no_truncate ON casework_auditlink;
DROP TRIGGER IF EXISTS casework_audit_link_append_only ON casework_auditlink;
DROP FUNCTION IF EXISTS casework_audit_link_pending(timestamptz, boolean);
DROP FUNCTION IF EXISTS casework_audit_link_hash(text, casework_auditevent);
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0015_reminder_team_foreign_key")]

    operations = [
        migrations.CreateModel(
            name="AuditLink",
            fields=[
                ("position", models.BigIntegerField(primary_key=True, serialize=False)),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="link",
                        to="casework.auditevent",
                    ),
                ),
                ("prev_hash", models.CharField(blank=True, max_length=64)),
                ("hash", models.CharField(max_length=64)),
                ("linked_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"ordering": ["position"]},
        ),
        migrations.RunSQL(FORWARD, reverse_sql=REVERSE),
    ]
