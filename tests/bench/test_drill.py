"""The fault drills' light form (python -m bench.drill --light) on a stack of its own: a
PostgreSQL restart under visit POSTs, a Redis outage, a worker SIGKILLed mid-sweep, two beats
at once, a backup restored. Each drill raises when anything is lost or duplicated."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrated_template import dump_latest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_every_fault_drill_passes_in_its_light_form(django_db_setup, django_db_blocker):
    var = ROOT / "var" / f"drill-test-{os.getpid()}"
    # The drill's server starts from a dump of the suite's migrated template instead of
    # migrating for a minute (bench/drill.py runs migrate after it all the same).
    with django_db_blocker.unblock():
        dump = dump_latest(var / "schema")
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TZ"}} | {
        "DRILL_MIGRATED_DUMP": str(dump),
        "DRILL_VAR": str(var),
        "DRILL_PORT": str(_free_port()),
        "DRILL_REDIS_PORT": str(_free_port()),
    }
    try:
        # Every wait inside the drill has its own deadline; this one only stops a hang, and is
        # generous because the stack it starts (migrate, seed, gunicorn, celery) runs beside
        # the rest of the suite on two shared cores.
        result = subprocess.run(
            [sys.executable, "-m", "bench.drill", "--light"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired as hung:
        said = hung.stdout.decode() if isinstance(hung.stdout, bytes) else hung.stdout or ""
        progress = [x for x in said.splitlines() if x.startswith("[drill]")]
        pytest.fail("the drill did not end in 900 s; it got to:\n" + "\n".join(progress))
    finally:
        shutil.rmtree(var, ignore_errors=True)
    report = "\n".join(x for x in result.stdout.splitlines() if x.startswith("[drill]"))
    assert result.returncode == 0, report + "\n" + result.stderr[-3000:]
    for drill in ("PostgreSQL restarted", "Redis stopped", "SIGKILLed", "Two beats", "Backup"):
        assert drill in report
    assert "every drill passed" in report
    assert "FAILED" not in report
