"""The application's own database role, with rights on rows only (casework.db_roles): run as
the owner, it grants `casework_app` what the application needs on every table, now and, by
default privileges, on every table later migrations create (45 CFR 164.312(b))."""

from django.db import migrations

# Run as the owner. Creating the role needs CREATEROLE (the
# development servers' `postgres` has it); in production a DBA creates it beforehand
# (docs/security.md) and this only grants. Roles belong to the whole server, so two test
# databases migrating at once may race to create it: the loser finds it made.
GRANT_SQL = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casework_app') THEN
        BEGIN
            CREATE ROLE casework_app LOGIN;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN
                NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'the role casework_app does not exist and % may not create it',
                    current_user
                    USING HINT = 'As a superuser: CREATE ROLE casework_app LOGIN PASSWORD ...; '
                        'then migrate again (docs/security.md).';
        END;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO casework_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO casework_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO casework_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO casework_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO casework_app;
REVOKE UPDATE, DELETE ON casework_auditevent FROM casework_app;
REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM casework_app;
"""

REVOKE_SQL = """
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM casework_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM casework_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM casework_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM casework_app;
REVOKE USAGE ON SCHEMA public FROM casework_app;
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0010_agency_staff_from_memberships")]

    operations = [migrations.RunSQL(GRANT_SQL, reverse_sql=REVOKE_SQL)]
