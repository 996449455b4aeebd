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

from bench.cachecheck import CacheCheck
from bench.common import CHURN_MARKER, ROOT, SCALE_MARKER, SETTINGS, say
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


LIMITS = (1, 20, 100)
SERVES = {
    "cached": "API v1 with its response cache, as deployed, and API v2",
    "uncached": "API v1 without its response cache",
}


def limit_counts(by_limit: dict[str, int], prefix: str) -> tuple[str, bool]:
    """ "limit=1: n, limit=20: n, limit=100: n" and whether the count is the same at each."""
    counts = [by_limit[f"{prefix} limit={n}"] for n in LIMITS]
    text = ", ".join(f"limit={n}: {count}" for n, count in zip(LIMITS, counts, strict=True))
    return text, len(set(counts)) == 1


def result_lines(results: dict[str, Measurement], by_limit: dict[str, int]) -> list[str]:
    """The ratios, the query counts and the goal of issue 3, cached and uncached."""

    def rps(a: str, b: str) -> float:
        return results[a].rps / results[b].rps

    def faster(a: str, b: str) -> float:  # in-process time of b over a: how much faster a is
        return results[b].in_process_ms / results[a].in_process_ms

    list_cached, list_uncached = rps("v1-list", "v2-list"), rps("v1-list-uncached", "v2-list")
    built, built_constant = limit_counts(by_limit, "v1")
    hits, hit_constant = limit_counts(by_limit, "v1 cached")
    v2, _ = limit_counts(by_limit, "v2")
    goal = list_cached >= 5 and built_constant and hit_constant
    constant = "constant" if built_constant and hit_constant else "**not constant**"
    return [
        "API v1 is measured twice: as deployed, with its response cache on (the default), and "
        "with the cache off (`FRONTEND_API_CACHE_SECONDS=0`), the cost of building every "
        "response. API v2 has no cache.",
        "",
        f"- Listing (`limit=20`), requests per second: **v1 cached / v2 = {list_cached:.2f}×**; "
        f"**v1 uncached / v2 = {list_uncached:.2f}×**.",
        f"- Detail: **v1 cached / v2 = {rps('v1-detail', 'v2-detail'):.2f}×**; "
        f"**v1 uncached / v2 = {rps('v1-detail-uncached', 'v2-detail'):.2f}×**.",
        "- Time per request in-process (test client, one thread), v2 / v1: listing "
        f"{faster('v1-list', 'v2-list'):.2f}× cached, {faster('v1-list-uncached', 'v2-list'):.2f}× "
        f"uncached; detail {faster('v1-detail', 'v2-detail'):.2f}× cached, "
        f"{faster('v1-detail-uncached', 'v2-detail'):.2f}× uncached.",
        f"- Queries per listing request, v1 building the response (cache off): {built}"
        + (" (constant)." if built_constant else " (**not constant**).")
        + f" v1 with the cache (a hit): {hits}"
        + (" (constant)." if hit_constant else " (**not constant**)."),
        f"- Queries per listing request, v2: {v2}.",
        "- Goal of issue 3 (listing ≥ 5× API v2's throughput with a constant query count), "
        "in the default configuration (response cache on, as deployed): "
        + ("**met**" if goal else "**not met**")
        + f": v1 / v2 = {list_cached:.2f}×, queries per listing {constant} (a cache hit "
        f"{by_limit['v1 cached limit=20']}, building the response "
        f"{by_limit['v1 limit=20']}, at every limit).",
        f"- Without the cache, API v1's listing reaches **{list_uncached:.2f}×** API v2's "
        "throughput: "
        + (
            "the goal is met without the cache too."
            if list_uncached >= 5 and built_constant
            else "**the goal is not met without the cache**; it is met only with it."
            if goal
            else "**the goal is not met without the cache** either."
        ),
    ]


def cache_lines(check: CacheCheck, results: dict[str, Measurement]) -> list[str]:
    """How API v1's response cache works, so that the cached numbers can be judged."""
    from django.conf import settings

    gain = results["v1-list"].rps / results["v1-list-uncached"].rps
    where = (
        "files under `bench/.data/cache`, emptied before the run"
        if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
        else "Redis, as deployed (a `redis-server` the benchmark starts on a free port "
        "unless `REDIS_URL` names one; key prefix `bench`, old entries retired before the run)"
    )
    return [
        "### How API v1's response cache works",
        "",
        "API v1 (`frontend_api.cache`) keeps each successful GET response (a head with its "
        "ETag, headers, surrogate keys and build time; the body apart) in a cache shared by "
        f"all server processes (here {where}), keyed by path and parameters. Every change to "
        "content the API shows stamps the surrogate keys of what it changes (the same keys "
        "sent to the CDN: the item, the lists of its kind, the items that show it), once when "
        "the change is made and once after its commit; a cached response is served only while "
        "none of its keys carries a stamp later than the moment its build began. So a publish "
        "retires only the responses that show, list or link the changed item; a change of a "
        "collection, a view restriction, a site or a locale retires everything. An entry is "
        "kept at most "
        f"`FRONTEND_API_CACHE_SECONDS` ({settings.FRONTEND_API_CACHE_SECONDS} s) and never "
        "outlives the next `expire_at` of a live page or contact, so that expired content "
        f"disappears on time; `Cache-Control: max-age` ({settings.FRONTEND_API_MAX_AGE} s) "
        "never reaches past it either. Every response carries an `ETag`, and a request with "
        "a matching `If-None-Match` gets a `304` from the head alone. The load here sends no "
        "`If-None-Match`: every cached response is a full `200` with its body, served through "
        "the whole Django stack (middleware, cache read). So the cached rows show what member "
        "sites get between content changes, and the uncached rows what one build costs; here "
        f"the cache multiplies API v1's listing throughput by {gain:.1f}×. At the cached rates "
        "the load generator, which shares the machine's CPUs with the servers, may itself be "
        "the limit: the cached ratios are then lower bounds.",
        "",
        check.describe(),
        "",
    ]


