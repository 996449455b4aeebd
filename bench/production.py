"""Benchmark of the production processes: memory of the web and worker processes, and what a
cached API answer costs through granian next to a bare WSGI app returning the same bytes.

    .venv/bin/python bench/production.py [--requests 10000] [--pdfs 50] [--seconds 10]

Starts, on 127.0.0.1, the stack of the production-stack test (PostgreSQL, Redis, moto's S3
server, an SMTP sink; ``tests/production/stack.py``) with ``cms.settings.production``, imports
the demo content, then:

1. one granian web instance with **1 worker**; RSS of its worker process before and after
   ``--requests`` API requests (20 URLs of lists, details, search and locales, round robin on
   one keep-alive connection, so most are cache hits after the first round);
2. the worker (``manage.py db_worker``); RSS of its process before and after it inspected
   ``--pdfs`` uploaded PDFs (documents created through the ORM, inspected by the worker);
3. ``wrk`` (Debian) for ``--seconds`` against the same cached URL on the hub and on a bare
   WSGI app (``bench/bare_wsgi.py``) serving its exact bytes and headers on the same granian
   (1 worker), then the same with ``If-None-Match`` (304).

Writes ``docs/benchmarks-production.md``. Needs the Debian packages of .ci/production-stack
and ``wrk``. Nothing here is a test; nothing talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.production.stack import REPO, Stack, free_port, http_status, wait_for  # noqa: E402

REPORT = REPO / "docs" / "benchmarks-production.md"
HIT_URL = "/api/v1/positions/?limit=20"
URLS = [
    "/api/v1/positions/?limit=20",
    "/api/v1/positions/?limit=5&offset=2",
    "/api/v1/positions/?kind=position_paper",
    "/api/v1/positions/?topic=migration",
    "/api/v1/positions/?ordering=title&limit=10",
    "/api/v1/positions/rueckkehrberatung/",
    "/api/v1/positions/bthg-umsetzung/",
    "/api/v1/positions/inklusion-kita/",
    "/api/v1/topics/",
    "/api/v1/topics/migration/",
    "/api/v1/topics/pflege/",
    "/api/v1/contacts/",
    "/api/v1/contacts/?topic=migration",
    "/api/v1/organisations/",
    "/api/v1/locales/",
    "/api/v1/search/?q=Beratung",
    "/api/v1/positions/?q=Pflege",
    "/api/v1/positions/?locale=en&fallback=true",
    "/feeds/positions/",
    "/embed/v1/positions/?topic=migration",
]

MAKE_PDFS = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from core.pdfgen import make_pdf
Document = get_document_model()
for number in range({count}):
    pages = [f"Seite {{page}} des Benchmark-Papiers {{number}}: " + "Wohlfahrt " * 120
             for page in range(1, 21)]
    document = Document(title=f"Benchmark-Papier {{number}}")
    document.file.save(f"bench-{{number}}.pdf", ContentFile(make_pdf(pages)), save=False)
    document.save()
"""
PENDING_PDFS = """
from wagtail.documents import get_document_model
print(get_document_model().objects.filter(title__startswith="Benchmark-Papier")
      .filter(page_count__isnull=False).exclude(extracted_text="").count())
"""


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        path = task / "children"
        if path.exists():
            found += [int(child) for child in path.read_text().split()]
    return found


def granian_worker(pid: int) -> int:
    """The pid of granian's (single) worker process below its main process."""
    return wait_for(lambda: (children(pid) or [None])[0], "granian's worker process")


