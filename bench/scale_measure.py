"""Measurements of ``bench/scale.py``: in-process latency per URL under a time budget, and
its section of ``docs/benchmarks.md``."""

from __future__ import annotations

import datetime
import math
import time
from dataclasses import dataclass, field

from bench.common import CHURN_MARKER, HOST, REPORT, SCALE_MARKER, say

# Issue 10's target for every v1 row, in-process and uncached.
TARGET_P50_MS = 15
TARGET_P95_MS = 40


@dataclass(frozen=True)
class Url:
    label: str
    paths: tuple[str, ...]  # cycled through (details); lists have one
    api: str = "v1"
    expected_count: int | None = None  # a list's `count` the data set must give


@dataclass
class Row:
    url: Url
    timings: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process's CPU time per request
    queries: int = 0
    count: int | None = None
    size: int = 0
    stopped_by_budget: bool = False

    def percentile_ms(self, share: float, values: list[float] | None = None) -> float:
        """Nearest-rank percentile in milliseconds (NaN without a measured request)."""
        values = self.timings if values is None else values
        if not values:
            return math.nan
        ordered = sorted(values)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000

    @property
    def cpu_ms(self) -> float:
        """Median CPU time of the Python process per request (without the database's)."""
        return self.percentile_ms(0.5, self.cpu)

    @property
    def meets_target(self) -> bool:
        return (
            self.percentile_ms(0.50) <= TARGET_P50_MS and self.percentile_ms(0.95) <= TARGET_P95_MS
        )


def urls(
    n_positions: int, details: list[str], detail_ids: list[int], words: dict[str, str]
) -> list[Url]:
    """What issue 10 asks to measure, v1 then Wagtail's API v2 on the same rows."""
    from frontend_api.pagination import count_limit
    from frontend_api.readmodel.search import CAP as SEARCH_CAP

    COUNT_LIMIT = count_limit()  # noqa: N806 - a constant of this run
    v1 = "/api/v1/"
    v2 = "/api/v2/pages/?type=positions.PositionPage"
    return [
        Url(
            "list `positions/?limit=20`",
            (f"{v1}positions/?limit=20",),
            expected_count=min(n_positions, COUNT_LIMIT),
        ),
        Url("`?topic=thema-7`", (f"{v1}positions/?topic=thema-7",)),
        Url("`?organisation=verband-3`", (f"{v1}positions/?organisation=verband-3",)),
        Url(
            "`?kind=statement&published_after=2020-01-01&published_before=2020-12-31`",
            (
                f"{v1}positions/?kind=statement&published_after=2020-01-01"
                "&published_before=2020-12-31",
            ),
        ),
        Url(
            f"`?q={words['common']}` (every position)",
            (f"{v1}positions/?q={words['common']}",),
            expected_count=min(n_positions, SEARCH_CAP),
        ),
        Url(f"`?q={words['rare']}` (~10 positions)", (f"{v1}positions/?q={words['rare']}",)),
        Url(f"`?q={words['pdf']}` (only in ~10 PDFs)", (f"{v1}positions/?q={words['pdf']}",)),
        Url("`?ordering=title`", (f"{v1}positions/?ordering=title",)),
        Url("`?offset=5000`", (f"{v1}positions/?offset=5000",)),
        Url(
            "`?locale=en&fallback=true`",
            (f"{v1}positions/?locale=en&fallback=true",),
            expected_count=min(n_positions, COUNT_LIMIT),
        ),
        Url(f"`search/?q={words['common']}`", (f"{v1}search/?q={words['common']}",)),
        Url(f"`search/?q={words['rare']}`", (f"{v1}search/?q={words['rare']}",)),
        Url("detail `positions/<slug>/`", tuple(f"{v1}positions/{slug}/" for slug in details)),
        Url("v2 list `limit=20`", (f"{v2}&limit=20",), api="v2"),
        Url("v2 list `limit=20&fields=*`", (f"{v2}&limit=20&fields=*",), api="v2"),
        Url("v2 detail `pages/<id>/`", tuple(f"/api/v2/pages/{pk}/" for pk in detail_ids), "v2"),
    ]


