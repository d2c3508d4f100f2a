"""One database's run: seed it if needed, serve it with gunicorn, sign in, load each page,
count its queries, time the reminder sweep; print the results as JSON on the last line.

    DATABASE_URL=... python -m bench.run --scale 1 --port 8100 --seconds 15 [--pages caseload]

Run by `python -m bench` (one run per database); it needs DJANGO_SETTINGS_MODULE=bench.settings
with DEBUG off, which the parent sets.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench import seed  # noqa: E402
from bench.client import Browser, visit_form  # noqa: E402
from bench.load import Prepared, run_load, sequential_ms  # noqa: E402
from bench.server import REPO, collectstatic, gunicorn, production_env  # noqa: E402
from casework import reminders  # noqa: E402
from casework.models import Membership, Reminder, Role  # noqa: E402
from clients.models import Assignment  # noqa: E402

HOST = "127.0.0.1"
USERS = 16  # one per connection
SEARCHES = ("housng", "food pantry", "therapy spanish", "legal aid eviction", "psychiatrist")
SUPERVISOR_DASHBOARD = "supervision:dashboard"
# Pages whose figures are a whole view: the page and the requests htmx makes after it (the
# record's panels left to load later), set by build_pages. Every other page is one request.
REQUESTS_PER_VIEW: dict[str, int] = {}


def _people(role: str, count: int) -> list[tuple[str, int]]:
    """(e-mail, user id) of `count` people with the role, spread over the teams."""
    rows = list(
        Membership.objects.filter(role=role, team__agency__slug=seed.AGENCY_SLUG)
        .order_by("team_id", "user_id")
        .values_list("user__email", "user_id", "team_id")
    )
    by_team: dict[int, list[tuple[str, int]]] = {}
    for email, user_id, team_id in rows:
        by_team.setdefault(team_id, []).append((email, user_id))
    picked: list[tuple[str, int]] = []
    while len(picked) < count and any(by_team.values()):
        for people in by_team.values():
            if people and len(picked) < count:
                picked.append(people.pop(0))
    return picked


def _signed_in(port: int, people: list[tuple[str, int]]) -> list[tuple[Browser, int]]:
    browsers = []
    for email, user_id in people:
        browser = Browser(HOST, port)
        browser.sign_in(email, seed.PASSWORD, seed.TOTP_KEY)
        browsers.append((browser, user_id))
    return browsers


def _headers(browser: Browser | None, port: int) -> dict[str, str]:
    return browser.headers() if browser else Browser(HOST, port).headers()


def _caseload_clients(user_id: int, count: int = 5) -> list[int]:
    return list(
        Assignment.objects.filter(staff_id=user_id, role="primary", ended_on__isnull=True)
        .order_by("client_id")
        .values_list("client_id", flat=True)[:count]
    )


def _record_opens(browser: Browser, clients: list[int]) -> list[list[Prepared]]:
    """Each client's record as a browser opens it: the page, then each panel it leaves to
    htmx, carrying the page's pass (valid a quarter of an hour, longer than the record's
    run; an expired one would make each panel write a view event of its own)."""
    return [
        [
            Prepared("GET", path, {**browser.headers(), **extra})
            for path, extra in browser.page_and_loads(f"/clients/{c}/")
        ]
        for c in clients
    ]


def build_pages(port: int, case_managers, supervisors) -> dict[str, list[Prepared] | None]:
    """Each page's rotation of prepared requests; None for a page the app does not have.
    A page of several requests (REQUESTS_PER_VIEW) has them in a row, view after view."""
    get = "GET"
    pages: dict[str, list[Prepared] | None] = {
        "floor": [Prepared(get, "/bench/hello/", _headers(None, port))],
        "caseload": [Prepared(get, "/clients/caseload/", b.headers()) for b, _ in case_managers],
    }
    record, visit = [], []
    for browser, user_id in case_managers:
        clients = _caseload_clients(user_id)
        for view in _record_opens(browser, clients):
            if REQUESTS_PER_VIEW.setdefault("client_record", len(view)) != len(view):
                raise RuntimeError("record opens of different lengths")
            record += view
        token = browser.form_token(f"/clients/{clients[0]}/visits/new/")
        headers = {**browser.headers(), "Content-Type": "application/x-www-form-urlencoded"}
        visit += [
            Prepared("POST", f"/clients/{c}/visits/new/", headers, visit_form(token))
            for c in clients
        ]
    pages["client_record"] = record
    pages["directory_search"] = [
        Prepared(get, f"/directory/?q={q.replace(' ', '+')}", b.headers())
        for b, _ in case_managers[:4]
        for q in SEARCHES
    ]
    pages["visit_post"] = visit
    try:
        pages["supervisor_dashboard"] = [
            Prepared(get, reverse(SUPERVISOR_DASHBOARD, args=[team_id]), b.headers())
            for b, user_id in supervisors
            for team_id in Membership.objects.filter(
                user_id=user_id, role=Role.SUPERVISOR
            ).values_list("team_id", flat=True)[:1]
        ]
    except NoReverseMatch:
        pages["supervisor_dashboard"] = None
    return pages


def count_queries(port: int, requests: list[Prepared], per_view: int = 1) -> tuple[int, int]:
    """Min and max SQL statements over a few views of the rotation (a view: `per_view`
    requests in a row), each request checked to succeed (200, or a redirect after a POST): a
    bench of error pages would be worthless."""
    import http.client

    counts = []
    for n, r in enumerate(requests[: 6 * per_view]):
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.request(r.method, r.path, body=r.body or None, headers=r.headers)
        resp = conn.getresponse()
        resp.read()
        conn.close()
        expected = (302,) if r.method == "POST" else (200,)
        if resp.status not in expected:
            raise RuntimeError(f"{r.method} {r.path} answered {resp.status}")
        if n % per_view == 0:
            counts.append(0)
        counts[-1] += int(resp.getheader("X-Bench-Queries", "-1"))
    return min(counts), max(counts)


def _server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's workers: per request, the cost
    of a page on the server whatever else is waiting for the cores."""
    import psutil

    master = psutil.Process(pid)
    # Workers recycled by --max-requests: their CPU is the master's reaped-children time.
    reaped = master.cpu_times()
    total = reaped.children_user + reaped.children_system
    for child in master.children():
        times = child.cpu_times()
        total += times.user + times.system
    return total


