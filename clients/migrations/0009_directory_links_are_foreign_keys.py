"""A care-team provider's and a release's directory organisation become foreign keys to
directory.Organization (the directory now sits below clients). Every link is kept; a link
to an organisation that no longer exists is emptied first (a foreign key cannot hold it), and
the migration prints how many and which rows, so nothing goes without a word."""

from django.db import migrations, models

_LINKED = (("CareProvider", "care-team provider"), ("ConsentRelease", "release"))


def _empty_dangling_links(apps, schema_editor) -> None:
    Organization = apps.get_model("directory", "Organization")
    for model_name, label in _LINKED:
        model = apps.get_model("clients", model_name)
        dangling = model.objects.filter(directory_organization_id__isnull=False).exclude(
            directory_organization_id__in=Organization.objects.values("pk")
        )
        rows = list(dangling.values_list("pk", "directory_organization_id"))
        if rows:
            dangling.update(directory_organization_id=None)
            listed = ", ".join(f"{label} {pk} (organisation {org})" for pk, org in rows)
            print(
                f"\n  clients 0009: {len(rows)} {label} link(s) to a directory organisation "
                f"that no longer exists were emptied: {listed}"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_client_contact_before_casework"),
        ("directory", "0001_move_directory_tables_from_referrals"),
    ]

    operations = [
        # Reversing leaves an emptied link empty: the missing organisation cannot be named.
        migrations.RunPython(_empty_dangling_links, migrations.RunPython.noop),
        # The column keeps its name (directory_organization_id) and its values; a rename then
        # an alter lets Django change the type and add the constraint in place.
        migrations.RenameField(
            "careprovider", "directory_organization_id", "directory_organization"
        ),
        migrations.AlterField(
            model_name="careprovider",
            name="directory_organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="directory.organization",
                verbose_name="directory entry",
            ),
        ),
        migrations.RenameField(
            "consentrelease", "directory_organization_id", "directory_organization"
        ),
        migrations.AlterField(
            model_name="consentrelease",
            name="directory_organization",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="directory.organization",
            ),
        ),
    ]
