"""At scale: API v1 (and Wagtail's API v2) on 100,000 positions in PostgreSQL, in-process.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.scale --positions 100000
    .venv/bin/python -m bench.scale --start-postgres --positions 100000   # a throwaway cluster
    .venv/bin/python -m bench.scale --start-postgres --positions 2000 --no-report   # smoke

1. With ``--start-postgres``, starts a throwaway PostgreSQL cluster (temporary directory,
   127.0.0.1, a free port; as the user ``liga-ci`` when run as root, as ``.ci/run`` does) and
   removes it afterwards (``--keep-postgres`` leaves it running for another measurement).
   Otherwise ``DATABASE_URL`` (or ``BENCH_DATABASE_URL``) names an empty PostgreSQL database,
   or one this script filled before with the same sizes (then not loaded again: migrated,
   the read model rebuilt, measured; handy after a change of the API's code).
2. Migrates; builds the site with the factories (``bench/scale_data.py``: 40 topics, 300
   contacts, 10 organisations, images, PDFs with their text, English copies of the home page
   and positions index) and bulk-loads the positions, 10 % of them also in English, then
   indexes them for search; runs ``rebuild_api_entries`` if the project has it; ``ANALYZE``.
   Every phase is timed.
3. Measures in-process (``cms.settings.bench``, API v1 uncached) each URL of issue 10 and
   Wagtail's API v2 under a time budget per URL, and writes the section "At scale" of
   ``docs/benchmarks.md`` (``--no-report``: print only).

Run it niced on a shared machine (``nice -n 10``); on two shared cores 100,000 positions took
11 minutes to build and 12 to measure. Nothing here is a test; nothing talks to anything
but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from bench.common import DATA_DIR, ROOT, SETTINGS, say
from bench.load import ThrowawayRedis, free_port


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary directory, on 127.0.0.1 and a free port."""

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.root = Path(tempfile.mkdtemp(prefix="liga-scale-pg."))
        self.port = free_port()
        self.prefix: list[str] = []
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=self.version)
        self.env = {**os.environ}
        if candidates:
            self.env["PATH"] = f"{candidates[-1]}:{self.env['PATH']}"

    @staticmethod
    def version(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in Path(path).parent.name.split(".") if part.isdigit())

    def run(self, *command: str) -> None:
        subprocess.run([*self.prefix, *command], env=self.env, check=True, capture_output=True)  # noqa: S603

    def stop_command(self) -> str:
        return shlex.join([*self.prefix, "pg_ctl", "-D", str(self.root / "data"), "stop"])

    def __enter__(self) -> str:
        if os.getuid() == 0:
            # PostgreSQL refuses to run as root: run the cluster as an unprivileged user.
            if subprocess.run(["id", "liga-ci"], capture_output=True).returncode:  # noqa: S607
                subprocess.run(  # noqa: S603
                    ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]  # noqa: S607
                    + ["liga-ci"],
                    check=True,
                )
            shutil.chown(self.root, "liga-ci")
            self.prefix = ["runuser", "-u", "liga-ci", "--"]
        data = str(self.root / "data")
        self.run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                 "--locale=C.UTF-8")  # fmt: skip
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", data, "-l", str(self.root / "server.log"), "-w", "-o", options,
                 "start")  # fmt: skip
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "liga")
        say(f"PostgreSQL in {self.root} on 127.0.0.1:{self.port}")
        return f"postgres://postgres@127.0.0.1:{self.port}/liga"

    def __exit__(self, *exc_info) -> None:
        if self.keep:
            say(f"PostgreSQL kept running; stop it with: {self.stop_command()}")
            return
        subprocess.run(  # noqa: S603
            [*self.prefix, "pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            env=self.env,
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


# The phases that load the data set (kept from the run that loaded it when it is reused).
LOAD_PHASES = (
    "migrate",
    "site tree and factories",
    "bulk positions (de)",
    "bulk translations (en)",
    "search index (rows of Wagtail's backend)",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=40)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up requests per URL")
    parser.add_argument("--budget", type=float, default=60, help="seconds of timing per URL")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE")
    parser.add_argument("--start-postgres", action="store_true")
    parser.add_argument("--keep-postgres", action="store_true")
    parser.add_argument("--no-report", dest="report", action="store_false")
    parser.add_argument(
        "--no-rebuild",
        dest="rebuild",
        action="store_false",
        help="reuse the read model of an earlier run on the same code (no rebuild)",
    )
    args = parser.parse_args(argv)
    if args.positions < 100 or args.topics < 8 or args.contacts < 20:
        parser.error("at least 100 positions, 8 topics and 20 contacts")
    return args


def configure(args, database_url: str | None) -> None:
    """The environment of ``cms.settings.bench`` for this run, before Django starts."""
    url = database_url or os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url or not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Give DATABASE_URL=postgres://… or --start-postgres.")
    os.environ["BENCH_DATABASE_URL"] = url
    os.environ["FRONTEND_API_CACHE_SECONDS"] = "0"
    os.environ["API_ANON_RATE"] = "1000000000/min"
    os.environ["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()
    # A line per task the factories run and per request measured would drown the results.
    for name in ("django_tasks", "liga.tasks", "liga.requests"):
        logging.getLogger(name).setLevel(logging.WARNING)


def build(args) -> dict:
    """Migrate and load the data set, or find it loaded by an earlier run (then the code
    measured may have changed: the read model is rebuilt); the phases."""
    from django.core.management import call_command, get_commands
    from django.db import connection

    from bench.report import code_version
    from bench.scale_data import Phases, build_site, bulk_positions
    from bench.scale_search import index_for_search

    record = DATA_DIR / "scale-build.json"
    earlier = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    phases = Phases()
    phases.timed("migrate", call_command, "migrate", interactive=False, verbosity=0)
    from positions.models import PositionPage

    have = PositionPage.objects.count()
    if have and have != args.positions + args.positions // 10:
        raise SystemExit(f"The database holds {have} positions: give an empty database.")
    if have:
        say(f"Data set exists ({have} positions): not loaded again.")
        loaded = earlier.get("phases", {})
        phases.seconds = {name: loaded[name] for name in LOAD_PHASES if name in loaded} | {
            "migrate (this run)": phases.seconds["migrate"]
        }
    else:
        site = phases.timed("site tree and factories", build_site, args.topics, args.contacts)
        german = phases.timed("bulk positions (de)", bulk_positions, site, args.positions, False)
        english = phases.timed("bulk translations (en)", bulk_positions, site, args.positions, True)
        phases.timed(LOAD_PHASES[-1], index_for_search, german + english)
    if have and not args.rebuild:
        say("  The read model is reused (--no-rebuild).")
        if "rebuild_api_entries" in loaded:
            phases.seconds["rebuild_api_entries"] = loaded["rebuild_api_entries"]
    elif "rebuild_api_entries" in get_commands():
        phases.timed("rebuild_api_entries", call_command, "rebuild_api_entries")
    else:
        say("  rebuild_api_entries does not exist (yet): skipped.")
    with connection.cursor() as cursor:
        phases.timed("ANALYZE", cursor.execute, "ANALYZE")
    command = shlex.join([".venv/bin/python", "-m", "bench.scale", *sys.argv[1:]])
    result = {
        "phases": phases.seconds,
        "code": code_version(),
        "command": "nice -n 10 " + command if os.nice(0) >= 10 else command,
        "loaded_by": (earlier.get("loaded_by") or earlier.get("command") or "not recorded")
        if have
        else None,
    }
    record.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


def counts() -> dict[str, int]:
    from django.db import connection
    from wagtail.models import Page

    from positions.models import (
        PositionContact,
        PositionOrganisation,
        PositionPage,
        PositionTopic,
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()) / 1048576")
        megabytes = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM wagtailsearch_indexentry")
        entries = cursor.fetchone()[0]
    return {
        "positions (de)": PositionPage.objects.filter(locale__language_code="de").count(),
        "positions (en)": PositionPage.objects.filter(locale__language_code="en").count(),
        "pages in all": Page.objects.count(),
        "position–topic links": PositionTopic.objects.count(),
        "position–contact links": PositionContact.objects.count(),
        "position–organisation links": PositionOrganisation.objects.count(),
        "search index entries": entries,
        "database size (MB)": megabytes,
    }


def environment(load: tuple[float, float]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        settings = []
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "fsync",
            "max_parallel_workers_per_gather",
        ):
            cursor.execute(f"SHOW {name}")
            settings.append(f"{name}={cursor.fetchone()[0]}")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return [
        f"{len(os.sched_getaffinity(0))} CPUs ({cpu}), shared with other work; load average "
        f"(1 min) {load[0]:.2f} before and {load[1]:.2f} after the measurements; run with "
        f"`nice` {os.nice(0)}",
        f"{version} on the same machine ({', '.join(settings)}; `fsync` off as in CI: it "
        "speeds up the build, not reads)",
        f"Python {platform.python_version()}, Django {metadata.version('Django')}, "
        f"Wagtail {metadata.version('wagtail')}, search backend "
        "`wagtail.search.backends.database` (PostgreSQL full text)",
        "cache (the rate limit's counters; responses are not cached here): "
        + ("Redis, as deployed" if os.environ.get("REDIS_URL") else "files (no redis-server)"),
    ]


def sample(step_count: int = 10) -> tuple[list[str], list[int]]:
    """Slugs and ids of German positions spread over the data set (for details)."""
    from positions.models import PositionPage

    rows = list(
        PositionPage.objects.filter(locale__language_code="de")
        .order_by("pk")
        .values_list("slug", "pk")
    )
    chosen = rows[:: max(1, len(rows) // step_count)][:step_count]
    return [slug for slug, _ in chosen], [pk for _, pk in chosen]


def main() -> None:
    args = parse_args()
    cluster = ThrowawayPostgres(args.keep_postgres) if args.start_postgres else None
    url = cluster.__enter__() if cluster else None
    redis = ThrowawayRedis()
    try:
        redis.__enter__()
        configure(args, url)
        started = time.perf_counter()
        say(f"Building {args.positions:,} positions …")
        record = build(args)
        say(f"Built in {time.perf_counter() - started:.0f} s. Measuring …")
        from bench import scale_data, scale_measure

        details, ids = sample()
        words = {
            "common": scale_data.COMMON_WORD,
            "rare": scale_data.RARE_WORD,
            "pdf": scale_data.PDF_WORD,
        }
        load_before = os.getloadavg()[0]
        rows = scale_measure.run(
            scale_measure.urls(args.positions, details, ids, words),
            args.requests,
            args.warmup,
            args.budget,
        )
        load = (load_before, os.getloadavg()[0])
        text = scale_measure.section(args, record, rows, environment(load), counts())
        if args.report:
            scale_measure.write(text)
        else:
            say(text)
    finally:
        redis.__exit__(None, None, None)
        if cluster:
            from django.conf import settings

            if settings.configured:
                from django.db import connections

                connections.close_all()
            cluster.__exit__(None, None, None)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
