"""EmergencyAccess.client, MatchOverride.client and Reminder.client become real foreign keys
to the clients app's Client (issue #25: integer columns stood in for them). The columns, their
values and the index on MatchOverride keep their shape: only the constraints are added.

Rows naming a client that does not exist:
- an emergency grant or a match override is history kept for review and audit, and its
  client column may not be empty: the migration refuses and names the rows, for someone to
  look into before migrating again (nothing is changed or lost);
- a reminder is derived state the next sweep rebuilds: its client is cleared (as 0015 did
  for a team that was gone), and it stays in place for its recipient.

`casework` still never imports the clients app: the models name "clients.Client" lazily.
"""

import django.db.models.deletion
from django.db import migrations, models

MATCH_OVERRIDE_INDEX_NAME = "match_override_client_idx"


def _refuse_orphans(table: str, what: str) -> str:
    return f"""
DO $$
DECLARE
  n bigint;
  ids text;
BEGIN
  SELECT count(*), string_agg(id::text, ', ' ORDER BY id) INTO n, ids
    FROM {table} t
   WHERE NOT EXISTS (SELECT 1 FROM clients_client c WHERE c.id = t.client_id);
  IF n > 0 THEN
    RAISE EXCEPTION '% % name a client that does not exist (ids: %). They are kept as history,
so this migration will not clear or delete them: restore the clients or decide about
these rows by hand, then migrate again.', n, '{what}', ids;
  END IF;
END
$$;
"""  # noqa: S608 - fixed table names


def _add_fk(table: str) -> str:
    return f"""
ALTER TABLE {table}
  ADD CONSTRAINT {table}_client_id_fk_clients_client_id
  FOREIGN KEY (client_id) REFERENCES clients_client (id) DEFERRABLE INITIALLY DEFERRED;
"""  # noqa: S608 - fixed table names


def _drop_fk(table: str) -> str:
    return f"ALTER TABLE {table} DROP CONSTRAINT {table}_client_id_fk_clients_client_id;"


FORWARD = "\n".join(
    [
        _refuse_orphans("casework_emergencyaccess", "emergency access grant(s)"),
        _refuse_orphans("casework_matchoverride", "match override(s)"),
        """
UPDATE casework_reminder SET client_id = NULL
 WHERE client_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM clients_client c WHERE c.id = casework_reminder.client_id);
""",
        _add_fk("casework_emergencyaccess"),
        _add_fk("casework_matchoverride"),
        _add_fk("casework_reminder"),
    ]
)

BACKWARD = "\n".join(
    _drop_fk(t) for t in ("casework_emergencyaccess", "casework_matchoverride", "casework_reminder")
)


def _client_fk(*, null: bool, on_delete) -> models.ForeignKey:
    return models.ForeignKey(
        blank=null,
        null=null,
        db_index=False,
        on_delete=on_delete,
        related_name="+",
        to="clients.client",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0016_audit_links"),
        # Only the table has to exist; the clients app's later migrations need nothing here.
        ("clients", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="emergencyaccess", name="client_id"),
                migrations.AddField(
                    model_name="emergencyaccess",
                    name="client",
                    field=_client_fk(null=False, on_delete=django.db.models.deletion.PROTECT),
                ),
                migrations.RemoveIndex(model_name="matchoverride", name=MATCH_OVERRIDE_INDEX_NAME),
                migrations.RemoveField(model_name="matchoverride", name="client_id"),
                migrations.AddField(
                    model_name="matchoverride",
                    name="client",
                    field=_client_fk(null=False, on_delete=django.db.models.deletion.PROTECT),
                ),
                migrations.AddIndex(
                    model_name="matchoverride",
                    index=models.Index(fields=["client"], name=MATCH_OVERRIDE_INDEX_NAME),
                ),
                migrations.RemoveField(model_name="reminder", name="client_id"),
                migrations.AddField(
                    model_name="reminder",
                    name="client",
                    field=_client_fk(null=True, on_delete=django.db.models.deletion.CASCADE),
                ),
            ],
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
        ),
    ]
