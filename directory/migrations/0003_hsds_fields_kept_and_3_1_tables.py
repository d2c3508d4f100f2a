"""Every field HSDS 3.0 publishes has a place (issue 19): alternate names, tax and legal
details, parent organisations, address attention and region, the schedule's whole RRULE subset
and validity, phone/contact/schedule/language rows with several parents (the one-parent rules
go), programmes, funding, organisation identifiers, and HSDS 3.1's url, unit and
service_capacity. Text HSDS does not limit becomes unlimited. A phone's extension becomes the
number HSDS types it as (digits kept; anything else is emptied and listed in the output).

Organisation and service names feed the generated `search` column, which PostgreSQL will not
let a type change pass under: it is dropped and made again around the change (its index too).
"""

import uuid

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def _extensions_to_numbers(apps, schema_editor) -> None:
    """Digits stay (as the number); anything else is emptied and listed."""
    Phone = apps.get_model("directory", "Phone")
    odd = []
    for pk, text in Phone.objects.exclude(extension__isnull=True).values_list("pk", "extension"):
        cleaned = (text or "").strip()
        if not cleaned.isdigit():
            if cleaned:
                odd.append(f"phone {pk} ({cleaned!r})")
            Phone.objects.filter(pk=pk).update(extension=None)
        elif cleaned != text:
            Phone.objects.filter(pk=pk).update(extension=cleaned)
    if odd:
        print(
            f"\n  directory 0003: {len(odd)} extension(s) that are not numbers were emptied: "
            + ", ".join(odd)
        )


