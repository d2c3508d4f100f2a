# The directory search's language filter lists the agency's distinct (name, code) pairs by
# skipping through this index (directory.selectors.directory.filter_options_for): a dozen
# probes instead of reading every language row (35,000 at 10,000 services). A small table:
# built in well under a second, so a plain CREATE INDEX.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0018_match_override_assignment_fk"),
        ("directory", "0003_hsds_fields_kept_and_3_1_tables"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="language",
            index=models.Index(
                fields=["agency", "name", "code"], name="language_agency_name_code_idx"
            ),
        ),
    ]
