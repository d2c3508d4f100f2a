"""The directory leaves the referrals app (issue 19). Its sixteen tables are renamed from
`referrals_*` to `directory_*` and keep every row: the models are created here in Django's
state only, the database only renames (referrals/0005 then drops them from the referrals
app's state, without touching the database). Content types follow, so admin history and
permissions keep pointing at the same rows."""

import uuid

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLES = (
    "organization",
    "service",
    "location",
    "serviceatlocation",
    "address",
    "phone",
    "schedule",
    "servicearea",
    "language",
    "taxonomy",
    "taxonomyterm",
    "category",
    "contact",
    "costoption",
    "requireddocument",
    "accessibility",
)


def _move_content_types(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=target, model__in=TABLES).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label=source, model__in=TABLES).exclude(model__in=taken).update(
        app_label=target
    )


def _content_types_to_directory(apps, schema_editor) -> None:
    _move_content_types(apps, "referrals", "directory")


def _content_types_to_referrals(apps, schema_editor) -> None:
    _move_content_types(apps, "directory", "referrals")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables exist from referrals 0001-0004; they are renamed here.
        ("referrals", "0004_location_hours_languages_contact_phones"),
        ("casework", "0008_staff_profiles_and_matching"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organization",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        (
                            "verified_on",
                            models.DateField(blank=True, null=True, verbose_name="last verified"),
                        ),
                        (
                            "assurer_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="verified by (e-mail)"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("description", models.TextField(verbose_name="description")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="website")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "search",
                            models.GeneratedField(
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
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="verified by",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Location",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        (
                            "location_type",
                            models.CharField(
                                choices=[
                                    ("physical", "Physical"),
                                    ("postal", "Postal"),
                                    ("virtual", "Virtual"),
                                ],
                                default="physical",
                                max_length=10,
                                verbose_name="type",
                            ),
                        ),
                        ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "transportation",
                            models.TextField(blank=True, verbose_name="getting there"),
                        ),
                        (
                            "latitude",
                            models.DecimalField(
                                blank=True, decimal_places=6, max_digits=9, null=True
                            ),
                        ),
                        (
                            "longitude",
                            models.DecimalField(
                                blank=True, decimal_places=6, max_digits=9, null=True
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="locations",
                                to="directory.organization",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Contact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                        (
                            "title",
                            models.CharField(blank=True, max_length=200, verbose_name="title"),
                        ),
                        (
                            "department",
                            models.CharField(blank=True, max_length=200, verbose_name="department"),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contacts",
                                to="directory.location",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contacts",
                                to="directory.organization",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Service",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        (
                            "verified_on",
                            models.DateField(blank=True, null=True, verbose_name="last verified"),
                        ),
                        (
                            "assurer_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="verified by (e-mail)"
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1, editable=False)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "Active"),
                                    ("inactive", "Inactive"),
                                    ("defunct", "Defunct"),
                                    ("temporarily closed", "Temporarily closed"),
                                ],
                                default="active",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "accepting_referrals",
                            models.BooleanField(default=True, verbose_name="accepting referrals"),
                        ),
                        ("url", models.URLField(blank=True, verbose_name="web page")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        (
                            "interpretation_services",
                            models.TextField(blank=True, verbose_name="interpretation"),
                        ),
                        (
                            "application_process",
                            models.TextField(blank=True, verbose_name="how to apply"),
                        ),
                        ("fees_description", models.TextField(blank=True, verbose_name="fees")),
                        (
                            "eligibility_description",
                            models.TextField(blank=True, verbose_name="eligibility"),
                        ),
                        (
                            "minimum_age",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="minimum age"
                            ),
                        ),
                        (
                            "maximum_age",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="maximum age"
                            ),
                        ),
                        ("alert", models.TextField(blank=True, verbose_name="alert")),
                        (
                            "search",
                            models.GeneratedField(
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
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="services",
                                to="directory.organization",
                            ),
                        ),
                        (
                            "verified_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="verified by",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Schedule",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("freq", models.CharField(default="WEEKLY", max_length=10)),
                        (
                            "byday",
                            models.CharField(help_text="Comma-separated: MO,TU,WE", max_length=30),
                        ),
                        ("opens_at", models.TimeField()),
                        ("closes_at", models.TimeField()),
                        ("description", models.CharField(blank=True, max_length=200)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="schedules",
                                to="directory.location",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="schedules",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="RequiredDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("document", models.CharField(max_length=300, verbose_name="document")),
                        (
                            "uri",
                            models.URLField(
                                blank=True, max_length=300, verbose_name="more about it"
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="required_documents",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="Phone",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("number", models.CharField(max_length=40, verbose_name="phone")),
                        ("extension", models.CharField(blank=True, max_length=20)),
                        ("type", models.CharField(blank=True, max_length=20)),
                        ("description", models.CharField(blank=True, max_length=200)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "contact",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="phones",
                                to="directory.contact",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="phones",
                                to="directory.location",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="phones",
                                to="directory.organization",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="phones",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="Language",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        ("code", models.CharField(help_text="ISO 639 code", max_length=3)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="languages",
                                to="directory.location",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="languages",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="CostOption",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("valid_from", models.DateField(blank=True, null=True)),
                        ("valid_to", models.DateField(blank=True, null=True)),
                        (
                            "option",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="what it is for"
                            ),
                        ),
                        (
                            "currency",
                            models.CharField(blank=True, help_text="ISO 4217 code", max_length=3),
                        ),
                        (
                            "amount",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=10, null=True
                            ),
                        ),
                        ("amount_description", models.CharField(blank=True, max_length=300)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="cost_options",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                    },
                ),
                migrations.AddField(
                    model_name="contact",
                    name="service",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="directory.service",
                    ),
                ),
                migrations.CreateModel(
                    name="ServiceArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("name", models.CharField(max_length=120)),
                        ("description", models.TextField(blank=True)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="service_areas",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ServiceAtLocation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("description", models.TextField(blank=True)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.location",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.service",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                    },
                ),
                migrations.AddField(
                    model_name="location",
                    name="services",
                    field=models.ManyToManyField(
                        related_name="locations",
                        through="directory.ServiceAtLocation",
                        to="directory.service",
                    ),
                ),
                migrations.CreateModel(
                    name="Taxonomy",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True)),
                        ("uri", models.CharField(blank=True, max_length=300)),
                        ("version", models.CharField(blank=True, max_length=40)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "taxonomies",
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="TaxonomyTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("code", models.CharField(blank=True, max_length=60)),
                        ("name", models.CharField(max_length=120)),
                        ("description", models.TextField(blank=True)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="children",
                                to="directory.taxonomyterm",
                            ),
                        ),
                        (
                            "taxonomy",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="terms",
                                to="directory.taxonomy",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="Category",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="categories",
                                to="directory.service",
                            ),
                        ),
                        (
                            "term",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="directory.taxonomyterm",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "categories",
                        "ordering": ["id"],
                    },
                ),
                migrations.CreateModel(
                    name="Address",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        (
                            "address_1",
                            models.CharField(max_length=200, verbose_name="street address"),
                        ),
                        (
                            "address_2",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="address line 2"
                            ),
                        ),
                        ("city", models.CharField(max_length=100, verbose_name="city")),
                        ("state_province", models.CharField(max_length=100, verbose_name="state")),
                        ("postal_code", models.CharField(max_length=20, verbose_name="ZIP code")),
                        (
                            "country",
                            models.CharField(default="US", max_length=2, verbose_name="country"),
                        ),
                        ("address_type", models.CharField(default="physical", max_length=10)),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="addresses",
                                to="directory.location",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("agency", "hsds_id"), name="address_hsds_id_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Accessibility",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hsds_id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, verbose_name="HSDS id"
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        ("details", models.TextField(blank=True, verbose_name="details")),
                        (
                            "url",
                            models.URLField(
                                blank=True, max_length=300, verbose_name="more about it"
                            ),
                        ),
                        (
                            "agency",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="casework.agency",
                            ),
                        ),
                        (
                            "location",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="accessibility",
                                to="directory.location",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "accessibility",
                        "ordering": ["id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("agency", "hsds_id"), name="accessibility_hsds_id_unique"
                            )
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="organization",
                    index=models.Index(
                        fields=["agency", "name"], name="organization_agency_name_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="organization",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search"], name="organization_search_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="organization",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["name"],
                        name="organization_name_trgm_idx",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddConstraint(
                    model_name="organization",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="organization_hsds_id_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="service",
                    index=models.Index(
                        fields=["agency", "status", "name"], name="service_agency_status_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="service",
                    index=models.Index(
                        fields=["agency", "verified_on"], name="service_agency_verified_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="service",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search"], name="service_search_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="service",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["name"], name="service_name_trgm_idx", opclasses=["gin_trgm_ops"]
                    ),
                ),
                migrations.AddConstraint(
                    model_name="service",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="service_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="service",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("minimum_age__isnull", True),
                            ("maximum_age__isnull", True),
                            ("minimum_age__lte", models.F("maximum_age")),
                            _connector="OR",
                        ),
                        name="service_age_range_ordered",
                    ),
                ),
                migrations.AddIndex(
                    model_name="schedule",
                    index=models.Index(
                        fields=["service", "byday"], name="schedule_service_day_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="schedule",
                    index=models.Index(
                        fields=["location", "byday"], name="schedule_location_day_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="schedule",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="schedule_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="schedule",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("opens_at__lt", models.F("closes_at"))),
                        name="schedule_opens_before_closing",
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
                migrations.AddConstraint(
                    model_name="requireddocument",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="required_document_hsds_id_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="phone",
                    index=models.Index(fields=["contact"], name="phone_contact_idx"),
                ),
                migrations.AddConstraint(
                    model_name="phone",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="phone_hsds_id_unique"
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
                migrations.AddIndex(
                    model_name="language",
                    index=models.Index(fields=["agency", "code"], name="language_agency_code_idx"),
                ),
                migrations.AddIndex(
                    model_name="language",
                    index=models.Index(fields=["location"], name="language_location_idx"),
                ),
                migrations.AddConstraint(
                    model_name="language",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="language_hsds_id_unique"
                    ),
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
                    model_name="costoption",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="cost_option_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="costoption",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("valid_from__isnull", True),
                            ("valid_to__isnull", True),
                            ("valid_from__lte", models.F("valid_to")),
                            _connector="OR",
                        ),
                        name="cost_option_period_ordered",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="costoption",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("amount__isnull", True), ("amount__gte", 0), _connector="OR"
                        ),
                        name="cost_option_amount_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contact",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="contact_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="contact",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("location", None),
                                ("organization__isnull", False),
                                ("service", None),
                            ),
                            models.Q(
                                ("location", None),
                                ("organization", None),
                                ("service__isnull", False),
                            ),
                            models.Q(
                                ("location__isnull", False),
                                ("organization", None),
                                ("service", None),
                            ),
                            _connector="OR",
                        ),
                        name="contact_one_parent",
                    ),
                ),
                migrations.AddIndex(
                    model_name="servicearea",
                    index=models.Index(
                        fields=["agency", "name"], name="service_area_agency_name_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="servicearea",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="service_area_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="serviceatlocation",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="service_at_location_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="serviceatlocation",
                    constraint=models.UniqueConstraint(
                        fields=("service", "location"), name="service_at_location_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="location",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="location_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="taxonomy",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="taxonomy_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="taxonomyterm",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="taxonomy_term_hsds_id_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="category",
                    index=models.Index(
                        fields=["term", "service"], name="category_term_service_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="category",
                    constraint=models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="category_hsds_id_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="category",
                    constraint=models.UniqueConstraint(
                        fields=("service", "term"), name="category_once_per_service"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f"ALTER TABLE referrals_{t} RENAME TO directory_{t}" for t in TABLES],
                    [f"ALTER TABLE directory_{t} RENAME TO referrals_{t}" for t in TABLES],
                ),
            ],
        ),
        migrations.RunPython(_content_types_to_directory, _content_types_to_referrals),
    ]
