"""The results as the Markdown block of docs/benchmarks.md (between its bench markers, so the
hand-written analysis around it survives a rerun) and an SVG bar chart of the ratios."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime
from html import escape

from bench.server import REPO

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
LABELS = {
    "floor": "Hello-world floor",
    "caseload": "Caseload page",
    "client_record": "Client record",
    "directory_search": "Directory search",
    "visit_post": "Visit POST",
    "supervisor_dashboard": "Supervisor dashboard",
}
# (page, lowest ratio of the floor's requests/s)
RATIO_BUDGETS = {"caseload": 0.06, "client_record": 0.08, "visit_post": 0.10}
CASELOAD_P99_MS = 100.0
# (page, most milliseconds alone: one request at a time, the median)
ALONE_BUDGETS_MS = {"supervisor_dashboard": 60.0, "directory_search": 20.0}
SCALE_TOLERANCE = 0.10
SWEEP_BUDGET_S = 2.0
HALO = 'stroke="#fff" stroke-width="3" paint-order="stroke"'


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):  # noqa: SIM115
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(x.split()[1]) for x in open("/proc/meminfo") if x.startswith("MemTotal"))  # noqa: SIM115
        ram = f"{mem_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    return f"{os.cpu_count()} cores ({cpu}), {ram}, {platform.system()} {platform.release()}"


def _tool() -> str:
    if not shutil.which("wrk"):
        return "Python threads (wrk not installed)"
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout  # noqa: S607
    return (out.splitlines() or ["wrk"])[0].split(" [")[0]


def _commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git on PATH
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "unknown"


def ratios(run: dict) -> dict[str, float | None]:
    floor = run["pages"]["floor"]["rps"]
    return {
        name: (page["rps"] / floor if page and "rps" in page else None)
        for name, page in run["pages"].items()
        if name != "floor"
    }


def budgets(run: dict, ref: dict) -> list[tuple[str, str, bool]]:
    """(budget, measured, met?) for each budget of issue #11."""
    out = []
    r = ratios(run)
    for page, lowest in RATIO_BUDGETS.items():
        value = r.get(page)
        out.append(
            (
                f"{LABELS[page]} >= {lowest:.0%} of the floor",
                "missing" if value is None else f"{value:.1%}",
                value is not None and value >= lowest,
            )
        )
    p99 = run["pages"]["caseload"]["p99_ms"]
    out.append((f"Caseload p99 <= {CASELOAD_P99_MS:.0f} ms at 16 connections", f"{p99:.0f} ms",
                p99 <= CASELOAD_P99_MS))  # fmt: skip
    sizes = run["sizes"]
    at = {
        "supervisor_dashboard": f"{sizes['clients']:,} clients",
        "directory_search": f"~{sizes['services']:,} services",
    }
    for page, most in ALONE_BUDGETS_MS.items():
        measured = run["pages"].get(page) or {}
        alone = measured.get("sequential_ms")
        out.append(
            (
                f"{LABELS[page]} <= {most:.0f} ms alone at {at[page]}",
                "missing" if alone is None else f"{alone:.1f} ms",
                alone is not None and alone <= most,
            )
        )
    check = run.get("size_check") or {
        "big_ms": run["pages"]["caseload"]["sequential_ms"],
        "small_ms": ref["pages"]["caseload"]["sequential_ms"],
    }
    big, small = check["big_ms"], check["small_ms"]
    out.append(
        (
            f"Caseload time (one request at a time, the two servers taking turns, median) at "
            f"{run['sizes']['clients']:,} "
            f"clients within {SCALE_TOLERANCE:.0%} of {ref['sizes']['clients']:,}",
            f"{big:.1f} ms vs {small:.1f} ms ({big / small - 1:+.0%})",
            big <= small * (1 + SCALE_TOLERANCE),
        )
    )
    if "sweep" in run:
        worst_kind, worst = max(
            ((k, max(v["first_s"], v["steady_s"])) for k, v in run["sweep"].items()),
            key=lambda kv: kv[1],
        )
        out.append(
            (
                f"Reminder sweep < {SWEEP_BUDGET_S:.0f} s per kind",
                f"slowest {worst_kind} {worst:.2f} s",
                worst < SWEEP_BUDGET_S,
            )
        )
    return out


