"""In-process measurements: queries per request, timings, slowest SQL, profile."""

from __future__ import annotations

import re
import statistics
import time
from contextlib import AbstractContextManager, nullcontext

from bench.common import DATA_DIR, HOST, say
from bench.load import Endpoint, Measurement

# --- 4. queries per request -----------------------------------------------------------------


def cache_off() -> AbstractContextManager:
    """API v1 without its response cache: every request builds its response."""
    from django.test import override_settings

    return override_settings(FRONTEND_API_CACHE_SECONDS=0)


def cache_mode(endpoint: Endpoint) -> AbstractContextManager:
    """The configuration an endpoint is measured in: API v1's default (the response cache on,
    and so after a warm-up request a cache hit) or the cache off (API v2 has none anyway)."""
    return nullcontext() if endpoint.cached else cache_off()


def count_queries(path: str) -> int:
    """SQL queries of one request, in-process, after one warm-up request of the same path."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} in-process")
    return len(captured.captured_queries)


def in_process_ms(paths: list[str], requests: int) -> float:
    """Median milliseconds of one request in-process (test client, one thread, no HTTP): the
    CPU cost of the view alone, a cross-check that does not depend on the load generator."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    for path in paths:  # every URL once: with the cache on, every timed request is a hit
        client.get(path)
    timings = []
    for i in range(requests):
        started = time.perf_counter()
        client.get(paths[i % len(paths)])
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def short_sql(sql: str, width: int = 220) -> str:
    """The SQL with its select list replaced by the number of columns (and any large text
    column named), cut to ``width`` characters."""
    match = re.match(r"SELECT (.*?) FROM (.*)", sql, re.DOTALL)
    if match:
        columns = match.group(1).split(", ")
        wide = [c for c in columns if c.endswith(('"extracted_text"', '"body"'))]
        named = f" incl. {', '.join(wide)}" if wide else ""
        # Only shown in the report, never executed.
        count = f"{len(columns)} column" + ("s" if len(columns) != 1 else "")
        sql = f"SELECT <{count}{named}> FROM {match.group(2)}"  # noqa: S608
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def slowest_queries(path: str, repeat: int = 10, top: int = 5) -> list[tuple[float, str]]:
    """The ``top`` queries of a request by time spent in the database driver (mean ms)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    client.get(path)
    spent: dict[tuple[int, str], float] = {}
    position = [0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = (position[0], sql)
            spent[key] = spent.get(key, 0.0) + time.perf_counter() - started
            position[0] += 1

    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            position[0] = 0
            client.get(path)
    ranked = sorted(spent.items(), key=lambda item: item[1], reverse=True)[:top]
    return [(seconds / repeat * 1000, short_sql(sql)) for (_, sql), seconds in ranked]


V1_LIST = "/api/v1/positions/?limit={limit}"
V2_LIST = "/api/v2/pages/?type=positions.PositionPage&fields=*&limit={limit}"


def query_counts(
    eps: list[Endpoint], results: dict[str, Measurement], timed_requests: int
) -> dict[str, int]:
    """Queries and in-process ms of every endpoint in its configuration; and queries per
    listing at limit 1, 20 and 100: API v1 building the response (cache off), API v1 with the
    cache (a hit), API v2."""
    for endpoint in eps:
        with cache_mode(endpoint):
            results[endpoint.key].queries = count_queries(endpoint.paths[0])
            results[endpoint.key].in_process_ms = in_process_ms(endpoint.paths, timed_requests)
    by_limit = {}
    for limit in (1, 20, 100):
        with cache_off():
            by_limit[f"v1 limit={limit}"] = count_queries(V1_LIST.format(limit=limit))
        by_limit[f"v1 cached limit={limit}"] = count_queries(V1_LIST.format(limit=limit))
        by_limit[f"v2 limit={limit}"] = count_queries(V2_LIST.format(limit=limit))
    return by_limit


def slow_sql(eps: list[Endpoint]) -> dict[str, list[tuple[float, str]]]:
    """The slowest queries of API v1 building its responses (a cache hit makes none)."""
    with cache_off():
        return {e.key: slowest_queries(e.paths[0]) for e in eps if e.api == "v1" and not e.cached}


# --- 5. profile -----------------------------------------------------------------------------


def profile_v1(eps: list[Endpoint], repeat: int) -> dict[str, dict]:
    """Profile API v1 building its responses (cache off: a hit has nothing to profile)
    in-process with pyinstrument: time by layer and the functions of ``frontend_api`` (see
    ``summarise_profile``); full text/HTML profiles go to .data/."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        say("pyinstrument is not installed: no profile (pip install pyinstrument).")
        return {}
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    hotspots = {}
    for endpoint in eps:
        if endpoint.api != "v1" or endpoint.cached:
            continue
        with cache_off():
            for path in endpoint.paths[:3]:
                client.get(path)
            profiler = Profiler(interval=0.001)
            profiler.start()
            for i in range(repeat):
                client.get(endpoint.paths[i % len(endpoint.paths)])
            profiler.stop()
        (DATA_DIR / f"profile-{endpoint.key}.txt").write_text(
            profiler.output_text(unicode=True, color=False), encoding="utf-8"
        )
        (DATA_DIR / f"profile-{endpoint.key}.html").write_text(
            profiler.output_html(), encoding="utf-8"
        )
        hotspots[endpoint.key] = summarise_profile(profiler.last_session.root_frame())
    return hotspots


