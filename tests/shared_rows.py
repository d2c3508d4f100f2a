"""Rows built once and read by many tests, without letting one test's changes reach another.

Two tools (docs/testing.md says when to use which):

- `module_rows(build)`: a module-scoped fixture. `build()` runs once per module (per xdist
  worker) inside a transaction that stays open; every test of the module then runs in a
  savepoint of it (pytest-django's TestCase nests its atomic block), so whatever a test writes
  is rolled back before the next one, and the module's transaction is rolled back at its end.
  The URL x role matrix builds its cast this way once instead of ~1,000 times.
- `Snapshot`: the rows a builder adds to an empty test database, copied out once (binary COPY)
  and copied back into each test's own transaction in a fraction of the time the builder takes.
  The demo (`demo` fixture, tests/conftest.py) is seeded once per run this way.

Both build on the suite's clock (tests/clock.py) frozen at the instant every test starts at,
so a row made "now" is never later than a test's now, and with the suite's fast password
hasher, as a test's own rows are.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from inspect import signature
from typing import Any

import psutil
import pytest
import time_machine
from django.db import connection, transaction
from django.test import override_settings

from tests.clock import suite_start
from tests.db_owner import as_owner

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def on_suite_clock() -> Iterator[None]:
    """Where shared rows are built: the instant each test starts at, standing still."""
    with (
        time_machine.travel(suite_start(), tick=False),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
    ):
        yield


@contextlib.contextmanager
def _outer_transaction(django_db_blocker) -> Iterator[None]:
    """A transaction that tests nest in; rolled back, never committed."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        # Django lets a durable block open inside a test case's own atomic blocks only.
        atomic_block = connection.atomic_blocks[-1]
        atomic_block._from_testcase = True
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def module_rows(build: Callable[..., Any]):
    """A module-scoped fixture holding build()'s result; see the module docstring. build's
    parameters name session fixtures it needs (`demo_base`). Tests that use it must be plain
    `django_db` tests (not transactional: they would commit)."""

    @pytest.fixture(scope="module")
    def fixture(request, django_db_setup, django_db_blocker):
        needs = {name: request.getfixturevalue(name) for name in signature(build).parameters}
        with _outer_transaction(django_db_blocker):
            with django_db_blocker.unblock(), on_suite_clock():
                built = build(**needs)
            yield built

    fixture.__doc__ = build.__doc__
    return fixture


@contextlib.contextmanager
def work_seconds() -> Iterator[Callable[[], float]]:
    """CPU seconds this process and its PostgreSQL backend spend in the block: what a speed
    budget means on a shared machine, where the wall clock also counts the neighbours' work
    (and, with a remote server, only this process's share is known: wall time is used)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
    server = None
    with contextlib.suppress(psutil.Error, OSError):
        backend = psutil.Process(backend_pid)
        if backend.name().startswith("postgres"):  # a local server, not a namesake pid
            server = lambda: sum(backend.cpu_times()[:2])  # noqa: E731 - user + system
            server()
    started = (time.process_time(), server() if server else 0.0, time.monotonic())
    result: list[float] = []
    yield lambda: result[0]
    if server is None:
        result.append(time.monotonic() - started[2])
    else:
        result.append(time.process_time() - started[0] + server() - started[1])


# --- Snapshots --------------------------------------------------------------------------------
def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def _fingerprints(cursor, tables) -> dict[str, str]:
    """Each table's content as one hash (rows sorted by their text form)."""
    sql = " UNION ALL ".join(
        f"SELECT '{t}', coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') "  # noqa: S608
        f'FROM "{t}" r'
        for t in tables
    )
    cursor.execute(sql)
    return dict(cursor.fetchall())


