# Opening hours and languages of a location (besides a service's), and a contact's own phones:
# the HSDS rows an import used to skip. Each row still has exactly one parent.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_service_details"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="phone",
            name="phone_one_parent",
        ),
        migrations.AddField(
            model_name="language",
            name="location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="languages",
                to="referrals.location",
            ),
        ),
        migrations.AddField(
            model_name="phone",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="phones",
                to="referrals.contact",
            ),
        ),
        migrations.AddField(
            model_name="schedule",
            name="location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="schedules",
                to="referrals.location",
            ),
        ),
        migrations.AlterField(
            model_name="language",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="languages",
                to="referrals.service",
            ),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="schedules",
                to="referrals.service",
            ),
        ),
        migrations.AddIndex(
            model_name="language",
            index=models.Index(fields=["location"], name="language_location_idx"),
        ),
        migrations.AddIndex(
            model_name="phone",
            index=models.Index(fields=["contact"], name="phone_contact_idx"),
        ),
        migrations.AddIndex(
            model_name="schedule",
            index=models.Index(fields=["location", "byday"], name="schedule_location_day_idx"),
        ),
        migrations.AddConstraint(
            model_name="language",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("location", None), ("service__isnull", False)),
                    models.Q(("location__isnull", False), ("service", None)),
                    _connector="OR",
                ),
                name="language_one_parent",
            ),
        ),
        migrations.AddConstraint(
            model_name="phone",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("contact", None),
                        ("location", None),
                        ("organization__isnull", False),
                        ("service", None),
                    ),
                    models.Q(
                        ("contact", None),
                        ("location", None),
                        ("organization", None),
                        ("service__isnull", False),
                    ),
                    models.Q(
                        ("contact", None),
                        ("location__isnull", False),
                        ("organization", None),
                        ("service", None),
                    ),
                    models.Q(
                        ("contact__isnull", False),
                        ("location", None),
                        ("organization", None),
                        ("service", None),
                    ),
                    _connector="OR",
                ),
                name="phone_one_parent",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("location", None), ("service__isnull", False)),
                    models.Q(("location__isnull", False), ("service", None)),
                    _connector="OR",
                ),
                name="schedule_one_parent",
            ),
        ),
    ]
