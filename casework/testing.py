"""Test-run defaults, loaded by pytest with `-p casework.testing` (pyproject.toml) before
pytest-django imports the settings. Real values from the environment still win."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# The suite's clock and its date rules stand in Los Angeles (tests/clock.py), whatever zone a
# `make setup` wrote to .env for the deployment.
os.environ.setdefault("TIME_ZONE", "America/Los_Angeles")
# The test client speaks plain HTTP; production's redirect to HTTPS is checked by check --deploy.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Parallel workers (pytest -n, pytest-xdist) share one Redis database: each writes its keys,
# Celery's queues included, under a prefix of its own. pytest-django gives each its own test
# database (test_<name>_gw0, ...).
os.environ.setdefault("REDIS_KEY_PREFIX", f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}:")
