"""What ``/readyz`` checks: the database, the shared cache and the media storage."""

import os
import uuid
from pathlib import Path

from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    cache = caches["default"]
    if hasattr(cache, "ping"):  # ops.cache.TolerantRedisCache hides errors from get/set
        cache.ping()
        return
    key = f"ops:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_storage() -> None:
    for alias in ("default", "documents"):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            # A folder not made yet is made on the first upload; its parent must be writable.
            location = Path(storage.location)
            if not location.is_dir() and not os.access(location.parent, os.W_OK):
                raise RuntimeError(f"{location} cannot be created")
        else:
            # Object storage: listing the top level reads the bucket without writing to it.
            storage.listdir("")


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def run_checks() -> dict[str, str]:
    """``{name: "ok" | "error: <what went wrong>"}`` for every check."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the hub not ready
            results[name] = f"error: {type(exc).__name__}: {exc}"[:300]
        else:
            results[name] = "ok"
    return results