def _requests(n: int) -> str:
    return f"{n} panel request" + ("" if n == 1 else "s")


def all_pages_ok(run: dict) -> bool:
    pages = [*run["pages"].values(), *run.get("two_machines", {}).values()]
    return all(p is None or p.get("errors", 1) == 0 for p in pages)


def table(run: dict, ref: dict, *, command: str, seconds: int) -> str:
    r = ratios(run)
    sizes = run["sizes"]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {_commit()} with "
        f"`{command}`: {_machine()}; load by {_tool()}, 16 connections, {seconds} s per page "
        f"after a 2-second warm-up; gunicorn sync workers, {2 * (os.cpu_count() or 1) + 1}, "
        "production settings (DEBUG off).",
        "",
        f"Data: {sizes['clients']:,} clients, ~{sizes['clients'] * sizes['contacts_each']:,} "
        f"contacts, {sizes['referrals']:,} referrals, ~{sizes['services']:,} directory "
        f"services, {sizes['staff']} staff in {sizes['teams']} teams (caseloads 10-40).",
        "",
        "| Page | req/s | ratio of floor | p50 ms | p95 ms | p99 ms | alone ms | server CPU "
        "ms | CPU ratio | SQL queries | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    floor_cpu = run["pages"]["floor"]["cpu_ms"]
    for name, page in run["pages"].items():
        if page is None or "error" in page:
            what = "missing: no URL yet" if page is None else f"failed: {page['error']}"
            lines.append(f"| {LABELS[name]} | {what} | | | | | | | | | |")
            continue
        ratio = "1" if name == "floor" else f"{r[name]:.1%}"
        q = page["queries_max"]
        queries = str(q) if q == page["queries_min"] else f"{page['queries_min']}-{q}"
        label = LABELS[name]
        if page.get("requests_per_view", 1) > 1:
            label += f" (page + {_requests(page['requests_per_view'] - 1)})"
        lines.append(
            f"| {label} | {page['rps']:.1f} | {ratio} | {page['p50_ms']:.0f} | "
            f"{page['p95_ms']:.0f} | {page['p99_ms']:.0f} | {page['sequential_ms']:.1f} | "
            f"{page['cpu_ms']:.1f} | {floor_cpu / page['cpu_ms']:.0%} | {queries} | "
            f"{page['errors']} |"
        )
    small = ref["pages"]["caseload"]
    lines += [
        f"| Caseload page, {ref['sizes']['clients']:,} clients | {small['rps']:.1f} | | "
        f"{small['p50_ms']:.0f} | {small['p95_ms']:.0f} | {small['p99_ms']:.0f} | "
        f"{small['sequential_ms']:.1f} | {small['cpu_ms']:.1f} | | {small['queries_max']} | "
        f"{small['errors']} |",
        "",
    ]
    if any(p and p.get("requests_per_view", 1) > 1 for p in run["pages"].values()):
        lines += [
            "A page with requests after it (the client record: the panels htmx loads once the "
            "page is in) is measured as a whole view: its req/s are views a second, and its "
            "alone ms, server CPU and SQL queries add up the page and those requests; its "
            "p50-p99 are per request.",
            "",
        ]
    lines += [
        "| Budget | Measured | Met |",
        "| --- | --- | --- |",
    ]
    for budget, measured, met in budgets(run, ref):
        lines.append(f"| {budget} | {measured} | {'yes' if met else '**no**'} |")
    if run.get("two_machines"):
        lines += ["", *two_machines_table(run)]
    if "sweep" in run:
        lines += [
            "",
            "Reminder sweep, each kind alone over the main agency (first sweep creates, the "
            "second is the steady state of the hourly beat):",
            "",
            "| Kind | first s | queries | created | steady s | queries |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for kind, v in run["sweep"].items():
            lines.append(
                f"| {kind} | {v['first_s']:.2f} | {v['first_queries']} | "
                f"{v['first_created']:,} | {v['steady_s']:.2f} | {v['steady_queries']} |"
            )
    return "\n".join(lines)


def two_machines_table(run: dict) -> list[str]:
    """One gunicorn against two serving the same database, Redis and sessions (docs/deploy.md)."""
    lines = [
        "One web machine and two, simulated on this one: the same pages under 16 connections, "
        "all on one gunicorn and then 8 on each of two (each with its own workers, the sessions "
        "signed in through the first). The two share this machine's cores, so the sum shows "
        "what the shared PostgreSQL, Redis and audit chain allow, not a second machine's CPU.",
        "",
        "| Page | one machine /s | two machines /s | each machine /s | two: p99 ms | two: server "
        "CPU ms | two: errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, two in run["two_machines"].items():
        one = run["pages"].get(name) or {}
        each = " + ".join(f"{x:.1f}" for x in two["per_machine_rps"])
        lines.append(
            f"| {LABELS[name]} | {one.get('rps', 0):.1f} | {two['rps']:.1f} | {each} | "
            f"{two['p99_ms']:.0f} | {two['cpu_ms']:.1f} | {two['errors']} |"
        )
    return lines


def markdown(run: dict, ref: dict, *, command: str, seconds: int) -> str:
    """docs/benchmarks.md with its generated block replaced (or a new file around it)."""
    block = f"{START}\n{table(run, ref, command=command, seconds=seconds)}\n{END}"
    path = REPO / "docs" / "benchmarks.md"
    current = path.read_text() if path.exists() else ""
    if START in current and END in current:
        head, _, rest = current.partition(START)
        _, _, tail = rest.partition(END)
        return head + block + tail
    return f"# Benchmarks\n\n![Throughput as a share of the floor](benchmarks.svg)\n\n{block}\n"


def svg(run: dict) -> str:
    """Horizontal bars: each page's requests/s as a percentage of the floor, budgets marked."""
    rows = [(n, v) for n, v in ratios(run).items()]
    floor_cpu = run["pages"]["floor"].get("cpu_ms")
    cpu_ratios = {
        n: floor_cpu / p["cpu_ms"]
        for n, p in run["pages"].items()
        if p and n != "floor" and floor_cpu and p.get("cpu_ms")
    }
    width, left, bar_h, gap, top = 720, 170, 26, 12, 40
    scale_max = max([0.25, *(v for _, v in rows if v), *cpu_ratios.values()])
    plot_w = width - left - 70
    height = top + len(rows) * (bar_h + gap) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="{left}" y="22" font-weight="bold">Throughput as a share of the hello-world '
        "floor</text>",
    ]
    for i, (name, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{escape(LABELS[name])}</text>'
        )
        if value is None:
            page = run["pages"].get(name)
            what = "missing" if page is None else f"failed: {page.get('error', '')}"
            parts.append(f'<text x="{left + 4}" y="{y + 16}" fill="#666">{escape(what)}</text>')
            continue
        w = plot_w * min(value, scale_max) / scale_max
        budget = RATIO_BUDGETS.get(name)
        colour = "#607d8b" if budget is None else "#2e7d32" if value >= budget else "#c62828"
        if budget is not None:  # drawn first, so the labels (with a white halo) stay legible
            bx = left + plot_w * budget / scale_max
            parts.append(
                f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{y - 3}" y2="{y + bar_h + 3}" '
                'stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>'
            )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h * 0.6:.0f}" '
            f'fill="{colour}"/><text x="{left + w + 6:.1f}" y="{y + 11}" {HALO}>{value:.1%}</text>'
        )
        cpu = cpu_ratios.get(name)
        if cpu is not None:
            cw = plot_w * min(cpu, scale_max) / scale_max
            parts.append(
                f'<rect x="{left}" y="{y + bar_h * 0.6 + 1:.0f}" width="{cw:.1f}" '
                f'height="{bar_h * 0.4:.0f}" fill="#90a4ae"/><text x="{left + cw + 6:.1f}" '
                f'y="{y + bar_h + 1}" font-size="11" fill="#455a64" {HALO}>CPU {cpu:.0%}</text>'
            )
    parts.append(
        f'<text x="20" y="{height - 24}" fill="#555">Thick bar: requests/s as a share of the '
        "floor's; dashed line: its budget (green met, red missed, grey none).</text>"
        f'<text x="20" y="{height - 6}" fill="#555">Thin bar: the floor\'s server CPU per '
        "request as a share of the page's.</text></svg>"
    )
    return "\n".join(parts) + "\n"
