"""Moving the directory out of referrals keeps every row: rows written under the old state
(referrals_* tables, integer links in clients) are all there after the migrations, under
directory_* tables, with real foreign keys; a link to an organisation that no longer exists
is emptied and named in the migration's output."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.db_owner import as_owner
from tests.factories import ClientFactory, UserFactory
from tests.migrated_template import clone_of, connected_to, drop

BEFORE = [
    ("referrals", "0004_location_hours_languages_contact_phones"),
    ("clients", "0008_client_contact_before_casework"),
]
# Unapplying every directory migration also unapplies those that build on them.
OLD = [("directory", None), *BEFORE]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    with as_owner():  # as `migrate` runs: the application's role may not alter tables
        executor.migrate(targets)
    return executor


def _migrate_forward(targets) -> MigrationExecutor:
    """The migrations still to apply, on the state of the apps they build on (their
    dependencies, and theirs): Django re-renders every model of the state after each
    operation, and the apps nothing here depends on (care plans, supervision, exports, ...)
    would only make that slower. A migration reaching into one of them without declaring it
    fails here; the template build (tests/migrated_template.py) runs them on the full state."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    pending = {(migration.app_label, migration.name) for migration, _ in plan}
    graph = executor.loader.graph
    below = {node for target in pending for node in graph.forwards_plan(target)} - pending
    with as_owner():
        executor.migrate(targets, plan=plan, state=executor.loader.project_state(sorted(below)))
    return executor


def _old_rows(apps, client, user) -> dict:
    """A small directory under the old state, and the clients' integer links to it."""
    get = apps.get_model
    agency_id = client.agency_id
    org = get("referrals", "Organization").objects.create(
        agency_id=agency_id, name="Harbor Clinic", description="Clinic"
    )
    service = get("referrals", "Service").objects.create(
        agency_id=agency_id, organization=org, name="Counselling"
    )
    location = get("referrals", "Location").objects.create(
        agency_id=agency_id, organization=org, name="Main office"
    )
    get("referrals", "ServiceAtLocation").objects.create(
        agency_id=agency_id, service=service, location=location
    )
    contact = get("referrals", "Contact").objects.create(
        agency_id=agency_id, organization=org, name="Ann"
    )
    get("referrals", "Phone").objects.create(agency_id=agency_id, contact=contact, number="555")
    get("referrals", "Schedule").objects.create(
        agency_id=agency_id, service=service, byday="MO", opens_at="09:00", closes_at="17:00"
    )
    referral = get("referrals", "Referral").objects.create(
        client_id=client.pk,
        service=service,
        organization=org,
        referred_by_id=user.pk,
        reason="Needs counselling",
        categories=["general"],
    )
    provider = get("clients", "CareProvider")
    linked = provider.objects.create(
        client_id=client.pk, kind="therapist", name="Dr. A", directory_organization_id=org.pk
    )
    dangling = provider.objects.create(
        client_id=client.pk, kind="therapist", name="Dr. B", directory_organization_id=org.pk + 1000
    )
    today = timezone.localdate()
    release = get("clients", "ConsentRelease").objects.create(
        client_id=client.pk,
        discloser="Agency",
        recipient_kind="organization",
        recipient_name="Harbor Clinic",
        directory_organization_id=org.pk,
        categories=["general"],
        purpose="Care",
        effective_on=today,
        expires_on=today + timedelta(days=30),
        created_by_id=user.pk,
    )
    get("casework", "Reminder").objects.create(
        recipient_id=user.pk,
        kind="referrals.service_unverified",
        object_type="referrals.service",
        object_id=service.pk,
        due_on=today,
        subject="Counselling",
        title="Directory entry not verified for 12 months",
        url="/directory/",
    )
    counts = {
        name: get("referrals", name).objects.count()
        for name in ("Organization", "Service", "Location", "ServiceAtLocation", "Contact",
                     "Phone", "Schedule")
    }  # fmt: skip
    return {
        "org": org.pk,
        "service": service.pk,
        "referral": referral.pk,
        "linked": linked.pk,
        "dangling": dangling.pk,
        "release": release.pk,
        "counts": counts,
    }


def _old_state() -> None:
    """The latest test database migrated back to before the directory left referrals."""
    _migrate(OLD)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_database(transactional_db):
    """A database of its own at the old state, for this test alone: a clone of a template
    migrated back once (tests/migrated_template.py) from the latest state, rebuilt whenever a
    migration file changes. Migrating the whole project back and forth in the worker's own
    database took two minutes of CPU at every run; the migrations under test still run
    forward on the old rows every time."""
    name = f"{connection.settings_dict['NAME']}_directory_move"
    clone_of("directory_move", _old_state, name)
    try:
        with connected_to(name):
            yield
    finally:
        drop(name)


@pytest.mark.slow  # the 13 migrations since the old state; a minute more to build the template
def test_moving_the_directory_keeps_every_row_and_every_link(old_database, capsys):
    executor = MigrationExecutor(connection)
    applied = executor.loader.applied_migrations
    assert ("directory", "0001_move_directory_tables_from_referrals") not in applied
    assert all(node in applied for node in BEFORE)
    # The users' and clients' tables are the same at both states: the factories write them.
    client, user = ClientFactory(), UserFactory()
    old = _old_rows(executor.loader.project_state(BEFORE).apps, client, user)
    latest = _latest()
    executor = _migrate_forward(latest)
    get = executor.loader.project_state(latest).apps.get_model

    for name, count in old["counts"].items():
        assert get("directory", name).objects.count() == count, name
    assert get("directory", "Organization").objects.get(pk=old["org"]).name == "Harbor Clinic"
    referral = get("referrals", "Referral").objects.get(pk=old["referral"])
    assert (referral.service_id, referral.organization_id) == (old["service"], old["org"])
    providers = get("clients", "CareProvider").objects
    assert providers.get(pk=old["linked"]).directory_organization.name == "Harbor Clinic"
    assert providers.get(pk=old["dangling"]).directory_organization_id is None
    release = get("clients", "ConsentRelease").objects.get(pk=old["release"])
    assert release.directory_organization_id == old["org"]
    reminder = get("casework", "Reminder").objects.get(object_id=old["service"])
    assert (reminder.kind, reminder.object_type) == (
        "directory.service_unverified",
        "directory.service",
    )
    said = capsys.readouterr().out
    assert f"care-team provider {old['dangling']} (organisation {old['org'] + 1000})" in said
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('referrals_organization')")
        assert cursor.fetchone() == (None,)