# The pages served again by two gunicorns at once (docs/deploy.md's two web machines).
MACHINE_PAGES = ("floor", "caseload", "client_record", "visit_post")
SECOND_MACHINE_PORT_OFFSET = 50


def two_machines(env: dict, port: int, first_pid: int, pages: dict, seconds: int) -> dict:
    """Each page under 16 connections split over two gunicorns (8 each) serving the same
    database, Redis and sessions: the requests were signed in through the first, so every one
    the second answers shows that no state lives on a web machine. Both share this machine's
    cores, so the sum measures what the shared servers allow, not a second machine's CPU."""
    out: dict[str, dict] = {}
    second = port + SECOND_MACHINE_PORT_OFFSET
    with gunicorn(env, second) as second_pid:
        for name in MACHINE_PAGES:
            requests = pages.get(name)
            if not requests:
                continue
            per_view = REQUESTS_PER_VIEW.get(name, 1)
            count_queries(second, requests, per_view)  # the second serves them: 200s, 302s
            cpu_before = _server_cpu(first_pid) + _server_cpu(second_pid)
            with ThreadPoolExecutor(2) as pool:
                running = [
                    pool.submit(run_load, HOST, p, requests, seconds=seconds, connections=8)
                    for p in (port, second)
                ]
                loads = [r.result() for r in running]
            cpu = _server_cpu(first_pid) + _server_cpu(second_pid) - cpu_before
            total = sum(load.requests for load in loads)
            span = max(load.seconds for load in loads)
            out[name] = {
                "rps": total / span / per_view if span else 0.0,
                "per_machine_rps": [load.rps / per_view for load in loads],
                "p99_ms": max(load.p99_ms for load in loads),
                "errors": sum(load.errors for load in loads),
                "cpu_ms": cpu * 1000 / max(total / per_view, 1),
            }
            print(
                f"  two machines: {name:<14} {out[name]['rps']:8.1f}/s  "
                f"p99 {out[name]['p99_ms']:6.1f} ms  {out[name]['errors']} errors",
                file=sys.stderr,
                flush=True,
            )
    return out


