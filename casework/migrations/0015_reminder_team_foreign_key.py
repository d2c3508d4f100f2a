"""Reminder.team becomes a real foreign key (issue #25: integer columns stood in for foreign
keys, though Team lives in this very app). The column, its values and the partial index on it
stay as they are: only the constraint is added, after clearing any id that names no team
(an escalation whose team is gone is shown to nobody either way)."""

import django.db.models.deletion
from django.db import migrations, models

ESCALATION_INDEX = models.Index(
    condition=models.Q(("escalated", True), ("state__in", ("open", "snoozed", "done"))),
    fields=["team", "due_on"],
    name="reminder_escalation_team_idx",
)

ADD_CONSTRAINT = """
UPDATE casework_reminder SET team_id = NULL
 WHERE team_id IS NOT NULL AND team_id NOT IN (SELECT id FROM casework_team);
ALTER TABLE casework_reminder
  ADD CONSTRAINT casework_reminder_team_id_fk_casework_team_id
  FOREIGN KEY (team_id) REFERENCES casework_team (id) DEFERRABLE INITIALLY DEFERRED;
"""

DROP_CONSTRAINT = """
ALTER TABLE casework_reminder DROP CONSTRAINT casework_reminder_team_id_fk_casework_team_id;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0014_agency_date_policies"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="reminder", name="reminder_escalation_team_idx"),
                migrations.RemoveField(model_name="reminder", name="team_id"),
                migrations.AddField(
                    model_name="reminder",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="casework.team",
                    ),
                ),
                migrations.AddIndex(model_name="reminder", index=ESCALATION_INDEX),
            ],
            database_operations=[migrations.RunSQL(ADD_CONSTRAINT, DROP_CONSTRAINT)],
        ),
    ]