def measure(url: Url, requests: int, warmup: int, budget: float) -> Row:
    """Time ``requests`` GETs of ``url`` in-process (test client, one thread) after
    ``warmup`` ones, stopping early once ``budget`` seconds are spent on the URL; the first
    warm-up request counts the queries and checks the answer."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    row = Row(url)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url.paths[0])
    if response.status_code != 200:
        raise SystemExit(
            f"{url.paths[0]} answered {response.status_code}: {response.content[:300]}"
        )
    row.queries = len(captured.captured_queries)
    row.size = len(response.content)
    body = response.json()
    row.count = body.get("count") if url.api == "v1" else body.get("meta", {}).get("total_count")
    if url.expected_count is not None and row.count != url.expected_count:
        raise SystemExit(f"{url.paths[0]} counts {row.count}, expected {url.expected_count}")
    for i in range(1, warmup):
        if time.perf_counter() - started > budget / 4:
            break
        client.get(url.paths[i % len(url.paths)])
    measuring = time.perf_counter()
    for i in range(requests):
        if time.perf_counter() - measuring > budget:
            row.stopped_by_budget = True
            break
        path = url.paths[i % len(url.paths)]
        before, cpu_before = time.perf_counter(), time.process_time()
        client.get(path)
        row.timings.append(time.perf_counter() - before)
        row.cpu.append(time.process_time() - cpu_before)
    say(
        f"  {url.label:60.60} p50 {row.percentile_ms(0.5):9.1f} ms  "
        f"p95 {row.percentile_ms(0.95):9.1f} ms  n={len(row.timings)}  {row.queries} queries"
    )
    return row


def run(all_urls: list[Url], requests: int, warmup: int, budget: float) -> list[Row]:
    return [measure(url, requests, warmup, budget) for url in all_urls]


def milliseconds(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| URL (`/api/v1/`) | p50 ms | p95 ms | n | queries | count | KB | Python CPU ms "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.url.api != "v1":
            continue
        lines.append(
            f"| {row.url.label} | {milliseconds(row.percentile_ms(0.5))} "
            f"| {milliseconds(row.percentile_ms(0.95))} "
            f"| {len(row.timings)}{'*' if row.stopped_by_budget else ''} | {row.queries} "
            f"| {'' if row.count is None else f'{row.count:,}'} | {row.size / 1024:.0f} "
            f"| {milliseconds(row.cpu_ms)} | {'met' if row.meets_target else '**not met**'} |"
        )
    lines += [
        "",
        "| Wagtail API v2, same data, same run | p50 ms | p95 ms | n | queries | count | KB "
        "| Python CPU ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.url.api == "v2":
            lines.append(
                f"| {row.url.label} | {milliseconds(row.percentile_ms(0.5))} "
                f"| {milliseconds(row.percentile_ms(0.95))} | {len(row.timings)} "
                f"| {row.queries} | {'' if row.count is None else f'{row.count:,}'} "
                f"| {row.size / 1024:.0f} | {milliseconds(row.cpu_ms)} |"
            )
    return lines


def section(args, build: dict, rows: list[Row], environment: list[str], counts: dict) -> str:
    """The report section, between its marker and the publish-churn section."""
    v1 = [row for row in rows if row.url.api == "v1"]
    met = sum(row.meets_target for row in v1)
    phases = "\n".join(f"| {name} | {seconds:,.1f} |" for name, seconds in build["phases"].items())
    now = datetime.datetime.now(datetime.UTC)
    return "\n".join(
        [
            SCALE_MARKER,
            "## At scale: 100,000 positions on PostgreSQL"
            if args.positions == 100_000
            else f"## At scale: {args.positions:,} positions on PostgreSQL",
            "",
            f"Written by `bench/scale.py` on {now:%Y-%m-%d %H:%M} UTC ({build['code']}).",
            "",
            "Issue 10's target: every API v1 URL below at p50 ≤ "
            f"{TARGET_P50_MS} ms and p95 ≤ {TARGET_P95_MS} ms in-process, uncached. "
            f"**Met by {met} of {len(v1)} URLs.**",
            "",
            *table(rows),
            "",
            "In-process: Django's test client, one thread, no HTTP server, settings "
            "`cms.settings.bench` with `FRONTEND_API_CACHE_SECONDS=0` (API v1 builds every "
            "response) and persistent database connections (`DB_CONN_MAX_AGE="
            f"{args.conn_max_age}`, as `cms.settings.production` deploys). Per URL: "
            f"{args.warmup} warm-up requests (the first counts the queries and checks the "
            f"answer), then up to {args.requests} timed requests, stopped after "
            f"{args.budget:.0f} s (`*`: stopped by that budget, so *n* is smaller). Percentiles "
            "are nearest-rank; with a small *n* the p95 is the slowest request. *count* is "
            "the list's `count` (v2: `meta.total_count`); *KB* the size of one answer; *Python "
            "CPU ms* the median CPU time of the measuring process per request (the app's own "
            "work without the database's, and without waiting for a CPU on a shared "
            "machine). Details cycle through positions spread over the data set.",
            "",
            "### Build",
            "",
            *(
                [
                    f"The data set was loaded by an earlier run (`{build['loaded_by']}`); its "
                    "loading phases are that run's, the others this run's.",
                    "",
                ]
                if build.get("loaded_by")
                else []
            ),
            "| phase | seconds |",
            "|---|---:|",
            phases,
            f"| **total** | **{sum(build['phases'].values()):,.1f}** |",
            "",
            "The site tree, images, PDFs, organisations, contacts, topics and the English "
            "locale (with English copies of the home page and the positions index) are made "
            "with the project's factories; the positions are bulk-loaded (page rows with "
            "their tree paths, position rows, links) and indexed for search with the rows "
            "Wagtail's PostgreSQL search backend writes (each PDF's vectors made once and "
            "joined in SQL, `bench/scale_search.py`; at every run a sample is re-indexed by "
            "the backend itself and must come out equal). `ANALYZE` gives the planner the "
            "statistics autovacuum would collect shortly after such a load.",
            "",
            "| | count |",
            "|---|---:|",
            *(f"| {name} | {value:,} |" for name, value in counts.items()),
            "",
            "### Command and machine",
            "",
            "```sh",
            build["command"],
            "```",
            "",
            *(f"- {line}" for line in environment),
            "",
        ]
    )


def write(text: str) -> None:
    """Put the section in place: after bench/run.py's report, before the publish-churn
    section (so bench/churn.py keeps it, and bench/report.py keeps both)."""
    current = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Benchmarks\n"
    before, churn = current, ""
    if CHURN_MARKER in current:
        before, churn = current.split(CHURN_MARKER, 1)
        churn = CHURN_MARKER + churn
    before = before.split(SCALE_MARKER, 1)[0].rstrip() + "\n\n"
    REPORT.write_text(
        before + text.rstrip() + "\n" + ("\n" + churn if churn else ""), encoding="utf-8"
    )
    say(f"Wrote {REPORT}")