def sweep_times() -> dict[str, dict]:
    """Each reminder kind swept alone: first (creates) and again (steady state)."""
    Reminder.objects.all().delete()
    out = {}
    for rule in reminders.rules():
        row = {}
        for label in ("first", "steady"):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = reminders.sweep(kinds=[rule.kind])
                row[f"{label}_s"] = round(time.perf_counter() - started, 3)
            row[f"{label}_queries"] = len(queries)
            row[f"{label}_created"] = result.created
        out[rule.kind] = row
    return out


def main() -> None:
    import signal

    # A stopped bench still stops its gunicorn (the `with` below runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--pages", default="", help="comma-separated; default all")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument("--machines", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()

    sizes = seed.Sizes.at(args.scale)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # tables that apps added since the seed
    if not seed.seeded(sizes):
        print(f"Seeding {sizes} ...", file=sys.stderr, flush=True)
        seed.seed(sizes)
    env = production_env(os.environ["DATABASE_URL"], os.environ["REDIS_URL"])
    (REPO / "var" / "bench").mkdir(parents=True, exist_ok=True)
    collectstatic(env)
    wanted = [p for p in args.pages.split(",") if p]
    results: dict = {"scale": args.scale, "sizes": asdict(sizes), "pages": {}}
    with gunicorn(env, args.port) as server_pid:
        case_managers = _signed_in(args.port, _people(Role.CASE_MANAGER, USERS))
        supervisors = _signed_in(args.port, _people(Role.SUPERVISOR, min(USERS, 4)))
        pages = build_pages(args.port, case_managers, supervisors)
        for name, requests in pages.items():
            if wanted and name not in wanted and name != "floor":
                continue
            if requests is None:
                results["pages"][name] = None
                print(f"  {name}: missing (no URL named {SUPERVISOR_DASHBOARD})", file=sys.stderr)
                continue
            per_view = REQUESTS_PER_VIEW.get(name, 1)
            try:
                low, high = count_queries(args.port, requests, per_view)
            except (RuntimeError, OSError) as failure:  # a page that errors or times out
                results["pages"][name] = {"error": str(failure)[:200]}
                print(f"  {name}: {failure}", file=sys.stderr, flush=True)
                continue
            run_load(HOST, args.port, requests, seconds=2)  # warm every worker
            cpu_before = _server_cpu(server_pid)
            load = run_load(HOST, args.port, requests, seconds=args.seconds)
            views = max(load.requests / per_view, 1)
            cpu_ms = (_server_cpu(server_pid) - cpu_before) * 1000 / views
            results["pages"][name] = {
                **asdict(load),
                # Per view (the page and its panel requests); the latencies stay per request.
                "rps": load.rps / per_view,
                "requests_per_view": per_view,
                "queries_min": low,
                "queries_max": high,
                "sequential_ms": sequential_ms(args.port, requests, per_view=per_view),
                "cpu_ms": cpu_ms,
            }
            unit = "views/s" if per_view > 1 else "req/s  "
            print(
                f"  {name:<22} {load.rps / per_view:8.1f} {unit}  p50 {load.p50_ms:6.1f} ms  p99 "
                f"{load.p99_ms:6.1f} ms  {high} queries  {load.errors} errors",
                file=sys.stderr,
                flush=True,
            )
        if args.machines == 2:
            results["two_machines"] = two_machines(env, args.port, server_pid, pages, args.seconds)
    # The caseload's signed-in requests, for the parent's interleaved size comparison
    # (bench.__main__): the sessions live in the database and outlast this gunicorn.
    results["caseload_requests"] = [asdict(r) for r in pages["caseload"]]
    if not args.no_sweep:
        results["sweep"] = sweep_times()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
