"""Two database roles: the owner, which runs migrations, and the application's role.

The application connects as `casework_app` (DATABASE_URL), a role that owns nothing: it reads
and writes rows, but cannot ALTER, DROP or TRUNCATE a table, nor disable or drop a trigger
(only an owner may), and on the audit trail and its checkpoints it may only INSERT and SELECT.
Migrations connect as the owner (DATABASE_MIGRATE_URL), which creates every table; default
privileges give the application's role its rights on tables later migrations create.

No Django import at module level: `casework.devstack` and `casework.testing` use the URL
helpers before settings load.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

APP_ROLE = "casework_app"


def app_url_for(owner_url: str) -> str:
    """The owner's URL with the application's role as its user (and no password): how the
    development stack and the tests reach a local server that trusts its users."""
    parts = urlsplit(owner_url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(APP_ROLE)}@{host}"))


def owner_settings(database: dict) -> dict:
    """The connection settings `database` (a DATABASES entry) takes to act as the owner:
    the owner's login from DATABASE_MIGRATE_URL, the same database name (a test database
    keeps its own)."""
    from django.conf import settings

    owner = settings.DATABASE_MIGRATE
    if owner is None:
        return database
    return {
        **database,
        **{key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT")},
        "OPTIONS": {
            **{k: v for k, v in database.get("OPTIONS", {}).items() if k != "assume_role"},
            **owner.get("OPTIONS", {}),
        },
    }


@contextlib.contextmanager
def connected_as_owner(alias: str = "default") -> Iterator[None]:
    """Within the block, `alias` connects with the owner's login (when DATABASE_MIGRATE_URL
    names one): how `migrate` runs, and how the tests build their databases."""
    from django.conf import settings
    from django.db import connections

    if settings.DATABASE_MIGRATE is None:
        yield
        return
    connection = connections[alias]
    saved = connection.settings_dict.copy()
    connection.close()
    connection.settings_dict.update(owner_settings(saved))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
