"""A guard against slow pages: the CPU a page takes, in this process, as a multiple of the
cheapest page Django serves through the same middleware (bench.urls' hello view), measured
side by side in one test. A ratio of CPU times is not decided by the machine's speed or by the
neighbours' load the way wall time is; query counts are guarded page by page elsewhere, this
catches the template or the Python that got slower. `make bench` measures the real thing
(throughput under load, docs/benchmarks.md); the ceilings here sit well above what the pages took
when they were set, so only a gross regression trips them."""

from __future__ import annotations

import gc
import html
import json
import re
import time

import pytest
from django.urls import reverse

from casework.models import Membership, Role, Team, User
from clients.models import Assignment

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]

ROUNDS = 15
# Each page's ceiling, as a multiple of the hello view's CPU time. The figures move from run
# to run more than the pages do: the hello view is so cheap that its own time varies up to
# 1.8x between runs on a quiet machine (the least of 60 rounds, the collector off). Seen on a
# quiet 2-core machine, 2026-12-07, in five runs: caseload 9-20, record 17-21, supervisor
# dashboard 53-104, directory search 23-37. The ceilings stand at two and a half times the
# highest: a page that gets several times slower trips them, the noise seen so far does not.
# The record is measured as an open since issue 24 (the page, which now renders ten of its
# panels, and the panel request htmx makes after it): 47-76 in three runs on the shared
# machine at a load of 8-9 (the page alone had been 17-21, its eleven panel requests apart).
# The caseload since its rows are Jinja2 and the reminder badge is cached (issue 24): 8.0-10.3
# in three rounds at a load of 8-9, where main's took 18.6-20.0 in the same conditions.
CEILINGS = {
    "caseload": 26,
    "client_record": 190,
    "supervisor_dashboard": 260,
    "directory_search": 95,
}


_LOADS = re.compile(r'hx-get="([^"]+)" hx-trigger="load"')
_HX_HEADERS = re.compile(r"hx-headers='([^']+)'")


def _open(client, url: str) -> None:
    """The page as a browser opens it: the page, then what htmx loads once it is in (the
    record's panels left to load later, with the page's pass), so that the record's figure
    counts its panels wherever they are rendered (issue 24)."""
    response = client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    extra = {"HX-Request": "true"}
    for found in _HX_HEADERS.findall(body):
        extra.update(json.loads(html.unescape(found)))
    for load in _LOADS.findall(body):
        assert client.get(html.unescape(load), headers=extra).status_code == 200, load


def _cpu_per_request(client, url: str, rounds: int = ROUNDS) -> float:
    """The least CPU time one open of the page took: the cost of the work itself, without
    what other things (the garbage collector, the scheduler's interruptions) added to some
    rounds."""
    for _ in range(3):  # warm: templates compiled, caches filled, connection open
        _open(client, url)
    samples = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            start = time.process_time()
            _open(client, url)
            samples.append(time.process_time() - start)
    finally:
        gc.enable()
    return min(samples)


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
        floor = _cpu_per_request(client, reverse("bench_hello"), rounds=4 * ROUNDS)
        ratios[name] = _cpu_per_request(client, url) / floor
    over = {name: round(r, 1) for name, r in ratios.items() if r > CEILINGS[name]}
    assert over == {}, f"over the ceiling (multiples of the hello view): {over}; all: {ratios}"
