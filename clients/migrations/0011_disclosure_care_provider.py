"""A disclosure made through "Send to provider" names the care-team member it went to, so its
printable packet opens only under that provider (issue #23). Earlier ones are matched to the
client's one provider whose organisation or name is the recorded recipient, when exactly one
is; the others stay unlinked (their packet is no longer printable, the disclosure stays in
the accounting)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def link_sent_disclosures(apps, schema_editor):
    Disclosure = apps.get_model("clients", "Disclosure")
    CareProvider = apps.get_model("clients", "CareProvider")
    sent = Disclosure.objects.filter(
        care_provider__isnull=True, description__startswith="Sent to the care team"
    )
    for disclosure in sent.iterator():
        label = disclosure.recipient_label
        providers = list(
            CareProvider.objects.filter(client_id=disclosure.client_id)
            .filter(Q(organization_name=label) | Q(name=label))
            .values_list("pk", flat=True)[:2]
        )
        if len(providers) == 1:
            disclosure.care_provider_id = providers[0]
            disclosure.save(update_fields=["care_provider"])


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0010_search_one_slip_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosure",
            name="care_provider",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disclosures",
                to="clients.careprovider",
            ),
        ),
        migrations.AddIndex(
            model_name="disclosure",
            index=models.Index(fields=["care_provider"], name="disclosure_provider_idx"),
        ),
        migrations.RunPython(link_sent_disclosures, migrations.RunPython.noop),
    ]
