"""The fixed cast every test can use (shared/style.md): in one agency, team A with a case
manager, a supervisor, a compliance reviewer and an agency admin (no clinical role); team B
with an outsider case manager. One client on each team."""

from __future__ import annotations

import fcntl
import os
import pickle

import pytest
import time_machine

from tests.cast import make_agency, make_client, make_member, make_team
from tests.clock import Clock, suite_start
from tests.shared_rows import DemoBase, Snapshot, empty_tables, on_suite_clock


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,  # the worker's own database name (test_<name>_gw0, ...)
):
    """pytest-django's own setup, but the test database is a clone of a migrated template that
    the first worker builds and later runs reuse while the migrations are the same
    (tests/migrated_template.py): a second instead of a minute of migrating per worker.

    Then every test connection takes the application's role (`SET ROLE casework_app` as it
    connects), so the suite runs with production's rights: no DDL, no TRUNCATE, no trigger
    switched off, the audit trail insert-only. The harness steps back to the owner's rights
    where it must (tests/db_owner.py)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from casework.db_roles import APP_ROLE
    from tests.migrated_template import create_test_db_from_template

    verbosity = request.config.option.verbose
    creation = connection.creation
    original = creation.create_test_db
    creation.create_test_db = create_test_db_from_template(
        creation, original, rebuild=django_db_createdb
    )
    try:
        with django_db_blocker.unblock():
            databases = setup_databases(
                verbosity=verbosity,
                interactive=False,
                keepdb=django_db_keepdb and not django_db_createdb,
                aliases={"default"},
                serialized_aliases=set(),  # no test asks for serialized_rollback
            )
    finally:
        del creation.create_test_db  # the class's own method again
    with django_db_blocker.unblock():
        connection.close()
    connection.settings_dict["OPTIONS"]["assume_role"] = APP_ROLE
    yield
    connection.settings_dict["OPTIONS"].pop("assume_role", None)
    with django_db_blocker.unblock():
        connection.close()
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            _end_other_sessions(connection)
            teardown_databases(databases, verbosity=verbosity)


def _end_other_sessions(connection) -> None:
    """The worker's database is dropped next: a connection still open on it (a live-server
    or Celery thread finishing its last request as the run ends) would make DROP DATABASE
    fail after every test has passed. Such sessions are ended first, as DROP ... WITH (FORCE)
    would."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SET ROLE NONE")
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


def pytest_collection_modifyitems(items):
    """Tests marked slow start first: under -n they run beside the others instead of
    holding up the end of the run alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each worker's test database is created and migrated by the owner, with the login
    DATABASE_MIGRATE_URL names (casework/db_roles.py)."""
    from django.db import connections

    from casework.db_roles import owner_settings

    connection = connections["default"]
    connection.close()
    connection.settings_dict.update(owner_settings(connection.settings_dict))


@pytest.fixture(scope="session", autouse=True)
def _quick_flush():
    """After a transactional test, empty the tables it filled instead of Django's flush
    (TRUNCATE of every table): the same empty database, in milliseconds (empty_tables)."""
    from django.test import TransactionTestCase

    def teardown(case):
        for db_name in case._databases_names(include_mirrors=False):
            empty_tables(db_name)

    original = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture(autouse=True)
def _agency_clock():
    """Every test starts at the same time of the agency's day (tests/clock.py), ticking."""
    with time_machine.travel(suite_start(), tick=True):
        yield


@pytest.fixture
def clock(_agency_clock):
    """Stand at an exact instant: clock.at("23:30"), clock.at("00:30", day=...)."""
    hand = Clock()
    yield hand
    hand.stop()


@pytest.fixture(autouse=True)
def _fresh_reminder_badges():
    """Each test starts with no cached reminder badge (casework/notifications/badge.py): the
    badges live in Redis, which a test's rollback does not touch, and every test starts at the
    same instant with users of the same ids (snapshots), so a badge from an earlier test would
    match. Moving the generation on makes every cached badge stale: one INCR a test."""
    from casework.notifications import badge

    badge.move_generation()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is slow on purpose; tests hash hundreds of passwords. test_sign_in pins the
    # production hasher list.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency(db):
    return make_agency()


@pytest.fixture
def team_a(agency):
    return make_team(agency, "a")


@pytest.fixture
def team_b(agency):
    return make_team(agency, "b")


@pytest.fixture
def case_manager(team_a):
    return make_member("case_manager", team_a)


@pytest.fixture
def supervisor(team_a):
    return make_member("supervisor", team_a)


@pytest.fixture
def compliance(team_a):
    return make_member("compliance", team_a)


@pytest.fixture
def admin_user(team_a):
    return make_member("admin_user", team_a)


@pytest.fixture
def outsider(team_b):
    return make_member("outsider", team_b)


@pytest.fixture
def client_a(team_a):
    return make_client("a", team_a)


@pytest.fixture
def client_b(team_b):
    return make_client("b", team_b)


# --- The demo, seeded once per run ------------------------------------------------------------
def _once_per_run(tmp_path_factory, name: str, build):
    """build()'s result, built by the first xdist worker that asks and read back by the others
    from the run's temporary directory (the workers' databases are clones of one template, so
    copied rows fit any of them). Without xdist, simply build()."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build()
    shared = tmp_path_factory.getbasetemp().parent  # one per run, shared by its workers
    path = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait while the first builds
        if path.exists():
            return pickle.loads(path.read_bytes())  # noqa: S301 - written by this run
        built = build()
        path.write_bytes(pickle.dumps(built))
        return built


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> Snapshot:
    """seed_demo() run once per run, on the suite's clock, in a transaction rolled back: its
    rows kept as a snapshot for the `demo` fixture. A full seed costs about 8 CPU-seconds of
    Python and PostgreSQL; the second worker reads the first's snapshot instead."""
    from pages.demo import seed_demo

    def build() -> Snapshot:
        with django_db_blocker.unblock(), on_suite_clock():
            return Snapshot.take(seed_demo)

    return _once_per_run(tmp_path_factory, "demo_snapshot", build)


@pytest.fixture(scope="session")
def demo_base(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoBase:
    """The demo's staff and clients, seeded once per run: demo_base.seed(seeders) in a test
    (or in module_rows) gives an app's partial demo (tests/shared_rows.py)."""

    def build() -> DemoBase:
        with django_db_blocker.unblock(), on_suite_clock():
            return DemoBase.take()

    return _once_per_run(tmp_path_factory, "demo_base", build)


@pytest.fixture
def demo(db, demo_snapshot):
    """The full demo (`manage.py seed_demo`), copied into this test's transaction; returns
    the demo agency. The test may change it freely: its transaction is rolled back."""
    from casework.models import Agency

    demo_snapshot.restore()
    return Agency.objects.get(pk=demo_snapshot.result.pk)
