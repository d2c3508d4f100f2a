"""Client search at 1,000 and at 100,000 clients (issue #22): the time of each kind of query
(the fastest of nine, one at a time) and its SQL query count, for two scopes: a supervisor of
all 40 teams (the widest a search runs over) and a case manager of one team. Run against a
scratch database:

    DATABASE_URL=postgres://.../scratch .venv/bin/python -m bench.client_search [--explain]

It migrates, adds an agency of its own, measures at 1,000 clients, grows the agency to
100,000 and measures again. "page ms" is the selector and its first page of 25, "count ms"
the paginator's count of all matches (the page view runs both). `--explain` prints the
page query's EXPLAIN (ANALYZE, BUFFERS) at each size, for the supervisor. The numbers go in
docs/benchmarks.md by hand.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
os.environ.setdefault("DEBUG", "1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.sql import copy_rows  # noqa: E402
from casework.models import Agency, Membership, Program, Role, Team, User  # noqa: E402
from clients.models import Client  # noqa: E402
from clients.selectors.search import client_search_for  # noqa: E402

GIVEN = [
    "Dana",
    "Kenji",
    "Ivan",
    "Maya",
    "Fatima",
    "Samuel",
    "Pedro",
    "Amara",
    "Luc",
    "Noor",
    "Rosa",
    "Tomas",
    "Aiko",
    "Grace",
    "Omar",
    "Lena",
    "Marco",
    "Sara",
    "Yusuf",
    "Eva",
]
SYLLABLES = [
    "du",
    "bo",
    "sa",
    "to",
    "pe",
    "tro",
    "ko",
    "wal",
    "chow",
    "dhu",
    "ri",
    "whit",
    "ak",
    "er",
    "os",
    "ei",
    "ma",
    "ren",
    "li",
    "vo",
    "gar",
    "ci",
    "an",
    "son",
]
QUERIES = {
    "exact family name": "Dubois",
    "swapped letters": "Dubios",
    "given + slip": "Dana Dubios",
    "short, swapped": "Ivna",
    "record number": "S0000042",
}


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _grow(agency: Agency, teams: list[Team], upto: int, rng: random.Random) -> None:
    have = Client.objects.filter(agency=agency).count()
    rows = []
    for n in range(have, upto):
        team = teams[n % len(teams)]
        family = "Dubois" if n % 997 == 0 else ("Sato" if n % 991 == 0 else _family(rng))
        rows.append((agency.pk, team.pk, team.program_id, f"S{n:07d}", rng.choice(GIVEN),
                     family, date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000)),
                     "active", "low", date(2024, 1, 1)))  # fmt: skip
    copy_rows(
        Client,
        ["agency_id", "team_id", "program_id", "record_number", "given_name", "family_name",
         "date_of_birth", "status", "risk_level", "status_since"],
        rows,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_client")


def _explain(viewer: User, label: str) -> None:
    for kind, q in QUERIES.items():
        page = client_search_for(viewer=viewer, q=q)[:25]
        print(f"--- {label} clients, {kind} ({q!r})")
        print(page.explain(analyze=True, buffers=True))


def _measure(viewer: User, label: str, scope: str) -> list[tuple]:
    lines = []
    for kind, q in QUERIES.items():
        timings, counting, found, count, matches = [], [], 0, 0, 0
        for _ in range(9):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                page = list(client_search_for(viewer=viewer, q=q)[:25])
                timings.append((time.perf_counter() - started) * 1000)
            found, count = len(page), len(queries)
            started = time.perf_counter()
            matches = client_search_for(viewer=viewer, q=q).count()
            counting.append((time.perf_counter() - started) * 1000)
        # The fastest of nine: on a shared machine the others' load only ever adds time.
        lines.append((label, scope, kind, min(timings), min(counting), count, found, matches))
    return lines


def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(22)  # noqa: S311 - sample names, not secrets
    agency, _ = Agency.objects.get_or_create(slug="search-bench", defaults={"name": "Search"})
    program, _ = Program.objects.get_or_create(
        agency=agency,
        name="Search bench",
        defaults={"kind": Program.Kind.values[0], "contact_standard_days": 7},
    )
    teams = [
        Team.objects.get_or_create(agency=agency, name=f"Search team {i}",
                                   defaults={"program": program})[0]
        for i in range(40)
    ]  # fmt: skip
    viewer, _ = User.objects.get_or_create(
        email="search-bench@example.org", defaults={"full_name": "Search Bench"}
    )
    for team in teams:
        Membership.objects.get_or_create(user=viewer, team=team, defaults={"role": Role.SUPERVISOR})
    # One team of the 40: the one whose client holds the record number searched for.
    case_manager, _ = User.objects.get_or_create(
        email="search-bench-cm@example.org", defaults={"full_name": "Search Bench CM"}
    )
    Membership.objects.get_or_create(
        user=case_manager, team=teams[42 % len(teams)], defaults={"role": Role.CASE_MANAGER}
    )
    results = []
    for size in (1_000, 100_000):
        _grow(agency, teams, size, rng)
        if "--explain" in sys.argv:
            _explain(viewer, f"{size:,}")
        results += _measure(viewer, f"{size:,}", "40 teams")
        results += _measure(case_manager, f"{size:,}", "1 team")
    print("| Clients | Scope | Query | page ms | count ms | SQL queries | shown | matches |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, scope, kind, ms, count_ms, count, found, matches in results:
        print(
            f"| {label} | {scope} | {kind} | {ms:.1f} | {count_ms:.1f} | {count} | {found} "
            f"| {matches:,} |"
        )


if __name__ == "__main__":
    main()
