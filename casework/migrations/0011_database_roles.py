"""The application's own database role, with rights on rows only (casework.db_roles): run as
the owner, it grants `casework_app` what the application needs on every table, now and, by
default privileges, on every table later migrations create (45 CFR 164.312(b))."""

from django.db import migrations

from casework.db_roles import GRANT_SQL, REVOKE_SQL


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_agency_staff_from_memberships")]

    operations = [migrations.RunSQL(GRANT_SQL, reverse_sql=REVOKE_SQL)]
