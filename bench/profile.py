"""Profile one page in-process with pyinstrument (pip install pyinstrument), signed in as a
bench case manager, production settings, against a bench database:

    DJANGO_SETTINGS_MODULE=bench.settings DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=testserver \\
    DATABASE_URL=... python -m bench.profile caseload|record|directory|visit|dashboard [--n 50]

Prints the SQL statements and time in SQL, the median CPU time per request, the wall time
per request under the profiler, then pyinstrument's tree.
"""

from __future__ import annotations

import argparse
import statistics
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from bench import seed  # noqa: E402
from casework.models import Membership, Role  # noqa: E402
from clients.models import Assignment  # noqa: E402


def _client(role: str) -> tuple[Client, int]:
    member = (
        Membership.objects.filter(role=role, team__agency__slug=seed.AGENCY_SLUG)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(member.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=member.user).persistent_id
    session.save()
    return client, member.user_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=["caseload", "record", "directory", "visit", "dashboard"])
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args()
    if args.page == "dashboard":  # a supervisor's own team
        client, user_id = _client(Role.SUPERVISOR)
        team_id = (
            Membership.objects.filter(user_id=user_id, role=Role.SUPERVISOR)
            .values_list("team_id", flat=True)
            .first()
        )
        path = reverse("supervision:dashboard", args=[team_id])
    else:
        client, user_id = _client(Role.CASE_MANAGER)
        some_client = (
            Assignment.objects.filter(staff_id=user_id, role="primary", ended_on__isnull=True)
            .values_list("client_id", flat=True)
            .first()
        )
        path = {
            "caseload": "/clients/caseload/",
            "record": f"/clients/{some_client}/",
            "directory": "/directory/?q=food+pantry",
            "visit": f"/clients/{some_client}/visits/new/",
        }[args.page]

    def once():
        if args.page == "visit":
            from bench.client import visit_form

            token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
            return client.post(
                path, visit_form(token), content_type="application/x-www-form-urlencoded"
            )
        return client.get(path)

    client.get(path)  # warm caches and connections
    with CaptureQueriesContext(connection) as queries:
        response = once()
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"{path}: {response.status_code}, {len(queries)} queries, {sql_ms:.1f} ms in SQL")
    for q in queries.captured_queries:
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:150]}")
    # CPU time of this process per request (Python's share; PostgreSQL's is its own), the
    # median of n requests without the profiler: steadier than wall time on a busy machine.
    cpu = []
    for _ in range(args.n):
        started = time.process_time()
        once()
        cpu.append((time.process_time() - started) * 1000)
    print(f"{statistics.median(cpu):.2f} ms of CPU per request (median of {args.n})")
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.n):
            once()
    print(f"{(time.perf_counter() - started) / args.n * 1000:.1f} ms per request")
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