def write_report(
    args,
    data: DataSet,
    eps: list[Endpoint],
    results: dict[str, Measurement],
    by_limit: dict[str, int],
    slow_sql: dict[str, list[tuple[float, str]]],
    hotspots: dict,
    servers: list[Server],
    check: CacheCheck,
) -> None:
    now = datetime.datetime.now().astimezone()
    command = shlex.join([".venv/bin/python", "bench/run.py", *sys.argv[1:]])
    uncached = next(server for server in servers if server.env)

    lines = [
        "# Benchmarks",
        "",
        "Content API v1 (`frontend_api`, `/api/v1/`) against Wagtail's own API v2 "
        "(`/api/v2/`, enabled only in `cms.settings.bench`) on the same models, the same data "
        "and the same server (API v1 without its response cache: a second, identical server "
        "with the cache off). Written by `bench/run.py`; run it again to refresh this page.",
        "",
        f"Measured on {now:%Y-%m-%d %H:%M %Z}.",
        "",
        "## Result",
        "",
        *result_lines(results, by_limit),
        "",
        "| endpoint | response cache | req/s | median ms | p95 ms | queries/request "
        "| response KB | in-process ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for endpoint in eps:
        m = results[endpoint.key]
        lines.append(
            f"| {endpoint.label} | {endpoint.cache_note} | {m.rps:.1f} | {m.latency_ms(50):.1f} "
            f"| {m.latency_ms(95):.1f} | {m.queries} | {statistics.mean(m.sizes) / 1024:.1f} "
            f"| {m.in_process_ms:.1f} |"
        )
    lines += [
        "",
        f"{args.requests} measured requests per endpoint (after a warm-up of {args.warmup} "
        "requests and at least one per URL), "
        f"{args.concurrency} client threads, in {args.rounds} rounds in which the endpoints take "
        "turns. Detail requests cycle through "
        f"{len(data.slugs)} positions spread over the data set. API v1 uncached is served by a "
        f"second server started with `FRONTEND_API_CACHE_SECONDS=0` (port {uncached.port}), "
        "running at the same time but idle while the others are measured. Latency is measured "
        "by the client (connect, request, full response). Queries per request are counted "
        "in-process with Django's test client and `CaptureQueriesContext` on the same database "
        "and cache, after one warm-up request of the same URL: for the cached endpoints they "
        "are those of a cache hit, for the uncached ones (run with the cache off through "
        "`override_settings`) those of building the response. *In-process ms* is the median "
        "time of one request through Django's test client ("
        f"{args.in_process_requests} requests, one thread, no HTTP server, after one request "
        "of every URL), in the same configuration: independent of the load generator.",
        "",
        *cache_lines(check, results),
        "## Slowest SQL queries of API v1",
        "",
        "Of API v1 building its responses (cache off; a cache hit makes no query). Mean time "
        "in the database driver per request (executing and fetching), in-process, 10 requests; "
        "select lists shortened to their number of columns.",
        "",
    ]
    for key, queries in slow_sql.items():
        lines += [
            f"### {next(e.label for e in eps if e.key == key)} (cache off)",
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
        f"Servers, both with `DJANGO_SETTINGS_MODULE={SETTINGS}` (`DEBUG = False`):",
        "",
        *(
            f"- {server.name} ({SERVES[server.name]}): `{server.shell_command()}`"
            for server in servers
        ),
        "",
        "The load generator "
        "(Python threads, `http.client`, a new connection per request as sync workers close "
        "it) runs on the same machine and shares its CPUs with the servers.",
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
            "Of API v1 building its responses (cache off; a cache hit has nothing to profile). "
            f"pyinstrument, in-process (test client), {args.profile_requests} requests per "
            "endpoint. Functions of `frontend_api` by share of the whole request time (with "
            "their callees, and their own time). Full profiles: `bench/.data/profile-*.html`.",
            "",
        ]
        for key, summary in hotspots.items():
            lines += [
                f"### {next(e.label for e in eps if e.key == key)} (cache off)",
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
    # The at-scale and publish-churn sections are bench/scale.py's and bench/churn.py's
    # (runs of their own): kept as they are, from the first of their markers on.
    kept = ""
    existing = output.read_text(encoding="utf-8") if output.exists() else ""
    starts = [existing.find(marker) for marker in (SCALE_MARKER, CHURN_MARKER)]
    if any(start >= 0 for start in starts):
        kept = "\n" + existing[min(start for start in starts if start >= 0) :]
    output.write_text("\n".join(lines).rstrip() + "\n" + kept, encoding="utf-8")
    say(f"Wrote {output}")
