"""The benchmark report (``docs/benchmarks.md``): machine, command, numbers, ratios."""

from __future__ import annotations

import datetime
import os
import platform
import shlex
import sqlite3
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bench.common import ROOT, SETTINGS, say
from bench.data import DataSet
from bench.load import Endpoint, Measurement, Server

# --- 6. report ------------------------------------------------------------------------------


def code_version() -> str:
    """The commit measured, and whether the API's code had uncommitted changes."""
    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain", "--", "frontend_api", "cms", "positions"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    from django.conf import settings

    database_settings = settings.DATABASES["default"]
    engine = database_settings["ENGINE"].rsplit(".", 1)[-1]
    database = f"SQLite {sqlite3.sqlite_version}" if engine == "sqlite3" else engine
    return {
        "code": code_version(),
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": cpu,
        "RAM": memory,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": version("Django"),
        "Wagtail": version("wagtail"),
        "Django REST framework": version("djangorestframework"),
        "gunicorn": version("gunicorn"),
        "database": database,
        "database connections": f"CONN_MAX_AGE = {database_settings['CONN_MAX_AGE']}"
        + (" (a new connection per request)" if not database_settings["CONN_MAX_AGE"] else ""),
    }


def write_report(
    args,
    data: DataSet,
    eps: list[Endpoint],
    results: dict[str, Measurement],
    by_limit: dict[str, int],
    slow_sql: dict[str, list[tuple[float, str]]],
    hotspots: dict,
    server: Server,
) -> None:
    now = datetime.datetime.now().astimezone()
    command = shlex.join([".venv/bin/python", "bench/run.py", *sys.argv[1:]])
    list_ratio = results["v1-list"].rps / results["v2-list"].rps
    detail_ratio = results["v1-detail"].rps / results["v2-detail"].rps
    v1_constant = len({by_limit[f"v1 limit={n}"] for n in (1, 20, 100)}) == 1
    goal = list_ratio >= 5 and v1_constant

    lines = [
        "# Benchmarks",
        "",
        "Content API v1 (`frontend_api`, `/api/v1/`) against Wagtail's own API v2 "
        "(`/api/v2/`, enabled only in `cms.settings.bench`) on the same models, the same data "
        "and the same server. Written by `bench/run.py`; run it again to refresh this page.",
        "",
        f"Measured on {now:%Y-%m-%d %H:%M %Z}.",
        "",
        "## Result",
        "",
        f"- Listing (`limit=20`): **v1 / v2 = {list_ratio:.2f}×** requests per second.",
        f"- Detail: **v1 / v2 = {detail_ratio:.2f}×** requests per second.",
        "- Time per request in-process (test client, one thread), v2 / v1: listing "
        f"{results['v2-list'].in_process_ms / results['v1-list'].in_process_ms:.2f}×, detail "
        f"{results['v2-detail'].in_process_ms / results['v1-detail'].in_process_ms:.2f}×.",
        "- Queries per listing request, v1: "
        + ", ".join(f"limit={n}: {by_limit[f'v1 limit={n}']}" for n in (1, 20, 100))
        + (" (constant)." if v1_constant else " (**not constant**)."),
        "- Queries per listing request, v2: "
        + ", ".join(f"limit={n}: {by_limit[f'v2 limit={n}']}" for n in (1, 20, 100))
        + ".",
        "- Goal of issue 3 (listing ≥ 5× API v2's throughput with a constant query count): "
        + ("**met**." if goal else "**not met**."),
        "",
        "| endpoint | req/s | median ms | p95 ms | queries/request | response KB | in-process ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for endpoint in eps:
        m = results[endpoint.key]
        lines.append(
            f"| {endpoint.label} | {m.rps:.1f} | {m.latency_ms(50):.1f} | {m.latency_ms(95):.1f}"
            f" | {m.queries} | {statistics.mean(m.sizes) / 1024:.1f} | {m.in_process_ms:.1f} |"
        )
    lines += [
        "",
        f"{args.requests} measured requests per endpoint (after {args.warmup} warm-up requests), "
        f"{args.concurrency} client threads, in {args.rounds} rounds in which the endpoints take "
        "turns. Detail requests cycle through "
        f"{len(data.slugs)} positions spread over the data set. Latency is measured by the "
        "client (connect, request, full response). Queries per request are counted in-process "
        "with Django's test client and `CaptureQueriesContext` on the same database, after one "
        "warm-up request of the same URL. *In-process ms* is the median time of one request "
        f"through Django's test client ({args.in_process_requests} requests, one thread, no "
        "HTTP server): the cost of the view itself, independent of the load generator.",
        "",
        "## Slowest SQL queries of API v1",
        "",
        "Mean time in the database driver per request (executing and fetching), in-process, "
        "10 requests; select lists shortened to their number of columns.",
        "",
    ]
    for key, queries in slow_sql.items():
        lines += [
            f"### {next(e.label for e in eps if e.key == key)}",
            "",
            "| ms | query |",
            "|---:|---|",
            *(f"| {ms:.2f} | `{sql}` |" for ms, sql in queries),
            "",
        ]
    lines += [
        "## Command",
        "",
        "```sh",
        command,
        "```",
        "",
        "Server: "
        + f"`{shlex.join(['gunicorn', *server.command()[3:]]).replace(str(ROOT), '.')}` "
        + f"with `DJANGO_SETTINGS_MODULE={SETTINGS}` (`DEBUG = False`). The load generator "
        "(Python threads, `http.client`, a new connection per request as sync workers close "
        "it) runs on the same machine and shares its CPUs with the server.",
        "",
        "## Machine and software",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine().items()),
        f"| load average (1 min) before / after the load phase | {args.load[0]:.2f} / "
        f"{args.load[1]:.2f} |",
        "",
        "A load average well above the number of CPUs before the run means other work "
        "shared the machine: the absolute numbers are then low, the ratios less reliable.",
        "",
        "## Data set",
        "",
        f"Generated by `bench/run.py` with the project's factories into `bench/.data/` "
        f"(`--positions {args.positions} --topics {args.topics}`): every position has an image "
        "(with its named renditions, made beforehand), a PDF, 1–2 topics, 2 contacts and "
        "2 co-signing organisations, and a StreamField body with headings, lists, an internal "
        "page link, a document link and a document block. Images and PDFs are shared between "
        "positions to keep generation fast.",
        "",
        "| | count |",
        "|---|---:|",
        *(f"| {name} | {count} |" for name, count in data.counts.items()),
        "",
        "## What the two APIs return",
        "",
        "The comparison is of the stock Wagtail API v2 as a project would enable it, with "
        "`PositionPage.api_fields` attached in `bench/urls.py`. The payloads differ: API v1 "
        "returns per position the image with width, height, alt text and four named renditions "
        "(absolute URLs), the PDF with size, type and page count, topics, contacts and "
        "organisations as objects, public URLs, `translations`, and in the detail the body as "
        "typed blocks with rich text resolved to absolute public links. API v2 with "
        "`fields=*` returns the image and document as `{id, meta}` references, the inline "
        "links (`topic_links`, `contact_links`, `organisation_links`) as ids only, and the raw "
        "StreamField with rich text in Wagtail's internal link format. API v2 also does not "
        "apply the hub's visibility rules (expiry, private collections).",
        "",
    ]
    if hotspots:
        lines += [
            "## Profile of API v1",
            "",
            f"pyinstrument, in-process (test client), {args.profile_requests} requests per "
            "endpoint. Functions of `frontend_api` by share of the whole request time (with "
            "their callees, and their own time). Full profiles: `bench/.data/profile-*.html`.",
            "",
        ]
        for key, summary in hotspots.items():
            lines += [
                f"### {next(e.label for e in eps if e.key == key)}",
                "",
                "| own time by layer | share |",
                "|---|---:|",
                *(f"| {name} | {share:.0%} |" for name, share, _ in summary["layers"]),
                "",
                "| `frontend_api` function | with callees | own |",
                "|---|---:|---:|",
                *(
                    f"| `{name}` | {inc:.0%} | {mine:.0%} |"
                    for name, inc, mine in summary["functions"]
                ),
                "",
            ]
    output = Path(args.output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    say(f"Wrote {output}")