LAYERS = [
    ("/django/db/", "Django ORM (queries, model instances)"),
    ("/urllib/parse.py", "URL building (urllib.parse)"),
    ("/django/urls/", "URL reversing (django.urls)"),
    ("/json/", "JSON encoding"),
    ("/rest_framework/", "Django REST framework"),
    ("/wagtail/", "Wagtail"),
    ("/modelcluster/", "django-modelcluster"),
    ("/frontend_api/", "frontend_api (own code)"),
    ("/django/", "Django (other)"),
]


# Calls into the database driver (C code, shown as built-ins): time spent in the database.
DRIVER_CALLS = {"execute", "executemany", "fetchone", "fetchmany", "fetchall"}


def layer_of(path: str) -> str | None:
    """The layer a source file belongs to; None for built-ins (charged to their caller)."""
    if not path or path.startswith("<"):
        return None
    for marker, name in LAYERS:
        if marker in path:
            return name
    return "other (stdlib, project)"


def summarise_profile(root) -> dict[str, list[tuple[str, float, float]]]:
    """Where API v1 spends its time: own time by layer (built-ins charged to their caller),
    and the functions of ``frontend_api`` by share of the time with and without callees."""
    total = root.time or 1.0
    layers: dict[str, float] = {}
    inclusive: dict[str, float] = {}
    own: dict[str, float] = {}

    def walk(frame, parent_layer: str, active: frozenset) -> None:
        path = frame.file_path or ""
        layer = layer_of(path) or parent_layer
        if path.startswith("<") and frame.function.rsplit(".", 1)[-1] in DRIVER_CALLS:
            layer = "database (SQLite executing SQL, fetching rows)"
        if not frame.children:  # leaves (incl. pyinstrument's "[self]" frames) add up to 100 %
            layers[layer] = layers.get(layer, 0.0) + frame.time
        key = None
        if "/frontend_api/" in path:
            short = path.split("/frontend_api/", 1)[1]
            key = f"frontend_api/{short}:{frame.line_no} {frame.function}"
            own[key] = own.get(key, 0.0) + frame.total_self_time
            if key not in active:  # recursion: count the outermost call only
                inclusive[key] = inclusive.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, layer, active | {key} if key else active)

    walk(root, "other (stdlib, project)", frozenset())
    ranked = sorted(inclusive.items(), key=lambda item: item[1], reverse=True)
    return {
        "layers": [
            (name, seconds / total, seconds / total)
            for name, seconds in sorted(layers.items(), key=lambda item: item[1], reverse=True)
        ],
        "functions": [
            (key, seconds / total, own.get(key, 0.0) / total) for key, seconds in ranked[:12]
        ],
    }
