# Built concurrently: the visits table is the largest, and a plain CREATE INDEX would block
# every note being saved while it runs.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clients", "0005_care_team_and_appointments"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="visit",
            index=models.Index(
                condition=models.Q(
                    ("cosigned_at__isnull", True),
                    ("signed_at__isnull", False),
                    ("retracted_at__isnull", True),
                ),
                fields=["client", "signed_at"],
                name="visit_cosign_queue_idx",
            ),
        ),
    ]
