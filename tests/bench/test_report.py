"""The bench report's verdicts: every budget of issue #24 is judged from a run's numbers."""

from __future__ import annotations

import pytest

from bench import report


def _page(rps: float, alone_ms: float, **extra) -> dict:
    return {
        "rps": rps, "p50_ms": 5.0, "p95_ms": 9.0, "p99_ms": 80.0, "sequential_ms": alone_ms,
        "cpu_ms": 1.0, "queries_min": 3, "queries_max": 3, "errors": 0, **extra,
    }  # fmt: skip


def _run(*, dashboard_ms: float, directory_ms: float) -> dict:
    return {
        "sizes": {"clients": 100_000, "services": 10_000, "contacts_each": 50,
                  "referrals": 200_000, "staff": 500, "teams": 40},  # fmt: skip
        "pages": {
            "floor": _page(1000.0, 0.5),
            "caseload": _page(70.0, 8.0),
            "client_record": _page(90.0, 9.0),
            "visit_post": _page(110.0, 7.0),
            "directory_search": _page(50.0, directory_ms),
            "supervisor_dashboard": _page(20.0, dashboard_ms),
        },
        "size_check": {"big_ms": 8.0, "small_ms": 8.0},
    }


def _verdicts(run: dict) -> dict[str, tuple[str, bool]]:
    ref = {"sizes": {"clients": 1_000}, "pages": {"caseload": _page(70.0, 8.0)}}
    return {budget: (measured, met) for budget, measured, met in report.budgets(run, ref)}


@pytest.mark.parametrize(
    ("dashboard_ms", "directory_ms", "dashboard_met", "directory_met"),
    [(60.0, 20.0, True, True), (60.1, 19.0, False, True), (12.0, 20.5, True, False)],
)
def test_dashboard_and_directory_are_judged_alone(
    dashboard_ms, directory_ms, dashboard_met, directory_met
):
    verdicts = _verdicts(_run(dashboard_ms=dashboard_ms, directory_ms=directory_ms))
    assert verdicts["Supervisor dashboard <= 60 ms alone at 100,000 clients"] == (
        f"{dashboard_ms:.1f} ms", dashboard_met
    )
    assert verdicts["Directory search <= 20 ms alone at ~10,000 services"] == (
        f"{directory_ms:.1f} ms", directory_met
    )


def test_ratio_budgets_follow_the_floor():
    verdicts = _verdicts(_run(dashboard_ms=50, directory_ms=15))
    assert verdicts["Caseload page >= 6% of the floor"] == ("7.0%", True)
    assert verdicts["Client record >= 8% of the floor"] == ("9.0%", True)
    assert verdicts["Visit POST >= 10% of the floor"] == ("11.0%", True)


def test_two_machines_are_tabled_and_their_errors_fail_the_run():
    run = _run(dashboard_ms=50, directory_ms=15)
    run["two_machines"] = {
        "caseload": {"rps": 130.0, "per_machine_rps": [66.0, 64.0], "p99_ms": 90.0,
                     "errors": 0, "cpu_ms": 7.5},  # fmt: skip
    }
    table = "\n".join(report.two_machines_table(run))
    assert "| Caseload page | 70.0 | 130.0 | 66.0 + 64.0 | 90 | 7.5 | 0 |" in table
    assert report.all_pages_ok(run)
    run["two_machines"]["caseload"]["errors"] = 3
    assert not report.all_pages_ok(run)
