"""The application's database role (casework/db_roles.py) can read and write rows and nothing
more: connected with its own login, every way of erasing or rewriting the audit trail and its
checkpoints fails; tables made by any migration, now or later, get its rights by default."""

from __future__ import annotations

import os

import environ
import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from casework.audit import audit_record
from casework.db_roles import APP_ROLE
from tests.db_owner import as_owner

# Each statement alone, on a connection logged in as the application's role.
REFUSED = {
    "update an audit event": "UPDATE casework_auditevent SET action = 'x'",
    "delete audit events": "DELETE FROM casework_auditevent",
    "truncate the audit trail": "TRUNCATE casework_auditevent",
    "disable the append-only trigger": (
        "ALTER TABLE casework_auditevent DISABLE TRIGGER casework_audit_event_append_only"
    ),
    "disable every trigger": "ALTER TABLE casework_auditevent DISABLE TRIGGER ALL",
    "update an audit link": "UPDATE casework_auditlink SET hash = 'x'",
    "delete audit links": "DELETE FROM casework_auditlink",
    "truncate the audit links": "TRUNCATE casework_auditlink",
    "drop the links' trigger": "DROP TRIGGER casework_audit_link_append_only ON casework_auditlink",
    "replace the link hash": (
        "CREATE OR REPLACE FUNCTION casework_audit_link_hash(prev text, e casework_auditevent) "
        "RETURNS text AS $$ SELECT ''::text $$ LANGUAGE sql"
    ),
    "drop the append-only trigger": (
        "DROP TRIGGER casework_audit_event_append_only ON casework_auditevent"
    ),
    "replace the hash function": (
        "CREATE OR REPLACE FUNCTION casework_audit_event_hash(e casework_auditevent) "
        "RETURNS text AS $$ SELECT ''::text $$ LANGUAGE sql"
    ),
    "skip triggers by replication role": "SET session_replication_role = replica",
    "drop the audit table": "DROP TABLE casework_auditevent",
    "update a checkpoint": "UPDATE casework_auditcheckpoint SET events = 0",
    "delete checkpoints": "DELETE FROM casework_auditcheckpoint",
    "truncate the checkpoints": "TRUNCATE casework_auditcheckpoint",
    "drop the checkpoint table": "DROP TABLE casework_auditcheckpoint",
    "alter the checkpoint table": "ALTER TABLE casework_auditcheckpoint ADD COLUMN forged int",
    "disable the checkpoints' trigger": (
        "ALTER TABLE casework_auditcheckpoint DISABLE TRIGGER ALL"
    ),
    "alter an ordinary table": "ALTER TABLE casework_user ADD COLUMN forged int",
    "truncate an ordinary table": "TRUNCATE django_session",
    "create a table": "CREATE TABLE casework_forged (id int)",
    "record a migration as applied": (
        "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())"
    ),
    "become a superuser": "SET ROLE postgres",
}


@pytest.fixture(scope="module")
def app_login(django_db_setup, django_db_blocker):
    """A connection to this worker's test database with the application's own login (the
    user DATABASE_URL names), as production connects: not the suite's SET ROLE."""
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    with django_db_blocker.unblock():
        database = connection.settings_dict["NAME"]
    params = {
        "dbname": database,
        "user": config["USER"],
        "host": config.get("OPTIONS", {}).get("host") or config["HOST"] or None,
        "port": config["PORT"] or None,
    }
    if config["PASSWORD"]:
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params, autocommit=True, connect_timeout=10) as conn:
        yield conn


def test_the_application_logs_in_as_its_own_role_which_is_no_superuser(app_login):
    row = app_login.execute(
        "SELECT current_user, session_user, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls "
        "FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    assert row[0] == row[1]
    assert row[2:] == (False, False, False, False)
    assert os.environ["DATABASE_URL"] != os.environ["DATABASE_MIGRATE_URL"]


@pytest.mark.parametrize("statement", REFUSED.values(), ids=REFUSED.keys())
def test_the_application_login_cannot(app_login, statement):
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_login.execute(statement)


def test_the_application_login_may_add_to_and_read_the_trail(app_login):
    with app_login.transaction(force_rollback=True):
        app_login.execute(
            "INSERT INTO casework_auditevent (occurred_at, action, object_type, "
            "object_id, request_id, detail, prev_hash, hash) "
            "VALUES (now(), 'test.thing.view', '', '', '', '{}', '', '')"
        )
        app_login.execute("SELECT casework_audit_link_pending(NULL, true)")  # the sequencer
        hash_ = app_login.execute(
            "SELECT hash FROM casework_auditlink ORDER BY position DESC LIMIT 1"
        ).fetchone()[0]
        assert len(hash_) == 64  # linked with the application's rights
        app_login.execute(
            "INSERT INTO casework_auditcheckpoint (taken_at, chain, events, head_hash, source) "
            "VALUES (now(), '', 0, '', 'verify')"
        )


@pytest.mark.django_db
def test_the_suite_itself_runs_with_the_application_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == APP_ROLE
        for statement in (REFUSED["truncate the audit trail"], REFUSED["drop the links' trigger"]):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(statement)
    audit_record(action="test.thing.view")  # and may write the trail


@pytest.mark.django_db
def test_every_table_grants_rows_only_and_history_insert_only():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), "
            "  array(SELECT p FROM unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', "
            "    'TRUNCATE', 'REFERENCES', 'TRIGGER']) p "
            "    WHERE has_table_privilege(%s, c.oid, p)) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')",
            [APP_ROLE],
        )
        tables = {name: (owner, set(rights)) for name, owner, rights in cursor.fetchall()}
    assert len(tables) > 50
    history = {"casework_auditevent", "casework_auditlink", "casework_auditcheckpoint"}
    for name, (owner, rights) in tables.items():
        assert owner != APP_ROLE, name
        if name in history:
            assert rights == {"SELECT", "INSERT"}, name
        elif name == "django_migrations":
            assert rights == {"SELECT"}, name
        else:
            assert rights == {"SELECT", "INSERT", "UPDATE", "DELETE"}, name


@pytest.mark.django_db
def test_a_table_a_later_migration_creates_gets_the_application_rights_by_default():
    with as_owner() as cursor:  # as `migrate` would, with the owner's login
        cursor.execute("CREATE TABLE casework_later (id bigserial PRIMARY KEY, note text)")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO casework_later (note) VALUES ('x') RETURNING id")
        row_id = cursor.fetchone()[0]
        cursor.execute("UPDATE casework_later SET note = 'y' WHERE id = %s", [row_id])
        cursor.execute("DELETE FROM casework_later WHERE id = %s", [row_id])
        with pytest.raises(DatabaseError, match="must be owner"), transaction.atomic():
            cursor.execute("ALTER TABLE casework_later ADD COLUMN forged int")
