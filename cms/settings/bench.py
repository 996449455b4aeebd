"""Benchmark settings (``bench/run.py``): production-like, on a database of its own.

Only the benchmark uses them. They add Wagtail's own API v2 at ``/api/v2/`` (``bench.urls``)
so that the content API v1 can be measured against it on the same models and data; API v2
is never enabled anywhere else.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, INSTALLED_APPS
from .database import database_from_env

BENCH_DATA_DIR = BASE_DIR / "bench" / ".data"

DEBUG = False
# For the local benchmark server only; it listens on 127.0.0.1 and serves generated data.
SECRET_KEY = "bench-only-insecure-key-never-use-elsewhere"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# A SQLite file of its own, never the development database; BENCH_DATABASE_URL may point the
# benchmark at another database (e.g. PostgreSQL) instead.
DATABASES = {
    "default": database_from_env(
        "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DATA_DIR / 'bench.sqlite3'}"
    )
}
MEDIA_ROOT = BENCH_DATA_DIR / "media"

# The API's response cache (frontend_api.cache) is on, as deployed. It must be shared by all
# gunicorn workers (and by bench/run.py, which checks it and measures in-process) and belong
# to the benchmark: files under bench/.data/cache (emptied by bench/run.py before every run),
# or, with REDIS_URL, the base settings' Redis under a key prefix of the benchmark's own so
# that its responses are never mixed up with another site's on the same Redis.
BENCH_CACHE_DIR = BENCH_DATA_DIR / "cache"
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": "bench"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BENCH_CACHE_DIR),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
ROOT_URLCONF = "bench.urls"
# API v2 caps `limit` at 20 by default; allow 100 like API v1 so both can be compared there.
WAGTAILAPI_LIMIT_MAX = 100
