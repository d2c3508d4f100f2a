"""The migrated test database, built once and cloned.

Migrating an empty database costs half a minute of CPU or more (Django renders the models'
states hundreds of times over the migrations), and every xdist worker paid it at every run. Now
the first worker migrates its test database as before and keeps a copy of it as a PostgreSQL
template named for a hash of every migration file, the pinned dependencies and Django's
version; the other worker, and every later run while the migrations stay the same, clones that
template with CREATE DATABASE ... TEMPLATE in about a second. A changed, added or removed
migration changes the name, so a stale template is never cloned (the old ones are dropped).

`clone_of(state, build, name)` gives the same for a database migrated to an older state (the
directory's migration test starts from one).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def migrations_key() -> str:
    """What the migrated schema depends on: the project's migration files, the pinned
    versions of the libraries whose migrations run too, and Django's own version."""
    digest = hashlib.sha256(django.__version__.encode())
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.lock"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _base(test_db_name: str) -> str:
    """test_casework_gw1 -> test_casework: the workers of one run share their templates."""
    return re.sub(r"_gw\d+$", "", test_db_name)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@contextlib.contextmanager
def _locked(cursor, name: str) -> Iterator[None]:
    """One process at a time builds or clones a given template (a server-wide lock)."""
    cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
    try:
        yield
    finally:
        cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


@contextlib.contextmanager
def _server_cursor() -> Iterator:
    """A cursor on the server's maintenance database with the login's own rights: the test
    connections take the application's role (tests/conftest.py), which may not create or
    drop databases."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SET ROLE NONE")
        yield cursor


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _clone(cursor, template: str, name: str) -> None:
    cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
    cursor.execute(f"CREATE DATABASE {_quote(name)} WITH TEMPLATE {_quote(template)}")


def _drop_stale(cursor, prefix: str, keep: str) -> None:
    """Templates of this same database built from other migrations are never cloned again."""
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [prefix.replace("_", r"\_") + "%", keep],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def template_name(test_db_name: str, state: str = "latest") -> str:
    return f"{_base(test_db_name)}_tpl_{state}_{migrations_key()}"[:63]


def create_test_db_from_template(
    creation, original: Callable[..., str], *, rebuild: bool = False
) -> Callable[..., str]:
    """A stand-in for DatabaseCreation.create_test_db (PostgreSQL): the test database is a
    clone of the migrated template, which the first caller builds with `original`.
    rebuild (pytest --create-db): every worker migrates its own database, as without a
    template, and the first worker's (gw0) replaces the template."""

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False) -> str:
        from django.core.management import call_command

        db = creation.connection
        name = creation._get_test_db_name()
        if keepdb:  # --reuse-db: pytest-django's own way
            return original(verbosity, autoclobber, serialize, keepdb)
        template = template_name(name)
        if rebuild:
            built = original(verbosity, True, serialize, keepdb)
            if os.environ.get("PYTEST_XDIST_WORKER", "gw0") == "gw0":
                with db._nodb_cursor() as cursor, _locked(cursor, template):
                    cursor.execute(f"DROP DATABASE IF EXISTS {_quote(template)} WITH (FORCE)")
                    _keep_as_template(db, cursor, built, template)
            return built
        with db._nodb_cursor() as cursor, _locked(cursor, template):
            if not _exists(cursor, template):
                built = original(verbosity, True, serialize, keepdb)
                _keep_as_template(db, cursor, built, template)
                return built
            _clone(cursor, template, name)
        # What create_test_db does after migrating (base/creation.py), minus the migrating.
        db.close()
        settings.DATABASES[db.alias]["NAME"] = name
        db.settings_dict["NAME"] = name
        if serialize:
            db._test_serialized_contents = creation.serialize_db_to_string()
        call_command("createcachetable", database=db.alias)
        db.ensure_connection()
        return name

    return create_test_db


def _keep_as_template(db, cursor, built: str, template: str) -> None:
    db.close()  # CREATE DATABASE ... TEMPLATE wants nobody in the source
    _drop_stale(cursor, f"{_base(built)}_tpl_latest_", keep=template)
    cursor.execute(f"CREATE DATABASE {_quote(template)} WITH TEMPLATE {_quote(built)}")
    db.ensure_connection()


def clone_of(state: str, build: Callable[[], None], name: str) -> None:
    """Make database `name` a copy of the test database migrated to an older `state`, which
    `build()` makes the first time, connected (as `connection`) to a clone of the latest one."""
    test_db = connection.settings_dict["NAME"]
    template = template_name(test_db, state)
    with _server_cursor() as cursor, _locked(cursor, template):
        if not _exists(cursor, template):
            _drop_stale(cursor, f"{_base(test_db)}_tpl_{state}_", keep=template)
            building = f"{template[:55]}_build"
            _clone(cursor, template_name(test_db), building)
            with connected_to(building):
                build()
            cursor.execute(f"ALTER DATABASE {_quote(building)} RENAME TO {_quote(template)}")
        _clone(cursor, template, name)


@contextlib.contextmanager
def connected_to(name: str) -> Iterator[None]:
    """`connection` points at database `name` for the block, then back where it was."""
    saved = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved


def drop(name: str) -> None:
    with _server_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def dump_latest(out_dir: Path) -> Path:
    """A pg_dump of the latest template (for the fault drill's own server), taken under the
    template's lock: a worker cloning it meanwhile would find it in use."""
    from casework import backup

    template = template_name(connection.settings_dict["NAME"])
    owner = os.environ.get("DATABASE_MIGRATE_URL") or os.environ["DATABASE_URL"]
    url = urlsplit(owner)._replace(path=f"/{template}").geturl()
    with _server_cursor() as cursor, _locked(cursor, template):
        return backup.dump(url, out_dir)
