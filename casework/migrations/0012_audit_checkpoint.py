"""Checkpoints of the audit chain's head and length, in a table of their own that the
application's role may only add to (casework.audit_checkpoint), with a first checkpoint of the
events already written."""

import django.utils.timezone
from django.db import migrations, models

FORWARD = """
CREATE FUNCTION casework_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER casework_audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON casework_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION casework_refuse_change();
CREATE TRIGGER casework_audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON casework_auditcheckpoint
    FOR EACH STATEMENT EXECUTE FUNCTION casework_refuse_change();

REVOKE UPDATE, DELETE ON casework_auditcheckpoint FROM casework_app;

INSERT INTO casework_auditcheckpoint (taken_at, chain, events, head_id, head_hash, source)
SELECT now(), '', count(*), max(id),
    coalesce((SELECT hash FROM casework_auditevent ORDER BY id DESC LIMIT 1), ''), 'migration'
FROM casework_auditevent;
"""

REVERSE = """
DROP TRIGGER IF EXISTS casework_audit_checkpoint_no_truncate ON casework_auditcheckpoint;
DROP TRIGGER IF EXISTS casework_audit_checkpoint_append_only ON casework_auditcheckpoint;
DROP FUNCTION IF EXISTS casework_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0011_database_roles")]

    operations = [
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("taken_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("chain", models.CharField(blank=True, default="", max_length=40)),
                (
                    "events",
                    models.BigIntegerField(help_text="Events in the chain up to the head"),
                ),
                ("head_id", models.BigIntegerField(blank=True, null=True)),
                ("head_hash", models.CharField(blank=True, max_length=64)),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("schedule", "scheduled"),
                            ("daily", "daily, logged"),
                            ("verify", "after verification"),
                            ("migration", "first, at installation"),
                        ],
                        max_length=20,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["chain", "-head_id"], name="audit_checkpoint_head_idx")
                ],
            },
        ),
        migrations.RunSQL(FORWARD, reverse_sql=REVERSE),
    ]