def send_requests(port: int, count: int) -> dict[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses: dict[int, int] = {}
    for number in range(count):
        connection.request("GET", URLS[number % len(URLS)])
        response = connection.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.close()
    return statuses


def wrk(url: str, seconds: int, headers: dict | None = None) -> dict:
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50_ms": float(p50.group(1)) * scale,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    root = Path(tempfile.mkdtemp(prefix="liga-bench-prod-"))
    stack = Stack(root)
    # One client sends every request from one address: the anonymous quota would answer 429
    # after 120 of them, and the benchmark measures serving, not refusing.
    stack.extra_env["API_ANON_RATE"] = "100000000/min"
    results: dict = {"args": vars(args)}
    try:
        stack.ports["web_a"] = free_port()
        stack.start_released_hub()
        web = stack.start_web("web_a")
        port = stack.ports["web_a"]
        worker_pid = granian_worker(stack.processes["web_a"].popen.pid)

        # 1. the web process
        send_requests(port, len(URLS))  # every URL once, so the process has built each
        results["web_rss_start_kib"] = rss_kib(worker_pid)
        started = time.perf_counter()
        results["web_statuses"] = send_requests(port, args.requests)
        results["web_seconds"] = time.perf_counter() - started
        results["web_rss_end_kib"] = rss_kib(worker_pid)

        # 2. the worker
        stack.start_worker()
        worker = stack.processes["worker"].popen.pid
        time.sleep(5)
        results["worker_rss_start_kib"] = rss_kib(worker)
        stack.shell(MAKE_PDFS.format(count=args.pdfs))
        started = time.perf_counter()
        wait_for(
            lambda: int(stack.shell(PENDING_PDFS).strip()) >= args.pdfs,
            "the worker inspecting the PDFs",
            timeout=600,
            interval=2,
        )
        results["worker_pdf_seconds"] = time.perf_counter() - started
        results["worker_rss_end_kib"] = rss_kib(worker)

        # 3. a cache hit through granian next to bare WSGI with the same bytes
        connection = http.client.HTTPConnection("127.0.0.1", port)
        connection.request("GET", HIT_URL)
        response = connection.getresponse()
        body = response.read()
        headers = [
            (name, value)
            for name, value in response.getheaders()
            if name.lower() not in ("content-length", "date", "server", "x-request-id")
        ]
        (root / "body").write_bytes(body)
        (root / "bare.json").write_text(
            json.dumps({"body_file": str(root / "body"), "headers": headers})
        )
        etag = response.getheader("ETag")
        bare_port = free_port()
        bare_env = {**os.environ, "BARE_RESPONSE": str(root / "bare.json"), "PYTHONPATH": str(REPO)}
        stack.granian("bare", "bench.bare_wsgi:application", bare_port, bare_env)
        bare = f"http://127.0.0.1:{bare_port}"
        wait_for(lambda: http_status(bare + HIT_URL) == 200, "the bare WSGI app")
        stack.stop("worker")
        results["body_bytes"] = len(body)
        results["hub_200"] = wrk(web + HIT_URL, args.seconds)
        results["bare_200"] = wrk(bare + HIT_URL, args.seconds)
        results["hub_304"] = wrk(web + HIT_URL, args.seconds, {"If-None-Match": etag})
        results["bare_304"] = wrk(bare + HIT_URL, args.seconds, {"If-None-Match": etag})
    finally:
        stack.stop_all()
        shutil.rmtree(root, ignore_errors=True)
    write_report(results)
    print(json.dumps(results, indent=2))  # noqa: T201 - the benchmark's output


def write_report(r: dict) -> None:
    args = r["args"]
    load = os.getloadavg()

    def mib(kib: int) -> str:
        return f"{kib / 1024:.1f} MiB"

    def wrk_row(label: str, kind: str) -> str:
        hub, bare = r[f"hub_{kind}"], r[f"bare_{kind}"]
        return (
            f"| {label} | {hub['rps']:.0f} | {bare['rps']:.0f} | "
            f"{hub['rps'] / bare['rps']:.2f}× | {hub['p50_ms']:.2f} | {bare['p50_ms']:.2f} |"
        )

    web_row = (
        f"| web (granian, 1 worker: its worker process) | {mib(r['web_rss_start_kib'])} | "
        f"{mib(r['web_rss_end_kib'])} | {args['requests']} API requests over {len(URLS)} URLs "
        f"in {r['web_seconds']:.1f} s (statuses {r['web_statuses']}) |"
    )
    worker_row = (
        f"| worker (`manage.py db_worker`) | {mib(r['worker_rss_start_kib'])} | "
        f"{mib(r['worker_rss_end_kib'])} | inspected {args['pdfs']} PDFs of 20 pages in "
        f"{r['worker_pdf_seconds']:.1f} s |"
    )
    errors_hub = r["hub_200"]["errors"] + r["hub_304"]["errors"]
    errors_bare = r["bare_200"]["errors"] + r["bare_304"]["errors"]
    command = (
        f"`.venv/bin/python bench/production.py --requests {args['requests']} "
        f"--pdfs {args['pdfs']} --seconds {args['seconds']}`"
    )
    lines = [
        "# Benchmarks of the production processes",
        "",
        "Written by `bench/production.py` (run it again to refresh this page): the processes",
        'of README "Production" with `cms.settings.production` on this machine, the demo',
        "content, PostgreSQL 15, Redis and moto's S3 server on 127.0.0.1.",
        "",
        f"Measured on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average before the "
        f"run {load[0]:.2f}. Command: {command}.",
        "",
        "## Memory",
        "",
        "| process | before | after | work in between |",
        "|---|---:|---:|---|",
        web_row,
        worker_row,
        "",
        '"Before" is after every URL was requested once (the web process) or 5 s after start',
        "(the worker).",
        "",
        "## A cache hit through granian, next to a bare WSGI app with the same bytes",
        "",
        f"`wrk -t1 -c4 -d{args['seconds']}s` against `{HIT_URL}` ({r['body_bytes']} bytes), "
        "both on granian with 1 worker, one after the other in the same run. The bare app "
        "(`bench/bare_wsgi.py`) returns the hub's exact body and headers without Django.",
        "",
        "| request | hub req/s | bare WSGI req/s | hub / bare | hub p50 ms | bare p50 ms |",
        "|---|---:|---:|---:|---:|---:|",
        wrk_row("200 (cache hit)", "200"),
        wrk_row("304 (`If-None-Match`)", "304"),
        "",
        f"Errors (non-2xx/3xx): hub {errors_hub}, bare {errors_bare}. wrk shares the 2 CPUs "
        "with the server.",
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
