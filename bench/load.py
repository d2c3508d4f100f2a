"""Load generation: wrk with a Lua script that rotates through prepared requests (each with
its own session cookie, and for POSTs a body carrying the CSRF token), or, where wrk is not
installed, a threaded Python client doing the same (slower: it shares the two cores)."""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Prepared:
    """One request as the load generator sends it."""

    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string here (ASCII)


def _lua_script(requests: list[Prepared]) -> str:
    lines = ["local reqs = {}", "init = function(args)"]
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
        body = _lua_string(r.body) if r.body else "nil"
        lines.append(
            f"  reqs[#reqs + 1] = wrk.format({_lua_string(r.method)}, {_lua_string(r.path)}, "
            f"{{{headers}}}, {body})"
        )
    lines += [
        "  i = math.random(#reqs)",
        "end",
        "request = function()",
        "  i = i % #reqs + 1",
        "  return reqs[i]",
        "end",
        "done = function(summary, latency, requests)",
        "  local e = summary.errors",
        '  io.write(string.format(\'WRKJSON {"requests": %d, "us": %d, "errors": %d, '
        '"p50": %d, "p95": %d, "p99": %d}\\n\', summary.requests, summary.duration, '
        "e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), "
        "latency:percentile(95), latency:percentile(99)))",
        "end",
    ]
    return "\n".join(lines) + "\n"


def run_wrk(
    host: str, port: int, requests: list[Prepared], *, seconds: int, connections: int
) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua_script(requests))
    try:
        out = subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("wrk") or "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{host}:{port}{requests[0].path}",
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink()
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return LoadResult(
        requests=data["requests"],
        seconds=data["us"] / 1e6,
        errors=data["errors"],
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        tool="wrk",
    )


def run_python(
    host: str, port: int, requests: list[Prepared], *, seconds: int, connections: int
) -> LoadResult:
    """The fallback: one thread per connection, keep-alive, same rotation."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=10)
        i = offset
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            r = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request(r.method, r.path, body=r.body or None, headers=r.headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n * 7,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        errors=errors,
        p50_ms=q[49] * 1000,
        p95_ms=q[94] * 1000,
        p99_ms=q[98] * 1000,
        tool="python",
    )


def run_load(
    host: str, port: int, requests: list[Prepared], *, seconds: int, connections: int = 16
) -> LoadResult:
    runner = run_wrk if shutil.which("wrk") else run_python
    return runner(host, port, requests, seconds=seconds, connections=connections)


def sequential_ms(port: int, requests: list[Prepared], count: int = 40, per_view: int = 1) -> float:
    """Median time of one request at a time on one kept-alive connection: the page's own
    cost without queueing behind 15 others, so sizes compare despite a noisy machine. With
    `per_view` > 1 the rotation is made of views of that many requests (a page and the
    requests its browser makes after it), and the median is of a whole view's time."""
    times = _sequential(port, requests, count * per_view)
    views = [sum(times[i : i + per_view]) for i in range(0, len(times), per_view)]
    return statistics.median(views)


def _sequential(port: int, requests: list[Prepared], count: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for n in range(count):
        r = requests[n % len(requests)]
        started = time.perf_counter()
        conn.request(r.method, r.path, body=r.body or None, headers=r.headers)
        conn.getresponse().read()
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def interleaved_ms(
    a: tuple[int, list[Prepared]], b: tuple[int, list[Prepared]], rounds: int = 8
) -> tuple[float, float]:
    """Medians of the same page served from two servers, one request at a time, taking
    turns a rotation each: whatever else the machine does falls on both alike. Timing each
    server in a run of its own, minutes apart, moved the medians by 10-20 % between runs."""
    times: tuple[list[float], list[float]] = ([], [])
    for (port, requests), _ in zip((a, b), times, strict=True):
        _sequential(port, requests, len(requests))  # warm
    for _ in range(rounds):
        for (port, requests), out in zip((a, b), times, strict=True):
            out += _sequential(port, requests, 2 * len(requests))
    return statistics.median(times[0]), statistics.median(times[1])
