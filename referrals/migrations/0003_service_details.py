# The HSDS tables beyond the core: contacts, fees (cost options), required documents and
# accessibility (referrals.models.service_details).

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0002_referrals"),
    ]

    operations = [
        migrations.CreateModel(
            name="Accessibility",
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
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("details", models.TextField(blank=True, verbose_name="details")),
                ("url", models.URLField(blank=True, max_length=300, verbose_name="more about it")),
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
                        to="referrals.location",
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
        migrations.CreateModel(
            name="Contact",
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
                ("name", models.CharField(blank=True, max_length=200, verbose_name="name")),
                ("title", models.CharField(blank=True, max_length=200, verbose_name="title")),
                (
                    "department",
                    models.CharField(blank=True, max_length=200, verbose_name="department"),
                ),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
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
                        to="referrals.location",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="referrals.organization",
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="referrals.service",
                    ),
                ),
            ],
            options={
                "ordering": ["name", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="contact_hsds_id_unique"
                    ),
                    models.CheckConstraint(
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
                ],
            },
        ),
        migrations.CreateModel(
            name="CostOption",
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
                ("valid_from", models.DateField(blank=True, null=True)),
                ("valid_to", models.DateField(blank=True, null=True)),
                (
                    "option",
                    models.CharField(blank=True, max_length=200, verbose_name="what it is for"),
                ),
                ("currency", models.CharField(blank=True, help_text="ISO 4217 code", max_length=3)),
                (
                    "amount",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True),
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
                        to="referrals.service",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="cost_option_hsds_id_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_from__isnull", True),
                            ("valid_to__isnull", True),
                            ("valid_from__lte", models.F("valid_to")),
                            _connector="OR",
                        ),
                        name="cost_option_period_ordered",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("amount__isnull", True), ("amount__gte", 0), _connector="OR"
                        ),
                        name="cost_option_amount_not_negative",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="RequiredDocument",
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
                ("document", models.CharField(max_length=300, verbose_name="document")),
                ("uri", models.URLField(blank=True, max_length=300, verbose_name="more about it")),
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
                        to="referrals.service",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "hsds_id"), name="required_document_hsds_id_unique"
                    )
                ],
            },
        ),
    ]
