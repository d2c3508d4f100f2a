# The team dashboard's completed contacts per week read the team's last twelve weeks from
# this index alone (supervision.selectors.trends.contacts_per_week: an index-only scan, hence
# author and client included). Built concurrently: the visits table is the largest, and a
# plain CREATE INDEX would block every note being saved.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clients", "0014_search_record_number_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="visit",
            index=models.Index(
                condition=models.Q(
                    ("retracted_at__isnull", True), models.Q(("mode", "attempted"), _negated=True)
                ),
                fields=["team", "contact_at"],
                include=["author", "client"],
                name="visit_team_completed_idx",
            ),
        ),
    ]
