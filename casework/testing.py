"""Test-run defaults, loaded by pytest with `-p casework.testing` (pyproject.toml) before
pytest-django imports the settings. Real values from the environment still win."""

from __future__ import annotations

import os

from casework.db_roles import app_url_for

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# The suite's clock and its date rules stand in Los Angeles (tests/clock.py), whatever zone a
# `make setup` wrote to .env for the deployment.
os.environ.setdefault("TIME_ZONE", "America/Los_Angeles")
# The test client speaks plain HTTP; production's redirect to HTTPS is checked by check --deploy.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The tests run as the application's database role (casework/db_roles.py): each worker's test
# database is built and migrated by the owner (DATABASE_MIGRATE_URL), then every test
# connection takes the application's role (tests/conftest.py). A single DATABASE_URL, as
# `make test` against a local server is given, is taken as the owner's.
if not os.environ.get("DATABASE_MIGRATE_URL"):
    _owner = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/casework"
    os.environ["DATABASE_MIGRATE_URL"] = _owner
    os.environ["DATABASE_URL"] = app_url_for(_owner)
# Parallel workers (pytest -n, pytest-xdist) share one Redis database: each writes its keys,
# Celery's queues included, under a prefix of its own. pytest-django gives each its own test
# database (test_<name>_gw0, ...).
# The controller sets "test-main:" before starting the workers, which inherit its environment:
# a worker names its own prefix whatever it inherited.
if _worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_KEY_PREFIX"] = f"test-{_worker}:"
else:
    os.environ.setdefault("REDIS_KEY_PREFIX", "test-main:")
