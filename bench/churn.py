"""Publish churn: what a publish every half second costs readers of the API, and how soon a
published change is visible.

    .venv/bin/python bench/churn.py [--readers 8] [--seconds 60] [--interval 0.5]

Starts, on 127.0.0.1, the stack of the production-stack test (PostgreSQL, Redis, moto's S3
server, an SMTP sink; ``tests/production/stack.py``) with ``cms.settings.production``, imports
the demo content, then runs one granian web instance (1 worker, the documented command) and
the task worker (``manage.py db_worker``), and measures twice for ``--seconds`` each:

Both runs start once the worker has done what the import queued.

1. **quiet**: ``--readers`` threads, each on its own keep-alive connection, read API list and
   detail URLs round robin (``bench/production.py``'s URLs under ``/api/v1/``);
2. **churn**: the same readers while one process (``manage.py shell``) publishes a new
   revision of one position every ``--interval`` seconds (its title carries a counter), and a
   watcher polls that position's detail URL every 20 ms to time each change from the
   publish's commit until the API shows it.

Reports requests per second, errors (non-200 answers and failed connections), p50/p95 latency
for both runs and the time until a change is visible (p50/p95/max), in
``docs/benchmarks.md`` below the marker of its section (``bench/report.py`` keeps it). Nothing
here is a test; nothing talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CHURN_MARKER as MARKER  # noqa: E402
from bench.production import URLS, granian_worker  # noqa: E402
from tests.production.stack import BIN, REPO, Stack, free_port, wait_for  # noqa: E402

REPORT = REPO / "docs" / "benchmarks.md"
READ_URLS = [url for url in URLS if url.startswith("/api/v1/")]
CHURNED = "rueckkehrberatung"
# Publishes one revision of the churned position every INTERVAL seconds until STOP exists,
# printing "<counter> <commit time>" (time.time(), the same clock as the bench's) per publish.
PUBLISHER = """
import sys, time
from pathlib import Path
from django.db import transaction
from positions.models import PositionPage
page = PositionPage.objects.get(slug={slug!r}, locale__language_code="de")
base = page.title
number = 0
next_at = time.time()
while not Path({stop!r}).exists():
    number += 1
    page = PositionPage.objects.get(pk=page.pk)
    page.title = f"{{base}} #{{number}}"
    with transaction.atomic():
        page.save_revision().publish()
    print(number, time.time(), flush=True)
    next_at += {interval}
    time.sleep(max(0.0, next_at - time.time()))
"""

# Tasks due now or running: the import's renditions, PDF texts and search updates at first.
QUEUE_BUSY = """
from django_tasks_db.models import DBTaskResult
print(DBTaskResult.objects.ready().count() + DBTaskResult.objects.filter(status="RUNNING").count())
"""


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Readers:
    """``count`` threads reading ``READ_URLS`` round robin until stopped."""

    def __init__(self, port: int, count: int):
        self.port = port
        self.count = count
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()

    def read(self, offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        number = offset
        latencies, errors = [], 0
        while not self.stop.is_set():
            url = READ_URLS[number % len(READ_URLS)]
            number += 1
            started = time.perf_counter()
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            latencies.append(time.perf_counter() - started)
            errors += not ok
        connection.close()
        with self.lock:
            self.latencies += latencies
            self.errors += errors

    def run(self, seconds: float) -> dict:
        threads = [
            threading.Thread(target=self.read, args=(index * 3,)) for index in range(self.count)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        self.stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return {
            "requests": len(self.latencies),
            "rps": len(self.latencies) / elapsed,
            "errors": self.errors,
            "p50_ms": percentile(self.latencies, 0.50) * 1000,
            "p95_ms": percentile(self.latencies, 0.95) * 1000,
        }


def shown_number(port: int) -> int:
    """The counter in the churned position's title as the API shows it (0 before any)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", f"/api/v1/positions/{CHURNED}/")
        title = json.loads(connection.getresponse().read())["title"]
    finally:
        connection.close()
    _, _, number = title.rpartition(" #")
    return int(number) if number.isdigit() else 0


def watch(port: int, log: Path, stop: threading.Event, delays: list[float]) -> None:
    """Time each publish listed in ``log`` until the API shows it (or a later one).

    Each poll settles every publish up to the number it shows, timed at the poll's answer:
    an upper bound (the change may have been visible a little earlier), and a watcher whose
    polls are slow does not fall behind the publisher.
    """
    settled = 0
    while not stop.is_set():
        lines = log.read_text().split("\n")[:-1] if log.exists() else []
        published = [line.split() for line in lines if line.count(" ") == 1]
        published = [(int(n), float(t)) for n, t in published if n.isdigit()]
        shown = shown_number(port) if len(published) > settled else 0
        answered = time.time()
        for number, committed in published[settled:]:
            if number > shown:
                break
            delays.append(max(0.0, answered - committed))
            settled += 1
        time.sleep(0.02)


