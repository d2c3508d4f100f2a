# Everyone who already holds a team role gets their place on that agency's staff; those with
# an agency admin role in any of its teams are marked agency admins there. Their team rows
# stay as they are (the access policy reads both). Reverse: the places go again.

from django.db import migrations


def forwards(apps, schema_editor):
    Membership = apps.get_model("casework", "Membership")
    AgencyStaff = apps.get_model("casework", "AgencyStaff")
    places: dict[tuple[int, int], bool] = {}
    for user_id, agency_id, role in Membership.objects.values_list(
        "user_id", "team__agency_id", "role"
    ):
        key = (agency_id, user_id)
        places[key] = places.get(key, False) or role == "admin"
    AgencyStaff.objects.bulk_create(
        [
            AgencyStaff(agency_id=agency_id, user_id=user_id, is_admin=is_admin)
            for (agency_id, user_id), is_admin in places.items()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def backwards(apps, schema_editor):
    apps.get_model("casework", "AgencyStaff").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_agency_staff_and_role_history")]

    operations = [migrations.RunPython(forwards, backwards)]
