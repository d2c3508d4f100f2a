"""The verification reminders' kinds and object types were `referrals.*`; the rule now
registers `directory.*` (directory/reminders.py). Stored reminders are renamed so the sweep
still finds, resolves and never duplicates them."""

from django.db import migrations

_RENAMED = (
    ("referrals.service_unverified", "directory.service_unverified", "service"),
    ("referrals.organization_unverified", "directory.organization_unverified", "organization"),
)


def _rename(apps, forwards: bool) -> None:
    Reminder = apps.get_model("casework", "Reminder")
    for old, new, model in _RENAMED:
        source, target = (old, new) if forwards else (new, old)
        app = "directory" if forwards else "referrals"
        Reminder.objects.filter(kind=source).update(kind=target, object_type=f"{app}.{model}")


def _to_directory(apps, schema_editor) -> None:
    _rename(apps, forwards=True)


def _to_referrals(apps, schema_editor) -> None:
    _rename(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_reminders_and_digest_preferences"),
        ("directory", "0001_move_directory_tables_from_referrals"),
    ]

    operations = [migrations.RunPython(_to_directory, _to_referrals)]