def measure(port: int, args, stack: Stack | None = None) -> dict:
    readers = Readers(port, args.readers)
    if stack is None:
        return readers.run(args.seconds)
    stop_file = stack.root / "stop-publishing"
    code = PUBLISHER.format(slug=CHURNED, stop=str(stop_file), interval=args.interval)
    publisher = stack.spawn(
        "publisher",
        [str(BIN / "python"), "manage.py", "shell", "--no-imports", "-c", code],
        env=stack.env(),
    )
    delays: list[float] = []
    stop_watching = threading.Event()
    watcher = threading.Thread(target=watch, args=(port, publisher.log, stop_watching, delays))
    watcher.start()
    wait_for(lambda: publisher.log.exists() and publisher.log.read_text(), "the first publish")
    result = readers.run(args.seconds)
    stop_file.touch()
    publisher.popen.wait(timeout=60)
    time.sleep(2)  # the last publishes' delays
    stop_watching.set()
    watcher.join()
    lines = [line for line in publisher.log.read_text().split("\n") if line.count(" ") == 1]
    result.update(
        publishes=len(lines),
        visible=len(delays),
        visible_p50_s=percentile(delays, 0.50),
        visible_p95_s=percentile(delays, 0.95),
        visible_max_s=max(delays, default=float("nan")),
    )
    return result


def machine() -> str:
    cpus = os.cpu_count()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{cpus} CPUs ({model}), Python {platform.python_version()}, load average {load}"


def write_report(results: dict, args, load_before: str) -> None:
    quiet, churn = results["quiet"], results["churn"]

    def row(label: str, key: str, fmt: str) -> str:
        return f"| {label} | {fmt.format(quiet[key])} | {fmt.format(churn[key])} |"

    section = [
        MARKER,
        "## Publish churn",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {load_before}.",
        "",
        "One granian web instance (1 worker) with Redis as the response cache, the task worker "
        f"and PostgreSQL of the production-stack test; {args.readers} readers on keep-alive "
        f"connections reading {len(READ_URLS)} API list and detail URLs round robin for "
        f"{args.seconds} s, without and with a publish of one position every "
        f"{args.interval} s (its detail and the lists showing it are among the URLs read).",
        "",
        "| | without churn | with churn |",
        "|---|---:|---:|",
        row("requests", "requests", "{:,}"),
        row("requests/s", "rps", "{:.1f}"),
        row("errors", "errors", "{:,}"),
        row("p50 latency (ms)", "p50_ms", "{:.1f}"),
        row("p95 latency (ms)", "p95_ms", "{:.1f}"),
        "",
        f"{churn['publishes']} publishes (one every {args.interval} s was asked for); "
        f"{churn['visible']} seen on the position's detail URL (polled 20 ms after each answer; "
        "a poll settles every publish up to the one it shows) after p50 "
        f"{churn['visible_p50_s']:.2f} s, p95 {churn['visible_p95_s']:.2f} s, at most "
        f"{churn['visible_max_s']:.2f} s from the publish's commit to the poll's answer (an "
        "upper bound).",
        "",
        "Command:",
        "",
        "```sh",
        f".venv/bin/python bench/churn.py --readers {args.readers} --seconds {args.seconds} "
        f"--interval {args.interval}",
        "```",
        "",
    ]
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    text = text.split(MARKER)[0].rstrip() + "\n\n"
    REPORT.write_text(text + "\n".join(section), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="liga-bench-churn-"))
    stack = Stack(root)
    # Every reader sends from one address: the anonymous quota would answer 429 (as
    # bench/production.py does), and the benchmark measures serving, not refusing.
    stack.extra_env["API_ANON_RATE"] = "100000000/min"
    results: dict = {"args": vars(args)}
    load_before = machine()
    try:
        stack.ports["web_a"] = free_port()
        stack.start_released_hub()
        stack.start_web("web_a")
        port = stack.ports["web_a"]
        granian_worker(stack.processes["web_a"].popen.pid)
        stack.start_worker()
        # Measured once the worker has done what the import queued (renditions retire cached
        # answers as they are made), as on a running site.
        wait_for(
            lambda: stack.shell(QUEUE_BUSY).strip() == "0",
            "the worker's queue drained",
            timeout=900,
            interval=3,
        )
        Readers(port, 1).run(5)  # every URL built once
        results["quiet"] = measure(port, args)
        results["churn"] = measure(port, args, stack)
    finally:
        stack.stop_all()
        shutil.rmtree(root, ignore_errors=True)
    write_report(results, args, load_before)
    print(json.dumps(results, indent=2))  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
