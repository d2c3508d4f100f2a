"""A guard against slow pages: the CPU a page takes, in this process, as a multiple of the
cheapest page Django serves through the same middleware (bench.urls' hello view), measured
side by side in one test. A ratio of CPU times is not decided by the machine's speed or by the
neighbours' load the way wall time is; query counts are guarded page by page elsewhere, this
catches the template or the Python that got slower. `make bench` measures the real thing
(throughput under load, docs/benchmarks.md); the ceilings here sit well above what the pages took
when they were set, so only a real regression trips them."""

from __future__ import annotations

import statistics
import time

import pytest
from django.urls import reverse

from casework.models import Membership, Role, Team, User
from clients.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]

ROUNDS = 15
# Each page's ceiling, as a multiple of the hello view's CPU time. Measured when set (demo
# data, test client, two runs on a loaded machine): caseload 9.9 and 11.6, record 11.5 and
# 8.7, supervisor dashboard 47.6 and 56.6, directory search 25.1 and 20.5. A page that gets
# twice as slow trips its ceiling; run-to-run noise (about a fifth) does not.
CEILINGS = {
    "caseload": 20,
    "client_record": 20,
    "supervisor_dashboard": 90,
    "directory_search": 45,
}


def _cpu_per_request(client, url: str) -> float:
    for _ in range(3):  # warm: templates compiled, caches filled, connection open
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(ROUNDS):
        start = time.process_time()
        client.get(url)
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def _pages(demo) -> dict[str, tuple[User, str]]:
    cm = User.objects.get(email="cm1.fsp@bayview.test")
    supervisor = User.objects.get(email="supervisor.fsp@bayview.test")
    team = Team.objects.get(memberships__user=supervisor, memberships__role=Role.SUPERVISOR)
    client_id = (
        Assignment.objects.filter(staff=cm, role="primary", ended_on__isnull=True)
        .values_list("client_id", flat=True)
        .first()
    )
    assert Membership.objects.filter(user=cm).exists() and client_id
    return {
        "caseload": (cm, reverse("clients:caseload")),
        "client_record": (cm, reverse("clients:detail", args=[client_id])),
        "supervisor_dashboard": (supervisor, reverse("supervision:dashboard", args=[team.pk])),
        "directory_search": (cm, reverse("directory:search") + "?q=food"),
    }


def test_each_page_stays_under_its_cpu_ceiling_relative_to_the_hello_view(client, demo):
    ratios = {}
    for name, (user, url) in _pages(demo).items():
        client.force_login(user)
        floor = _cpu_per_request(client, reverse("bench_hello"))
        ratios[name] = _cpu_per_request(client, url) / floor
    over = {name: round(r, 1) for name, r in ratios.items() if r > CEILINGS[name]}
    assert over == {}, f"over the ceiling (multiples of the hello view): {over}; all: {ratios}"
