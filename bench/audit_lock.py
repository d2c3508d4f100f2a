"""Audited requests per second, and the sequencer that links them into the hash chain (issue
#24): is the chain the ceiling on how many people Casework can serve?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python -m bench.audit_lock

Against a scratch database it migrates, for 16 and 64 connections it runs two shapes of audited
request, each for a few seconds, while the sequencer links the new events once a second (ten
times as often as beat runs it), then links what is left and checks the chain:

- a read: one view event in autocommit, as a page view writes it;
- a write: a transaction that updates a row, then audits (services audit last), as a service
  does; the chain's lock is held to the commit.

It prints events per second for each, the sequencer's rate, and whether the chain verifies.
Before migration 0016 a trigger chained each event under one lock held to the commit; that
design measured 11 to 15 times slower for a view event than the same table without the trigger
(docs/benchmarks.md). The numbers go in docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
os.environ.setdefault("DEBUG", "1")
django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from casework.audit_chain import audit_chain_verify, audit_link_pending  # noqa: E402
from casework.models import Agency  # noqa: E402

SECONDS = float(os.environ.get("AUDIT_LOCK_SECONDS", "5"))
CONNECTIONS = (16, 64)

INSERT = """
INSERT INTO casework_auditevent
    (occurred_at, actor_id, agency_id, action, object_type, object_id, client_id,
     request_id, ip_address, detail, prev_hash, hash)
VALUES (now(), NULL, %s, 'clients.client.view', 'clients.client', '1', 1, 'bench', NULL,
        '{}', '', '')
"""
TOUCH = "UPDATE casework_agency SET name = name WHERE id = %s"


def _dsn() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"] or None, port=db["PORT"] or None,
    )  # fmt: skip


def _worker(dsn: str, shape: str, agency_id: int, stop: float, counts: list[int]) -> None:
    done = 0
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < stop:
            if shape == "read":
                conn.execute(INSERT, (agency_id,))
            else:
                with conn.transaction():
                    conn.execute(TOUCH, (agency_id,))
                    conn.execute(INSERT, (agency_id,))
            done += 1
    counts.append(done)


def _rate(dsn: str, shape: str, agency_id: int, clients: int) -> float:
    counts: list[int] = []
    stop = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=_worker, args=(dsn, shape, agency_id, stop, counts))
        for _ in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - started)


def _sequencer(stop: float, linked: list[tuple[int, float]]) -> None:
    from django.db import connections

    while time.monotonic() < stop:
        started = time.monotonic()
        linked.append((audit_link_pending(recent=True), time.monotonic() - started))
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    connections.close_all()


def main() -> None:
    call_command("migrate", verbosity=0)
    agency_id = Agency.objects.get_or_create(name="Audit lock bench")[0].pk
    audit_link_pending()
    dsn = _dsn()
    print(f"{SECONDS:g} s a run; audited requests per second; the sequencer once a second")
    print("connections | shape | requests/s | linked/s by the sequencer | longest run")
    for clients in CONNECTIONS:
        for shape in ("read", "write"):
            linked: list[tuple[int, float]] = []
            sequencer = threading.Thread(
                target=_sequencer, args=(time.monotonic() + SECONDS, linked)
            )
            sequencer.start()
            rate = _rate(dsn, shape, agency_id, clients)
            sequencer.join()
            events = sum(n for n, _ in linked)
            busy = sum(t for _, t in linked)
            longest = max((t for _, t in linked), default=0.0)
            print(
                f"{clients} | {shape} | {rate:,.0f} | {events / busy if busy else 0:,.0f} "
                f"| {longest * 1000:,.0f} ms"
            )
    left = audit_link_pending()
    report = audit_chain_verify()
    print(f"linked after the runs: {left}; {report.events:,} events, intact: {report.intact}")


if __name__ == "__main__":
    main()
