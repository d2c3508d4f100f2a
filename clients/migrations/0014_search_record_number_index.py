# Search finds its candidates through the name and record-number indexes first
# (clients.selectors.search): an index for the record number ignoring case, and the trigram
# index without its pending list (ALTER INDEX, so the index is not rebuilt; the entries
# already pending are merged at once).

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models

TRIGRAM_FIELDS = ["family_name", "given_name", "preferred_name"]


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0013_visit_handoff"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="client",
            index=models.Index(
                django.db.models.functions.text.Upper("record_number"),
                name="client_record_ci_idx",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="client", name="client_name_trgm_idx"),
                migrations.AddIndex(
                    model_name="client",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=TRIGRAM_FIELDS,
                        opclasses=["gin_trgm_ops"] * 3,
                        name="client_name_trgm_idx",
                        fastupdate=False,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX client_name_trgm_idx SET (fastupdate = off);"
                    " SELECT gin_clean_pending_list('client_name_trgm_idx'::regclass);",
                    reverse_sql="ALTER INDEX client_name_trgm_idx RESET (fastupdate);",
                ),
            ],
        ),
    ]
