# The team dashboard's figures (supervision.metrics.figures_by_staff) read the team's open
# clients: at the bench's size 328 of a team's 2,509, on 219 table pages instead of 1,703.
# Built concurrently, like 0015: a plain CREATE INDEX would block every client being saved.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clients", "0015_visit_team_completed_idx"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="client",
            index=models.Index(
                condition=models.Q(("status__in", ["referred", "active", "on_hold"])),
                fields=["team"],
                name="client_team_open_idx",
            ),
        ),
    ]
