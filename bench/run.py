"""Benchmark: the content API v1 against Wagtail's own API v2, on the same data and server.

    .venv/bin/python bench/run.py [--positions 2000] [--topics 10] [--requests 500]
                                  [--concurrency 4] [--fresh] [--no-profile]

1. Migrates the benchmark database (``cms.settings.bench``: ``bench/.data/bench.sqlite3``)
   and fills it with a generated data set, unless that data set is there already.
2. Empties the benchmark's response cache (``bench/.data/cache``) and starts two gunicorn
   servers (sync workers) on 127.0.0.1 and free ports: one as deployed, API v1's response
   cache on, which also serves API v2 (it exists only in the benchmark settings, see
   ``bench/urls.py``); one with ``FRONTEND_API_CACHE_SECONDS=0``, where API v1 builds every
   response. Both run at once; the load goes to one endpoint at a time.
3. Warms up (at least one request per URL, so every URL of a cached endpoint is in the
   cache, which is then checked), then sends a fixed number of requests per endpoint from a
   few threads over the loopback interface and measures requests per second and latency.
4. Stops the servers; then, in-process with Django's test client on the same database and
   cache, counts the SQL queries per request of every endpoint in its configuration (API
   v1's listing at limit 1, 20 and 100 with and without the cache), times one request
   without HTTP, finds the slowest queries of API v1 building its responses and profiles
   that (pyinstrument; ``--no-profile`` skips it).
5. Writes ``docs/benchmarks.md`` (``--output`` elsewhere).

The data set is generated once (about two minutes) and reused; ``--fresh`` makes it anew.
Run it on an otherwise idle machine: the report records the load average.

Needs gunicorn (and pyinstrument for the profile): ``.venv/bin/pip install gunicorn pyinstrument``.
Nothing here is a test; nothing talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

# Run as a script, this file's folder is on the path, not the project: put the project first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cachecheck import cached_entries, check, reset_cache  # noqa: E402
from bench.common import HOST, REPORT, say  # noqa: E402
from bench.data import describe_data, ensure_data, setup_django  # noqa: E402
from bench.inprocess import profile_v1, query_counts, slow_sql  # noqa: E402
from bench.load import Server, ThrowawayRedis, endpoints, run_load, warm_up  # noqa: E402
from bench.report import write_report  # noqa: E402

# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=2000, help="positions to generate")
    parser.add_argument("--topics", type=int, default=10, help="topics to generate")
    parser.add_argument("--requests", type=int, default=500, help="measured requests/endpoint")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests/endpoint")
    parser.add_argument("--rounds", type=int, default=2, help="rounds the endpoints alternate in")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--detail-sample", type=int, default=50, help="positions for details")
    parser.add_argument("--fresh", action="store_true", help="delete and regenerate the data")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--profile-requests", type=int, default=100)
    parser.add_argument("--in-process-requests", type=int, default=50)
    parser.add_argument("--output", default=str(REPORT), help="report file (Markdown)")
    args = parser.parse_args(argv)
    if min(args.positions, args.topics, args.requests, args.concurrency, args.rounds) < 1:
        parser.error("sizes and counts must be at least 1")
    if args.positions < 20:
        parser.error("--positions must be at least 20 (a listing has 20 items)")
    if args.requests < args.rounds * 2:
        parser.error("--requests must be at least twice --rounds")
    return args


def main() -> None:
    args = parse_args()
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        raise SystemExit("gunicorn is not installed: .venv/bin/pip install gunicorn")
    # The load comes from one address far faster than any member site: no rate limit (the
    # servers inherit it).
    os.environ["API_ANON_RATE"] = "1000000000/min"
    with ThrowawayRedis():
        run(args)


def run(args) -> None:
    setup_django()
    ensure_data(args.positions, args.topics, args.fresh)
    data = describe_data(args.detail_sample)

    from django.db import connections

    connections.close_all()
    reset_cache()
    servers = [
        Server("cached", args.workers),
        Server("uncached", args.workers, {"FRONTEND_API_CACHE_SECONDS": "0"}),
    ]
    eps = endpoints(data, *servers)
    for server in servers:
        say(f"gunicorn ({server.name}, {args.workers} sync workers) on {HOST}:{server.port}")
    load_before = os.getloadavg()[0]
    with servers[0], servers[1]:
        warm_up(eps, args.concurrency, args.warmup)
        before = cached_entries(eps)
        results = run_load(eps, args.requests, args.concurrency, args.rounds)
        cache_check = check(before, cached_entries(eps))
    args.load = (load_before, os.getloadavg()[0])
    say(cache_check.describe())
    say("Servers stopped. Counting queries per request …")
    by_limit = query_counts(eps, results, args.in_process_requests)
    slowest = slow_sql(eps)
    hotspots = {}
    if args.profile:
        say("Profiling API v1 (cache off) …")
        hotspots = profile_v1(eps, args.profile_requests)
    write_report(args, data, eps, results, by_limit, slowest, hotspots, servers, cache_check)
    for endpoint in eps:
        m = results[endpoint.key]
        say(f"  {endpoint.key:18} {m.rps:7.1f} req/s  p50 {m.latency_ms(50):6.1f} ms  "
            f"p95 {m.latency_ms(95):6.1f} ms  {m.queries} queries")  # fmt: skip


if __name__ == "__main__":
    main()
