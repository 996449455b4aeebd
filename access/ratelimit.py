"""Fixed-window request quotas shared by every process through Django's cache.

Each client (an IP address, or a key) has one counter per window, named after the window's
start. On Redis (production) one pipelined transaction creates it with its expiry if new
(``SET NX EX``) and counts (``INCR``): one round trip, atomic, so processes sharing Redis
never lose a count. Django's ``cache.add`` + ``cache.incr`` would do the same in two round
trips; it is what the other backends get (LocMem in tests, counting under a lock; the file
cache of ``make run``, whose ``incr`` is not atomic between processes, so concurrent
requests there may undercount).

A fixed window lets a client spend its quota twice around a window boundary; the headers say
exactly when the window resets (``t``), which is what clients need to pace themselves.

When the cache cannot be reached, requests are let through (logged): a Redis outage must not
take the API down with it.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

DEFAULT_RATES = {"anon": "120/min", "key": "1200/min"}
SETTING_OF = {"anon": "API_ANON_RATE", "key": "API_KEY_RATE"}
UNITS = {"s": 1, "sec": 1, "second": 1, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
UNITS["day"] = 86400
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    quota: int
    window: int  # seconds


def parse_rate(text: str) -> Rate:
    """``"120/min"``, ``"3/10s"``, ``"5000/hour"`` → ``Rate``."""
    match = RATE.match(text.lower())
    if not match or match.group(3) not in UNITS:
        raise ImproperlyConfigured(f"A rate must read like `120/min`, not {text!r}.")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * UNITS[unit])


def rate_of(policy: str) -> Rate:
    return parse_rate(getattr(settings, SETTING_OF[policy], DEFAULT_RATES[policy]))


@dataclass(frozen=True)
class Verdict:
    """One request counted against a policy's quota."""

    policy: str
    rate: Rate
    used: int
    reset: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.used <= self.rate.quota

    @property
    def remaining(self) -> int:
        return max(0, self.rate.quota - self.used)

    def headers(self) -> dict[str, str]:
        """IETF httpapi ratelimit-headers, structured-field form."""
        return {
            "RateLimit-Policy": f'"{self.policy}";q={self.rate.quota};w={self.rate.window}',
            "RateLimit": f'"{self.policy}";r={self.remaining};t={self.reset}',
        }


def now() -> float:
    """The time the windows are counted in (a function, so that tests can fix it)."""
    return time.time()


def hit(policy: str, client: str) -> Verdict:
    """Count one request of ``client`` (an IP address or a key id) under ``policy``."""
    rate = rate_of(policy)
    moment = now()
    start = int(moment // rate.window) * rate.window
    reset = max(1, int(start + rate.window - moment))
    counter = f"access:rate:{policy}:{client}:{start}"
    try:
        used = _increment(counter, timeout=rate.window + 1)
    except Exception as exc:  # noqa: BLE001 - whatever the cache raises, the API answers
        logger.warning("Rate limit not counted (cache unavailable): %s", exc)
        used = 0
    return Verdict(policy, rate, used, reset)


def _increment(counter: str, timeout: int) -> int:
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        key = backend.make_and_validate_key(counter)
        with backend._cache.get_client(key, write=True).pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            return pipe.execute()[1]
    cache.add(counter, 0, timeout)
    try:
        return cache.incr(counter)
    except ValueError:
        # The counter expired between add and incr (its window just ended), or the cache
        # skipped the add (``TolerantRedisCache`` while Redis is down): start it again.
        if not cache.add(counter, 1, timeout):
            return cache.incr(counter)
        return 1


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header the trusted proxy in front sets.

    ``TRUSTED_PROXY_HEADER`` (a ``request.META`` name such as ``HTTP_X_FORWARDED_FOR``,
    default none) is read only when set, because any client can send that header: set it
    only when a proxy that overwrites it stands in front. Of a list, the last entry is the
    address the proxy saw.
    """
    header = getattr(settings, "TRUSTED_PROXY_HEADER", None)
    if header:
        forwarded = request.META.get(header, "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")