def _extensions_to_text(apps, schema_editor) -> None:
    Phone = apps.get_model("directory", "Phone")
    Phone.objects.filter(extension__isnull=True).update(extension="")


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0008_staff_profiles_and_matching"),
        ("directory", "0002_reminder_kinds_follow_the_directory"),
    ]

    operations = [
        migrations.CreateModel(
            name="Funding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                ("source", models.TextField(blank=True, verbose_name="source")),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="OrganizationIdentifier",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                ("identifier_scheme", models.TextField(blank=True, verbose_name="scheme")),
                ("identifier_type", models.TextField(verbose_name="type")),
                ("identifier", models.TextField(verbose_name="identifier")),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="Program",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                ("name", models.TextField(verbose_name="name")),
                ("alternate_name", models.TextField(blank=True, verbose_name="alternate name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="ServiceCapacity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                (
                    "available",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="available"),
                ),
                (
                    "maximum",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="maximum",
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("updated", models.DateTimeField(verbose_name="updated")),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name_plural": "service capacities",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="Unit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                ("name", models.TextField(verbose_name="name")),
                ("scheme", models.TextField(blank=True, verbose_name="scheme")),
                (
                    "identifier",
                    models.TextField(blank=True, verbose_name="identifier in the scheme"),
                ),
                ("uri", models.TextField(blank=True, verbose_name="URI")),
            ],
            options={
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="Url",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "hsds_id",
                    models.UUIDField(default=uuid.uuid4, editable=False, verbose_name="HSDS id"),
                ),
                ("label", models.TextField(blank=True, verbose_name="label")),
                ("url", models.TextField(verbose_name="address")),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="contact",
            name="contact_one_parent",
        ),
        migrations.RemoveConstraint(
            model_name="language",
            name="language_one_parent",
        ),
        migrations.RemoveConstraint(
            model_name="phone",
            name="phone_one_parent",
        ),
        migrations.RemoveConstraint(
            model_name="schedule",
            name="schedule_opens_before_closing",
        ),
        migrations.RemoveConstraint(
            model_name="schedule",
            name="schedule_one_parent",
        ),
        migrations.AddField(
            model_name="address",
            name="attention",
            field=models.TextField(blank=True, verbose_name="for the attention of"),
        ),
        migrations.AddField(
            model_name="address",
            name="region",
            field=models.TextField(blank=True, verbose_name="region"),
        ),
        migrations.AddField(
            model_name="category",
            name="label",
            field=models.TextField(blank=True, verbose_name="label"),
        ),
        migrations.AddField(
            model_name="category",
            name="link_type",
            field=models.TextField(blank=True, verbose_name="link type"),
        ),
        migrations.AddField(
            model_name="category",
            name="value",
            field=models.TextField(blank=True, verbose_name="value"),
        ),
        migrations.AddField(
            model_name="contact",
            name="service_at_location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contacts",
                to="directory.serviceatlocation",
            ),
        ),
        migrations.AddField(
            model_name="language",
            name="note",
            field=models.TextField(blank=True, verbose_name="note"),
        ),
        migrations.AddField(
            model_name="language",
            name="phone",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="languages",
                to="directory.phone",
            ),
        ),
        migrations.AddField(
            model_name="location",
            name="alternate_name",
            field=models.TextField(blank=True, verbose_name="alternate name"),
        ),
        migrations.AddField(
            model_name="location",
            name="external_identifier",
            field=models.TextField(blank=True, verbose_name="external identifier"),
        ),
        migrations.AddField(
            model_name="location",
            name="external_identifier_type",
            field=models.TextField(blank=True, verbose_name="external identifier type"),
        ),
        migrations.AddField(
            model_name="location",
            name="url",
            field=models.TextField(blank=True, verbose_name="web page"),
        ),
        migrations.AddField(
            model_name="organization",
            name="alternate_name",
            field=models.TextField(blank=True, verbose_name="alternate name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="legal_status",
            field=models.TextField(blank=True, verbose_name="legal status"),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo",
            field=models.TextField(blank=True, verbose_name="logo"),
        ),
        migrations.AddField(
            model_name="organization",
            name="parent_organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="member_organizations",
                to="directory.organization",
                verbose_name="parent organisation",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="tax_id",
            field=models.TextField(blank=True, verbose_name="tax identifier"),
        ),
        migrations.AddField(
            model_name="organization",
            name="tax_status",
            field=models.TextField(blank=True, verbose_name="tax status"),
        ),
        migrations.AddField(
            model_name="organization",
            name="uri",
            field=models.TextField(blank=True, verbose_name="persistent identifier (URI)"),
        ),
        migrations.AddField(
            model_name="organization",
            name="year_incorporated",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="year incorporated"
            ),
        ),
        migrations.AddField(
            model_name="phone",
            name="service_at_location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="phones",
                to="directory.serviceatlocation",
            ),
        ),
        migrations.AddField(
            model_name="schedule",
            name="attending_type",
            field=models.TextField(blank=True, verbose_name="how to attend"),
        ),
        migrations.AddField(
            model_name="schedule",
            name="bymonthday",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="byweekno",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="byyearday",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="count",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="dtstart",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="interval",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="notes",
            field=models.TextField(blank=True, verbose_name="notes"),
        ),
        migrations.AddField(
            model_name="schedule",
            name="schedule_link",
            field=models.TextField(blank=True, verbose_name="booking or sessions page"),
        ),
        migrations.AddField(
            model_name="schedule",
            name="service_at_location",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="schedules",
                to="directory.serviceatlocation",
            ),
        ),
        migrations.AddField(
            model_name="schedule",
            name="timezone",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=4, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="valid_from",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="valid_to",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="schedule",
            name="wkst",
            field=models.CharField(
                blank=True,
                choices=[
                    ("MO", "Monday"),
                    ("TU", "Tuesday"),
                    ("WE", "Wednesday"),
                    ("TH", "Thursday"),
                    ("FR", "Friday"),
                    ("SA", "Saturday"),
                    ("SU", "Sunday"),
                ],
                max_length=2,
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="accreditations",
            field=models.TextField(blank=True, verbose_name="accreditations"),
        ),
        migrations.AddField(
            model_name="service",
            name="alternate_name",
            field=models.TextField(blank=True, verbose_name="alternate name"),
        ),
        migrations.AddField(
            model_name="service",
            name="fees",
            field=models.TextField(blank=True, verbose_name="fees (deprecated field)"),
        ),
        migrations.AddField(
            model_name="service",
            name="last_modified",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="last modified (as published)"
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="licenses",
            field=models.TextField(blank=True, verbose_name="licences"),
        ),
        migrations.AddField(
            model_name="service",
            name="wait_time",
            field=models.TextField(blank=True, verbose_name="wait time"),
        ),
        migrations.AddField(
            model_name="servicearea",
            name="extent",
            field=models.TextField(blank=True, verbose_name="extent"),
        ),
        migrations.AddField(
            model_name="servicearea",
            name="extent_type",
            field=models.TextField(blank=True, verbose_name="extent type"),
        ),
        migrations.AddField(
            model_name="servicearea",
            name="uri",
            field=models.TextField(blank=True, verbose_name="URI"),
        ),
        migrations.AddField(
            model_name="taxonomyterm",
            name="language",
            field=models.CharField(blank=True, help_text="ISO 639 code", max_length=3),
        ),
        migrations.AddField(
            model_name="taxonomyterm",
            name="taxonomy_name",
            field=models.TextField(blank=True, verbose_name="taxonomy (in words)"),
        ),
        migrations.AddField(
            model_name="taxonomyterm",
            name="term_uri",
            field=models.TextField(blank=True, verbose_name="term URI"),
        ),
        migrations.AlterField(
            model_name="accessibility",
            name="url",
            field=models.TextField(blank=True, verbose_name="more about it"),
        ),
        migrations.AlterField(
            model_name="address",
            name="address_1",
            field=models.TextField(verbose_name="street address"),
        ),
        migrations.AlterField(
            model_name="address",
            name="address_2",
            field=models.TextField(blank=True, verbose_name="address line 2"),
        ),
        migrations.AlterField(
            model_name="address",
            name="address_type",
            field=models.CharField(
                choices=[("physical", "Physical"), ("postal", "Postal"), ("virtual", "Virtual")],
                default="physical",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="address",
            name="city",
            field=models.TextField(verbose_name="city"),
        ),
        migrations.AlterField(
            model_name="address",
            name="postal_code",
            field=models.TextField(verbose_name="ZIP code"),
        ),
        migrations.AlterField(
            model_name="address",
            name="state_province",
            field=models.TextField(verbose_name="state"),
        ),
        migrations.AlterField(
            model_name="contact",
            name="department",
            field=models.TextField(blank=True, verbose_name="department"),
        ),
        migrations.AlterField(
            model_name="contact",
            name="name",
            field=models.TextField(blank=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="contact",
            name="title",
            field=models.TextField(blank=True, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="costoption",
            name="amount",
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True),
        ),
        migrations.AlterField(
            model_name="costoption",
            name="amount_description",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="costoption",
            name="option",
            field=models.TextField(blank=True, verbose_name="what it is for"),
        ),
        migrations.AlterField(
            model_name="language",
            name="code",
            field=models.CharField(blank=True, help_text="ISO 639 code", max_length=3),
        ),
        migrations.AlterField(
            model_name="language",
            name="name",
            field=models.TextField(blank=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="location",
            name="latitude",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="location",
            name="longitude",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="location",
            name="name",
            field=models.TextField(blank=True, verbose_name="name"),
        ),
        migrations.RemoveIndex(model_name="organization", name="organization_search_idx"),
        migrations.RemoveField(model_name="organization", name="search"),
        migrations.AlterField(
            model_name="organization",
            name="name",
            field=models.TextField(verbose_name="name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "name", config="english", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "description", config="english", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search"], name="organization_search_idx"
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="website",
            field=models.TextField(blank=True, verbose_name="website"),
        ),
        migrations.AlterField(
            model_name="phone",
            name="description",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="phone",
            name="extension",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
        migrations.RunPython(_extensions_to_numbers, _extensions_to_text),
        migrations.AlterField(
            model_name="phone",
            name="extension",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="phone",
            name="number",
            field=models.TextField(verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="phone",
            name="type",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="requireddocument",
            name="document",
            field=models.TextField(blank=True, verbose_name="document"),
        ),
        migrations.AlterField(
            model_name="requireddocument",
            name="uri",
            field=models.TextField(blank=True, verbose_name="more about it"),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="byday",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="closes_at",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="freq",
            field=models.CharField(
                blank=True,
                choices=[
                    ("DAILY", "Daily"),
                    ("WEEKLY", "Weekly"),
                    ("MONTHLY", "Monthly"),
                    ("YEARLY", "Yearly"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="schedule",
            name="opens_at",
            field=models.TimeField(blank=True, null=True),
        ),
        migrations.RemoveIndex(model_name="service", name="service_search_idx"),
        migrations.RemoveField(model_name="service", name="search"),
        migrations.AlterField(
            model_name="service",
            name="name",
            field=models.TextField(verbose_name="name"),
        ),
        migrations.AddField(
            model_name="service",
            name="search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "name", config="english", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "description", config="english", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="service",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search"], name="service_search_idx"
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="url",
            field=models.TextField(blank=True, verbose_name="web page"),
        ),
        migrations.AlterField(
            model_name="servicearea",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="servicearea",
            name="name",
            field=models.TextField(blank=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="taxonomy",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="taxonomy",
            name="name",
            field=models.TextField(verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="taxonomy",
            name="uri",
            field=models.TextField(blank=True, verbose_name="URI"),
        ),
        migrations.AlterField(
            model_name="taxonomy",
            name="version",
            field=models.TextField(blank=True, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="taxonomyterm",
            name="code",
            field=models.TextField(blank=True, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="taxonomyterm",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="taxonomyterm",
            name="name",
            field=models.TextField(verbose_name="name"),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("latitude__isnull", True),
                    models.Q(("latitude__gte", -90), ("latitude__lte", 90)),
                    _connector="OR",
                ),
                name="location_latitude_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("longitude__isnull", True),
                    models.Q(("longitude__gte", -180), ("longitude__lte", 180)),
                    _connector="OR",
                ),
                name="location_longitude_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("opens_at__isnull", True),
                    ("closes_at__isnull", True),
                    ("opens_at__lt", models.F("closes_at")),
                    _connector="OR",
                ),
                name="schedule_opens_before_closing",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_to__isnull", True),
                    ("valid_from__lte", models.F("valid_to")),
                    _connector="OR",
                ),
                name="schedule_valid_period_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("interval__isnull", True), ("interval__gte", 1), _connector="OR"
                ),
                name="schedule_interval_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("timezone__isnull", True),
                    models.Q(("timezone__gte", -14), ("timezone__lte", 14)),
                    _connector="OR",
                ),
                name="schedule_timezone_is_an_offset",
            ),
        ),
        migrations.AddField(
            model_name="funding",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="funding",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="funding",
                to="directory.organization",
            ),
        ),
        migrations.AddField(
            model_name="funding",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="funding",
                to="directory.service",
            ),
        ),
        migrations.AddField(
            model_name="organizationidentifier",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="organizationidentifier",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="identifiers",
                to="directory.organization",
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programs",
                to="directory.organization",
            ),
        ),
        migrations.AddField(
            model_name="service",
            name="program",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="services",
                to="directory.program",
            ),
        ),
        migrations.AddField(
            model_name="servicecapacity",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="servicecapacity",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="capacities",
                to="directory.service",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="servicecapacity",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="directory.unit"
            ),
        ),
        migrations.AddField(
            model_name="url",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="casework.agency"
            ),
        ),
        migrations.AddField(
            model_name="url",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="urls",
                to="directory.organization",
            ),
        ),
        migrations.AddField(
            model_name="url",
            name="service",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="urls",
                to="directory.service",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="funding_hsds_id_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="organizationidentifier",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="organization_identifier_hsds_id_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="program",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="program_hsds_id_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="unit_hsds_id_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="servicecapacity",
            index=models.Index(fields=["service", "unit"], name="service_capacity_unit_idx"),
        ),
        migrations.AddConstraint(
            model_name="servicecapacity",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="service_capacity_hsds_id_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="servicecapacity",
            constraint=models.CheckConstraint(
                condition=models.Q(("available__gte", 0)),
                name="service_capacity_available_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="servicecapacity",
            constraint=models.CheckConstraint(
                condition=models.Q(("maximum__isnull", True), ("maximum__gte", 0), _connector="OR"),
                name="service_capacity_maximum_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="url",
            constraint=models.UniqueConstraint(
                fields=("agency", "hsds_id"), name="url_hsds_id_unique"
            ),
        ),
    ]
