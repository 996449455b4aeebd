"""API v1's response cache in the benchmark: emptied before a run, and checked, not assumed.

The servers and this process share one cache (``cms.settings.bench``): files under
``bench/.data/cache``, or Redis under the benchmark's key prefix with ``REDIS_URL``. So this
process can read what the servers stored: after the warm-up, whether every URL of the cached
endpoints is in the cache; after the load, whether any of those entries was built again (a
cache miss during the measurement would have stored a new entry with a new expiry).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.common import DATA_DIR, say
from bench.load import Endpoint


def reset_cache() -> None:
    """No entry of an earlier run (or of the data set's generation) may be served: empty the
    benchmark's cache folder, and retire whatever a shared Redis still holds."""
    from django.conf import settings

    from frontend_api.cache import retire_all

    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("FileBasedCache"):
        folder = Path(config["LOCATION"]).resolve()
        if not folder.is_relative_to(DATA_DIR.resolve()):
            raise SystemExit(f"The benchmark cache {folder} is not under {DATA_DIR}: not emptied.")
        shutil.rmtree(folder, ignore_errors=True)
        say(f"Emptied the response cache ({folder}).")
    retire_all()


Entries = dict[str, tuple[str, object] | None]


def cached_entries(eps: list[Endpoint]) -> Entries:
    """For every URL of the cached endpoints: (ETag, expiry) of its entry if it is in the
    cache and may be served, else None."""
    from django.test import RequestFactory

    from frontend_api.cache import api_cache, is_current, response_key

    factory = RequestFactory()
    entries: Entries = {}
    for endpoint in eps:
        if not endpoint.cached:
            continue
        for path in endpoint.paths:
            head = api_cache().get(response_key(factory.get(path)))
            current = head is not None and is_current(head)
            entries[path] = (head["etag"], head["expires"]) if current else None
    return entries


@dataclass
class CacheCheck:
    urls: int
    after_warmup: int  # URLs in the cache when the measurement began
    kept: int  # of those, still the very same entry when it ended (never rebuilt)
    seconds: int  # how long an entry may be kept (FRONTEND_API_CACHE_SECONDS)

    @property
    def all_hits(self) -> bool:
        return self.after_warmup == self.urls and self.kept == self.urls

    def describe(self) -> str:
        if self.all_hits:
            return (
                f"All {self.urls} URLs of the cached endpoints were in the cache when the "
                "measurement began, and none of their entries was rebuilt during it: every "
                "measured request to a cached endpoint was a cache hit (checked by reading the "
                "shared cache before and after the load, not assumed)."
            )
        return (
            f"Of the {self.urls} URLs of the cached endpoints, {self.after_warmup} were in the "
            f"cache when the measurement began and {self.kept} of those entries were never "
            "rebuilt during it: some measured requests to cached endpoints were cache misses "
            "that built the response (e.g. an entry reached its "
            f"{self.seconds} s lifetime during a long run), as happens when deployed too."
        )


def check(before: Entries, after: Entries) -> CacheCheck:
    from frontend_api.cache import cache_seconds

    present = [path for path, entry in before.items() if entry is not None]
    kept = [path for path in present if after.get(path) == before[path]]
    return CacheCheck(len(before), len(present), len(kept), cache_seconds())
