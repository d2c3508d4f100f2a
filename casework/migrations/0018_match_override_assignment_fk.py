"""MatchOverride.assignment becomes a real foreign key (one-to-one) to the clients app's
Assignment (issue #25: an integer column stood in for it). The column, its values and its
unique constraint keep their shape: only the foreign-key constraint is added.

An override naming an assignment that does not exist is history kept for review: the
migration refuses and names the rows, for someone to look into before migrating again
(nothing is changed or lost), as 0017 does for the client.

`casework` still never imports the clients app: the model names "clients.Assignment" lazily.
"""

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
DO $$
DECLARE
  n bigint;
  ids text;
BEGIN
  SELECT count(*), string_agg(id::text, ', ' ORDER BY id) INTO n, ids
    FROM casework_matchoverride t
   WHERE NOT EXISTS (SELECT 1 FROM clients_assignment a WHERE a.id = t.assignment_id);
  IF n > 0 THEN
    RAISE EXCEPTION '% match override(s) name an assignment that does not exist (ids: %).
They are kept as history, so this migration will not clear or delete them: restore the
assignments or decide about these rows by hand, then migrate again.', n, ids;
  END IF;
END
$$;
ALTER TABLE casework_matchoverride
  ADD CONSTRAINT casework_matchoverride_assignment_id_fk_clients_assignment_id
  FOREIGN KEY (assignment_id) REFERENCES clients_assignment (id) DEFERRABLE INITIALLY DEFERRED;
"""

BACKWARD = """
ALTER TABLE casework_matchoverride
  DROP CONSTRAINT casework_matchoverride_assignment_id_fk_clients_assignment_id;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0017_client_foreign_keys"),
        # Only the table has to exist; the clients app's later migrations need nothing here.
        ("clients", "0002_record_history_and_visits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="matchoverride", name="assignment_id"),
                migrations.AddField(
                    model_name="matchoverride",
                    name="assignment",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clients.assignment",
                    ),
                ),
            ],
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
        ),
    ]
