"""Benchmark (not a unit test): directory search over 10,000 services, reporting each
query's time and SQL count (a search page is a count and one page query however large the
directory).

Run against a scratch database of its own (it migrates it and fills it once):

    createdb casework_bench_dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casework_bench_dir \\
        .venv/bin/python -m tests.bench.bench_directory [--services 10000]

Data: the demo directory's ~60 services copied under 160 organisations ("Harbor Housing
Collaborative 17"), with their categories, languages, areas and hours, so matches are as
selective as in a real directory (a few percent of rows per word).

Measured 2026-11-30 (development machine shared with other test runs, 9,954 services):
each search 0.2-0.7 s in 7-8 queries (transaction pair, threshold, service ids, organisation
ids, count, page). The matching-id queries dominated: PostgreSQL's planner preferred a scan
of every agency row over the GIN indexes, computing word similarity on every row.

Measured 2026-12-01, same database (9,954 services, filled from the ~60-service demo of the
time; the demo now has ~200 services, so a fresh fill is 50 copies under 3,650 organisations):
before, 96-210 ms per search ("housng" 131, "food pantry" 190, "therapy spanish" 144, "legal
aid eviction" 210, "psychiatrist" 96), the two id queries 30-128 ms each on a Seq Scan. After
pricing the operators realistically for those two queries (transaction-local
cpu_operator_cost 0.25, set in the same statement as the trigram threshold, so the query
count is unchanged) both take a BitmapOr over the full-text and trigram GIN indexes, 7-19 ms
each; each search 33-88 ms ("housng" 69, "food pantry" 49, "therapy spanish" 60, "legal aid
eviction" 88, "psychiatrist" 33), still 7-8 queries, same matches and first results. What
remains is the count and the page query (10-50 ms), which rank every matching row.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from casework.models import Agency, Membership, Program, Role, Team, User  # noqa: E402
from directory.selectors.directory import DirectoryQuery, directory_search  # noqa: E402
from referrals.models import Service  # noqa: E402

QUERIES = ("housng", "food pantry", "therapy spanish", "legal aid eviction", "psychiatrist")


def _fill(agency: Agency, services: int) -> None:
    from bench.seed import directory_fill

    directory_fill(agency, services)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    agency, _ = Agency.objects.get_or_create(slug="bench-dir", defaults={"name": "Bench"})
    if not Service.objects.filter(agency=agency).exists():
        started = time.perf_counter()
        _fill(agency, args.services)
        print(f"filled in {time.perf_counter() - started:.1f} s")
    program, _ = Program.objects.get_or_create(
        agency=agency, name="P", defaults={"kind": "fsp", "contact_standard_days": 7}
    )
    team, _ = Team.objects.get_or_create(agency=agency, name="T", defaults={"program": program})
    user, _ = User.objects.get_or_create(email="bench@dir.test", defaults={"full_name": "B"})
    Membership.objects.get_or_create(user=user, team=team, defaults={"role": Role.CASE_MANAGER})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{Service.objects.filter(agency=agency).count()} services")
    for text in QUERIES:
        query = DirectoryQuery(text=text)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            results = directory_search(viewer=user, query=query)
            page = Paginator(results, 20).get_page(1)
            rows = list(page)
            elapsed = time.perf_counter() - started
        print(
            f"{text!r}: {page.paginator.count} matches, first {rows[0].name if rows else '-'!r},"
            f" {elapsed * 1000:.0f} ms in {len(queries)} queries"
        )


if __name__ == "__main__":
    main()
