"""Benchmark server and load: one gunicorn process, bounded requests over loopback."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.common import DATA_DIR, HOST, ROOT, SETTINGS, say
from bench.data import DataSet

# --- 2. server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes, float]:
    """One GET on a new connection (sync workers close it anyway): status, body, seconds."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


class Server:
    """gunicorn serving ``cms.wsgi`` with the benchmark settings, stopped on exit."""

    def __init__(self, workers: int):
        self.workers = workers
        self.port = free_port()
        self.log = DATA_DIR / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{self.port}",
            "--chdir",
            str(ROOT),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
        ]

    def __enter__(self) -> Server:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
        self.log.write_text("", encoding="utf-8")
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log}")
            try:
                status, _, _ = get(self.port, "/api/v1/locales/", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __exit__(self, *exc_info) -> None:
        self.stop()


# --- 3. load --------------------------------------------------------------------------------


@dataclass
class Endpoint:
    key: str
    label: str
    paths: list[str]
    api: str
    kind: str


@dataclass
class Measurement:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    queries: int | None = None
    in_process_ms: float | None = None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def latency_ms(self, quantile: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[quantile - 1] * 1000


def endpoints(data: DataSet) -> list[Endpoint]:
    v2_list = "/api/v2/pages/?type=positions.PositionPage&fields=*&limit=20"
    return [
        Endpoint("v1-list", "`GET /api/v1/positions/?limit=20`", ["/api/v1/positions/?limit=20"],
                 "v1", "list"),
        Endpoint("v2-list", f"`GET {v2_list}`", [v2_list], "v2", "list"),
        Endpoint("v1-detail", "`GET /api/v1/positions/<slug>/`",
                 [f"/api/v1/positions/{slug}/" for slug in data.slugs], "v1", "detail"),
        Endpoint("v2-detail", "`GET /api/v2/pages/<id>/`",
                 [f"/api/v2/pages/{pk}/" for pk in data.ids], "v2", "detail"),
    ]  # fmt: skip


def check_responses(port: int, endpoint: Endpoint) -> None:
    """Every path answers 200 with JSON; a list has 20 results (so both APIs do the same)."""
    for path in endpoint.paths[:3]:
        status, body, _ = get(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:500]!r}")
        data = json.loads(body)
        if endpoint.kind == "list":
            items = data.get("results", data.get("items"))
            if len(items) != 20:
                raise SystemExit(f"{path} returned {len(items)} items, not 20")


def hammer(port: int, paths: list[str], requests: int, concurrency: int) -> Measurement:
    """Send ``requests`` GETs cycling through ``paths`` from ``concurrency`` threads."""
    measurement = Measurement(requests=requests)
    errors: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        path = paths[i % len(paths)]
        status, body, seconds = get(port, path)
        with lock:
            measurement.latencies.append(seconds)
            measurement.sizes.append(len(body))
            if status != 200:
                errors.append(f"{path}: {status}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(requests)))
    measurement.seconds = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return measurement


def run_load(
    port: int, eps: list[Endpoint], requests: int, concurrency: int, warmup: int, rounds: int
) -> dict[str, Measurement]:
    for endpoint in eps:
        check_responses(port, endpoint)
    say(f"Warming up ({warmup} requests per endpoint) …")
    for endpoint in eps:
        hammer(port, endpoint.paths, warmup, concurrency)
    results = {endpoint.key: Measurement() for endpoint in eps}
    # The endpoints take turns, so that a slow phase of the machine does not hit only one.
    per_round = [requests // rounds + (1 if r < requests % rounds else 0) for r in range(rounds)]
    for round_no, count in enumerate(per_round, start=1):
        for endpoint in eps:
            part = hammer(port, endpoint.paths, count, concurrency)
            total = results[endpoint.key]
            total.requests += part.requests
            total.seconds += part.seconds
            total.latencies += part.latencies
            total.sizes += part.sizes
            say(
                f"  round {round_no}/{rounds} {endpoint.key:9} {part.requests:4} requests "
                f"{part.rps:7.1f} req/s"
            )
    return results
