"""casework migration 0017 makes the client columns of emergency grants, match overrides and
reminders real foreign keys. Rows written before it keep their values; a grant naming a
client that does not exist stops the migration with its id (history is not cleared or
deleted); a reminder's missing client is cleared and the reminder stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.db_owner import as_owner
from tests.factories import ClientFactory, UserFactory
from tests.migrated_template import clone_of, connected_to, drop

BEFORE = [("casework", "0016_audit_links")]
AFTER = [("casework", "0017_client_foreign_keys")]
MISSING = 987_001


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    with as_owner():  # as `migrate` runs: the application's role may not alter tables
        executor.migrate(targets)
    return executor


@pytest.fixture
def old_database(transactional_db):
    """A database of its own at casework 0016 (a clone of a template migrated back once)."""
    name = f"{connection.settings_dict['NAME']}_client_fks"
    clone_of("client_fks", lambda: _migrate(BEFORE), name)
    try:
        with connected_to(name):
            yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    finally:
        drop(name)


def _grant(apps, *, client_id, client, user):
    now = timezone.now()
    return apps.get_model("casework", "EmergencyAccess").objects.create(
        user_id=user.pk,
        client_id=client_id,
        team_id=client.team_id,
        agency_id=client.agency_id,
        reason="Crisis call, record needed now",
        granted_at=now,
        expires_at=now + timedelta(hours=4),
    )


def _reminder(apps, *, client_id, user, object_id):
    return apps.get_model("casework", "Reminder").objects.create(
        recipient_id=user.pk,
        kind="clients.checkin",
        object_type="clients.client",
        object_id=object_id,
        due_on=timezone.localdate(),
        client_id=client_id,
        subject="Amara (A-1)",
        title="Completed contact due",
        url="/clients/",
    )


def _constraints() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conname LIKE %s", ["%client_id_fk_clients%"]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.slow
def test_existing_rows_keep_their_clients_and_a_missing_client_on_a_reminder_is_cleared(
    old_database,
):
    apps = old_database
    client, user = ClientFactory(), UserFactory()
    grant = _grant(apps, client_id=client.pk, client=client, user=user)
    kept = _reminder(apps, client_id=client.pk, user=user, object_id=client.pk)
    orphan = _reminder(apps, client_id=MISSING, user=user, object_id=MISSING)

    get = _migrate(AFTER).loader.project_state(AFTER).apps.get_model

    assert get("casework", "EmergencyAccess").objects.get(pk=grant.pk).client.pk == client.pk
    reminders = get("casework", "Reminder").objects
    assert reminders.get(pk=kept.pk).client_id == client.pk
    assert reminders.get(pk=orphan.pk).client_id is None
    assert _constraints() == {
        "casework_emergencyaccess_client_id_fk_clients_client_id",
        "casework_matchoverride_client_id_fk_clients_client_id",
        "casework_reminder_client_id_fk_clients_client_id",
    }


@pytest.mark.slow
def test_a_grant_naming_a_missing_client_stops_the_migration_and_changes_nothing(
    old_database,
):
    apps = old_database
    client, user = ClientFactory(), UserFactory()
    grant = _grant(apps, client_id=MISSING, client=client, user=user)
    orphan = _reminder(apps, client_id=MISSING, user=user, object_id=MISSING)

    with pytest.raises(DatabaseError, match=rf"1 emergency access grant\(s\).*ids: {grant.pk}\)"):
        _migrate(AFTER)

    assert apps.get_model("casework", "EmergencyAccess").objects.get(pk=grant.pk).client_id == (
        MISSING
    )
    assert apps.get_model("casework", "Reminder").objects.get(pk=orphan.pk).client_id == MISSING
    assert _constraints() == set()
    applied = MigrationExecutor(connection).loader.applied_migrations
    assert AFTER[0] not in applied
