"""Requests per key and day: counted in the cache, written to ``ApiKeyUsage`` by the worker.

A database write per API request would make every keyed cache hit (otherwise no query at
all) a write transaction, and on SQLite a lock shared with the editors. Instead each request
increments a counter in the shared cache (the same ``add`` + ``incr`` as the rate limits)
and ``flush()`` (each scheduler tick, and before the admin report is shown) copies the
counters of today and yesterday into the table.

The flush writes the counters' values, not increments, and keeps the larger of the stored
and the cached count: flushing twice, from two processes, or after the cache lost its
counters never counts a request twice or takes counts back.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from access.models import ApiKey, ApiKeyUsage

logger = logging.getLogger(__name__)

COUNTER_SECONDS = 3 * 24 * 3600  # long enough for yesterday's counters to be flushed


def _counter(day, key_id: int) -> str:
    return f"access:usage:{day.isoformat()}:{key_id}"


def count_request(key_id: int) -> None:
    counter = _counter(timezone.localdate(), key_id)
    try:
        cache.add(counter, 0, COUNTER_SECONDS)
        cache.incr(counter)
    except Exception as exc:  # noqa: BLE001 - a lost count must not fail the request
        logger.warning("API key usage not counted (cache unavailable): %s", exc)


def flush() -> int:
    """Write the cached counters of today and yesterday; returns how many keys had new requests."""
    today = timezone.localdate()
    days = (today - timedelta(days=1), today)
    key_ids = list(ApiKey.objects.values_list("pk", flat=True))
    wanted = {_counter(day, key_id): (day, key_id) for day in days for key_id in key_ids}
    if not wanted:
        return 0
    counted = {wanted[name]: count for name, count in cache.get_many(list(wanted)).items()}
    if not counted:
        return 0
    changed = set()
    for (day, key_id), count in counted.items():
        # A conditional update is atomic: a concurrent flush never lowers a count.
        rows = ApiKeyUsage.objects.filter(key_id=key_id, day=day)
        if rows.filter(count__lt=count).update(count=count):
            changed.add(key_id)
        elif not rows.exists():
            _, created = ApiKeyUsage.objects.get_or_create(
                key_id=key_id, day=day, defaults={"count": count}
            )
            if created:
                changed.add(key_id)
    # "Last used" to within one tick: the moment a flush first sees new requests.
    ApiKey.objects.filter(pk__in=changed).update(last_used=timezone.now())
    return len(changed)
