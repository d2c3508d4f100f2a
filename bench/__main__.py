"""`make bench`: build (once) a large agency and a 1,000-client one, load both under gunicorn
with production settings, and write docs/benchmarks.md and docs/benchmarks.svg.

Environment (all optional):
  BENCH_SCALE=1          size of the main agency (1 = 100,000 clients, 5,000,000 contacts)
  BENCH_REF_SCALE=0.01   the small agency the caseload page is compared with (1,000 clients)
  BENCH_SECONDS=15       length of each page's load (after a 2-second warm-up)
  BENCH_PORT=8100        gunicorn's port (the small agency's run uses the next one, the
                         second web machine port + 50)
  BENCH_MACHINES=2       1 skips serving the pages again from two gunicorns at once
  BENCH_DATABASE_URL, BENCH_REF_DATABASE_URL
                         the two databases; by default named after DATABASE_URL's with a
                         _bench_<clients> suffix, on the same server (created when missing).
                         Without DATABASE_URL the devstack's embedded servers are used.
  BENCH_WRITE_DOCS=1     0 prints the table without touching docs/
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

from bench.load import Prepared, interleaved_ms
from bench.server import REPO, gunicorn, production_env


def _database_url(base: str, clients: int) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "casework"
    return urlunsplit(parts._replace(path=f"/{name}_bench_{clients}"))


def _ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            c.execute(f'CREATE DATABASE "{name}"')


def _run_one(database_url: str, redis_url: str, *args: str) -> dict:
    env = production_env(database_url, redis_url)
    proc = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.run", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _size_check(main: tuple[str, dict], ref: tuple[str, dict], redis_url: str, port: int) -> dict:
    """The caseload at both sizes, one request at a time, the two servers taking turns."""
    with contextlib.ExitStack() as stack:
        sides = []
        for offset, (url, run) in enumerate((main, ref)):
            stack.enter_context(gunicorn(production_env(url, redis_url), port + offset, 2))
            sides.append((port + offset, [Prepared(**r) for r in run["caseload_requests"]]))
        big, small = interleaved_ms(sides[0], sides[1])
    return {"big_ms": big, "small_ms": small}


def main() -> int:
    from bench import report
    from bench.sizes import Sizes

    scale = float(os.environ.get("BENCH_SCALE", "1"))
    ref_scale = float(os.environ.get("BENCH_REF_SCALE", "0.01"))
    seconds = os.environ.get("BENCH_SECONDS", "15")
    port = int(os.environ.get("BENCH_PORT", "8100"))
    with contextlib.ExitStack() as stack:
        urls = {k: os.environ.get(k, "") for k in ("DATABASE_URL", "REDIS_URL")}
        if not urls["DATABASE_URL"] or not urls["REDIS_URL"]:
            from casework import devstack

            urls = stack.enter_context(devstack.services(devstack.var_dir()))
        main_url = os.environ.get("BENCH_DATABASE_URL") or _database_url(
            urls["DATABASE_URL"], Sizes.at(scale).clients
        )
        ref_url = os.environ.get("BENCH_REF_DATABASE_URL") or _database_url(
            urls["DATABASE_URL"], Sizes.at(ref_scale).clients
        )
        for url in (main_url, ref_url):
            _ensure_database(url)
        print(f"Small agency (scale {ref_scale}): caseload only", flush=True)
        ref = _run_one(
            ref_url, urls["REDIS_URL"], "--scale", str(ref_scale), "--port", str(port + 1),
            "--seconds", seconds, "--pages", "caseload", "--no-sweep",
        )  # fmt: skip
        print(f"Main agency (scale {scale}): every page, then the reminder sweep", flush=True)
        main_run = _run_one(
            main_url, urls["REDIS_URL"], "--scale", str(scale), "--port", str(port),
            "--seconds", seconds, "--machines", os.environ.get("BENCH_MACHINES", "2"),
        )  # fmt: skip
        print("Both agencies' caseload, taking turns one request at a time", flush=True)
        main_run["size_check"] = _size_check(
            (main_url, main_run), (ref_url, ref), urls["REDIS_URL"], port
        )
    text = report.markdown(main_run, ref, command="make bench", seconds=int(seconds))
    print(text)
    if os.environ.get("BENCH_WRITE_DOCS", "1") != "0":
        (REPO / "docs" / "benchmarks.md").write_text(text)
        (REPO / "docs" / "benchmarks.svg").write_text(report.svg(main_run))
        print("Wrote docs/benchmarks.md and docs/benchmarks.svg")
    return 0 if report.all_pages_ok(main_run) else 1


if __name__ == "__main__":
    sys.exit(main())