@dataclass
class Snapshot:
    """Rows that `build` adds to the migrated, empty test database, per table (binary COPY),
    with what it took to build them and what it returned."""

    tables: dict[str, bytes] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    sequences: dict[str, tuple[str, int]] = field(default_factory=dict)
    seconds: float = 0.0  # CPU seconds the build took (see work_seconds)
    result: Any = None

    @classmethod
    def take(cls, build: Callable[[], Any]) -> Snapshot:
        """Run build() in a transaction that is rolled back, keeping a copy of what it added.
        Tables that held rows before (content types, permissions, migration history) must
        come out unchanged: a copy could not carry a change to them."""
        snapshot = cls()
        with transaction.atomic(), connection.cursor() as cursor:
            tables = _tables()
            before = _fingerprints(cursor, tables)
            with work_seconds() as spent:
                snapshot.result = build()
            snapshot.seconds = spent()
            after = _fingerprints(cursor, tables)
            changed = [t for t in tables if before[t] and after[t] != before[t]]
            if changed:
                raise AssertionError(f"the builder changed rows that existed before: {changed}")
            for table in (t for t in tables if after[t] != before[t]):
                snapshot.tables[table] = _copy_out(cursor, table)
                snapshot.fingerprints[table] = after[table]
                if sequence := _sequence_and_max(cursor, table):
                    snapshot.sequences[table] = sequence
            transaction.set_rollback(True)
        with transaction.atomic():
            snapshot.restore()
            with connection.cursor() as cursor:
                copied = _fingerprints(cursor, list(snapshot.tables))
            if copied != snapshot.fingerprints:
                raise AssertionError("the snapshot does not restore what the builder made")
            transaction.set_rollback(True)
        return snapshot

    def restore(self) -> None:
        """Copy the rows back in the current transaction, as they were: triggers (the audit
        chain, append-only guards) and foreign-key checks are off for the copy only, since
        the rows already hold what they computed and refer only to each other. That takes the
        owner's rights (tests/db_owner.py), for the copy only."""
        with as_owner() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table, data in self.tables.items():
                with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(data)
            cursor.execute("SET LOCAL session_replication_role = origin")
            # Sequences are not transactional: only ever move one forward, past the copied
            # ids, so rows the test adds next never collide with them.
            for sequence, highest in self.sequences.values():
                cursor.execute(
                    "SELECT setval(%s, %s) "
                    "WHERE coalesce(pg_sequence_last_value(%s::regclass), 0) < %s",
                    [sequence, highest, sequence, highest],
                )


def _copy_out(cursor, table: str) -> bytes:
    with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
        return b"".join(bytes(block) for block in copy)


def _sequence_and_max(cursor, table: str) -> tuple[str, int] | None:
    """The sequence behind the table's identity (or serial) column and its highest value."""
    cursor.execute(
        "SELECT a.attname, pg_get_serial_sequence(quote_ident(%s), a.attname) "
        "FROM pg_attribute a WHERE a.attrelid = quote_ident(%s)::regclass AND a.attnum > 0 "
        "AND NOT a.attisdropped AND pg_get_serial_sequence(quote_ident(%s), a.attname) "
        "IS NOT NULL",
        [table, table, table],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    column, sequence = row
    cursor.execute(f'SELECT max("{column}") FROM "{table}"')  # noqa: S608 - catalogue names
    return sequence, cursor.fetchone()[0]


# --- After a transactional test -------------------------------------------------------------
def empty_tables(using: str = "default") -> None:
    """Leave the database as Django's flush does after a transactional test (browser tests,
    real Celery workers): every table empty but the migration history, the content types
    and the permissions (which flush re-creates at once). Deleting from the few tables the
    test filled takes milliseconds; flush TRUNCATEs all ~90 tables, 1-2 s each time."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    kept = {"django_migrations", ContentType._meta.db_table, Permission._meta.db_table}
    db = connections[using]
    tables = [t for t in db.introspection.table_names(include_views=False) if t not in kept]

    def filled() -> list[str]:
        with db.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")"  # noqa: S608
                    for t in tables
                )
            )
            return [row[0] for row in cursor.fetchall()]

    with transaction.atomic(using=using), as_owner(using) as cursor:
        # Triggers off: the audit trail and signed records refuse DELETE, as they should (and
        # the application's role may not delete audit rows at all).
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in filled():
            cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - a catalogue name
    if left := filled():
        raise AssertionError(f"rows left after the test: {left}")


# --- Part of the demo -------------------------------------------------------------------------
def seed_demo_with(seeders: list[Callable]):
    """The demo with only these seeders, in this order (pages.demo.SEEDERS' order), as an
    app's own demo tests run it; returns the demo agency."""
    from casework import demo

    return demo.seed_demo(seeders)


@dataclass
class DemoBase:
    """The demo's staff and clients (seed_demo with the clients seeder alone: most of the
    demo's cost) as a snapshot, for the tests of an app's own seeders. seed() gives what
    seed_demo_with(seeders) gives, when seeders start with that same clients seeder: the
    snapshot stands for the run up to it, the other seeders run for real, in order."""

    snapshot: Snapshot

    @staticmethod
    def base() -> list[Callable]:
        from clients.demo import seed_clients

        return [seed_clients]

    @classmethod
    def take(cls) -> DemoBase:
        return cls(Snapshot.take(lambda: seed_demo_with(cls.base())))

    def seed(self, seeders: list[Callable]):
        from casework.models import Agency

        base = self.base()
        if list(seeders[: len(base)]) != base:
            raise ValueError(f"{seeders} do not start with the base {base}")
        self.snapshot.restore()
        agency = Agency.objects.get(pk=self.snapshot.result.pk)
        for seeder in seeders[len(base) :]:  # in the order seed_demo would run them
            seeder(agency)
        return agency
