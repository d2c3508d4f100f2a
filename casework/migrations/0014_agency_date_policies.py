from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0013_agency_contact_and_staff_phone"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="records_begin_on",
            field=models.DateField(
                blank=True,
                help_text=(
                    "No contact may be recorded before this day (the agency's records begin). "
                    "Empty: no limit but 1900."
                ),
                null=True,
                verbose_name="records begin on",
            ),
        ),
        migrations.AddField(
            model_name="agency",
            name="release_max_months",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text=(
                    "A release of information may last at most this many months from the day "
                    "it takes effect. Empty: no limit of the agency's own."
                ),
                null=True,
                verbose_name="longest release (months)",
            ),
        ),
    ]
