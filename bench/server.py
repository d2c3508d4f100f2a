"""gunicorn with production settings, as docs/deploy.md runs it (sync workers, 2 x cores + 1),
started from the Procfile's `web` line so that the bench and the drills serve the app the
way a deployment does."""

from __future__ import annotations

import contextlib
import http.client
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"  # noqa: S105


def production_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """What a production host sets (DEBUG off, a secret, its host names), with the bench
    settings module on top of casework.settings."""
    keep = ("PATH", "HOME", "LANG", "TZ")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DEBUG="0",
        SECRET_KEY=BENCH_SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        EMAIL_URL="dummymail://",
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(REPO),
    )
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    env.update(extra)
    return env


def procfile_command(name: str, env: dict[str, str]) -> list[str]:
    """The Procfile's line for `name`, its ${VAR:-default}s expanded from env."""
    for line in (REPO / "Procfile").read_text().splitlines():
        key, sep, command = line.partition(":")
        if sep and key.strip() == name:
            expanded = subprocess.run(  # noqa: S603 - the repo's own Procfile
                ["/bin/sh", "-c", f'printf "%s" "{command.strip()}"'],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            return shlex.split(expanded)
    raise RuntimeError(f"Procfile has no {name!r} process")


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
    )


def wait_until_up(port: int, deadline_s: float = 60.0) -> None:
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            conn.getresponse()  # any answer: a 503 is a Redis or database outage, not startup
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not answer on port {port}")
        time.sleep(0.3)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int | None = None) -> Iterator[int]:
    """Serve on 127.0.0.1:port; yield gunicorn's pid; stop it (and its workers) after."""
    env = {
        **env,
        "PORT": str(port),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers or 2 * (os.cpu_count() or 1) + 1),
    }
    cmd = procfile_command("web", env)
    log = open(REPO / "var" / "bench" / f"gunicorn-{port}.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=log)  # noqa: S603
    try:
        wait_until_up(port)
        yield proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
