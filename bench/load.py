"""Benchmark servers and load: gunicorn processes, bounded requests over loopback."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import shutil
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
    """gunicorn serving ``cms.wsgi`` with the benchmark settings, stopped on exit.

    ``env`` adds environment variables (e.g. ``FRONTEND_API_CACHE_SECONDS=0`` for a server
    whose API v1 builds every response)."""

    def __init__(self, name: str, workers: int, env: dict[str, str] | None = None):
        self.name = name
        self.workers = workers
        self.env = env or {}
        self.port = free_port()
        self.log = DATA_DIR / f"gunicorn-{name}.log"
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

    def shell_command(self) -> str:
        """The command as the report shows it: environment, gunicorn, paths from the root."""
        words = [f"{name}={value}" for name, value in self.env.items()]
        words += ["gunicorn", *self.command()[3:]]
        return shlex.join(words).replace(str(ROOT), ".")

    def __enter__(self) -> Server:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS, **self.env}
        self.log.write_text("", encoding="utf-8")
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn ({self.name}) exited early; see {self.log}")
            try:
                status, _, _ = get(self.port, "/api/v1/locales/", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn ({self.name}) did not answer within 60 s; see {self.log}")

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
    # Whether API v1's response cache serves it (False for API v2, which has none).
    cached: bool
    server: Server

    @property
    def cache_note(self) -> str:
        if self.api != "v1":
            return "none (API v2 has no cache)"
        return "on (default)" if self.cached else "off"


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


def endpoints(data: DataSet, cached: Server, uncached: Server) -> list[Endpoint]:
    """API v1 with its response cache (``cached``: the default configuration, which also
    serves API v2) and without it (``uncached``: every response built), and API v2."""
    v1_list = "/api/v1/positions/?limit=20"
    v2_list = "/api/v2/pages/?type=positions.PositionPage&fields=*&limit=20"
    v1_details = [f"/api/v1/positions/{slug}/" for slug in data.slugs]
    v2_details = [f"/api/v2/pages/{pk}/" for pk in data.ids]
    return [
        Endpoint("v1-list", f"`GET {v1_list}`", [v1_list], "v1", "list", True, cached),
        Endpoint("v1-list-uncached", f"`GET {v1_list}`", [v1_list], "v1", "list", False,
                 uncached),
        Endpoint("v2-list", f"`GET {v2_list}`", [v2_list], "v2", "list", False, cached),
        Endpoint("v1-detail", "`GET /api/v1/positions/<slug>/`", v1_details, "v1", "detail",
                 True, cached),
        Endpoint("v1-detail-uncached", "`GET /api/v1/positions/<slug>/`", v1_details, "v1",
                 "detail", False, uncached),
        Endpoint("v2-detail", "`GET /api/v2/pages/<id>/`", v2_details, "v2", "detail", False,
                 cached),
    ]  # fmt: skip


def check_responses(endpoint: Endpoint) -> None:
    """Every path answers 200 with JSON; a list has 20 results (so both APIs do the same)."""
    for path in endpoint.paths[:3]:
        status, body, _ = get(endpoint.server.port, path)
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


def warm_up(eps: list[Endpoint], concurrency: int, warmup: int) -> None:
    """Check every endpoint, then send ``warmup`` requests to each, and at least one to each
    of its URLs: afterwards every URL of a cached endpoint is in the response cache."""
    for endpoint in eps:
        check_responses(endpoint)
    say(f"Warming up ({warmup} requests per endpoint, at least one per URL) …")
    for endpoint in eps:
        hammer(endpoint.server.port, endpoint.paths, max(warmup, len(endpoint.paths)), concurrency)


def run_load(
    eps: list[Endpoint], requests: int, concurrency: int, rounds: int
) -> dict[str, Measurement]:
    results = {endpoint.key: Measurement() for endpoint in eps}
    # The endpoints take turns, so that a slow phase of the machine does not hit only one.
    per_round = [requests // rounds + (1 if r < requests % rounds else 0) for r in range(rounds)]
    width = max(len(endpoint.key) for endpoint in eps)
    for round_no, count in enumerate(per_round, start=1):
        for endpoint in eps:
            part = hammer(endpoint.server.port, endpoint.paths, count, concurrency)
            total = results[endpoint.key]
            total.requests += part.requests
            total.seconds += part.seconds
            total.latencies += part.latencies
            total.sizes += part.sizes
            say(
                f"  round {round_no}/{rounds} {endpoint.key:{width}} {part.requests:4} requests "
                f"{part.rps:7.1f} req/s"
            )
    return results


class ThrowawayRedis:
    """The cache as deployed (Redis), for a benchmark run that is given no ``REDIS_URL``: a
    ``redis-server`` on 127.0.0.1 and a free port, nothing saved, stopped at the end. Without
    one, the benchmark settings fall back to a file cache, whose every write lists the whole
    cache folder (the rate limit counts each request: 15 ms of a 35 ms answer at 100,000
    positions), which no deployment has."""

    def __init__(self):
        self.process = None

    def __enter__(self) -> str | None:
        if os.environ.get("REDIS_URL"):
            return os.environ["REDIS_URL"]
        binary = shutil.which("redis-server")
        if binary is None:
            say("redis-server not found: the benchmark's cache is a file cache.")
            return None
        port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [binary, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((HOST, port)) == 0:
                    break
            time.sleep(0.05)
        else:
            raise SystemExit("redis-server did not start.")
        os.environ["REDIS_URL"] = f"redis://{HOST}:{port}/0"
        say(f"Redis on {HOST}:{port} (the cache as deployed).")
        return os.environ["REDIS_URL"]

    def __exit__(self, *exc_info) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            os.environ.pop("REDIS_URL", None)
