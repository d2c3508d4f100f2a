"""Production keeps database connections open between requests (checked before reuse, so a
restarted PostgreSQL is survived) and renders templates through the cached loader: the two
settings that halved and doubled throughput in the benchmark (docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.template import engines
db = settings.DATABASES["default"]
loaders = engines["django"].engine.template_loaders
print(json.dumps({
    "debug": settings.DEBUG,
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "loaders": [type(x).__module__ + "." + type(x).__name__ for x in loaders],
    "cached_inner": [type(x).__module__ for x in getattr(loaders[0], "loaders", [])],
}))
"""


def _settings(**env: str) -> dict:
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL"}
    base = {k: v for k, v in os.environ.items() if k in keep}
    base.update(
        DJANGO_SETTINGS_MODULE="casework.settings",
        SECRET_KEY="production-secret-key-with-enough-entropy-0123456789abcdef",
        ALLOWED_HOSTS="casework.example.org",
        **env,
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_keeps_connections_open_and_checks_them_before_reuse():
    found = _settings(DEBUG="0")
    assert found["debug"] is False
    assert found["conn_max_age"] > 0
    assert found["health_checks"] is True


def test_production_renders_templates_through_the_cached_loader():
    found = _settings(DEBUG="0")
    assert found["loaders"] == ["django.template.loaders.cached.Loader"]
    assert found["cached_inner"] == [
        "django.template.loaders.filesystem",
        "django.template.loaders.app_directories",
    ]


def test_conn_max_age_zero_is_honoured_for_those_who_want_it():
    assert _settings(DEBUG="0", CONN_MAX_AGE="0")["conn_max_age"] == 0


@pytest.mark.django_db
def test_database_sessions_run_without_jit():
    """PostgreSQL's JIT spent 5-12 s compiling reminder-rule queries that run in under 2 s."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
