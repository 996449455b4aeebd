"""A Redis cache that degrades to "no cache" while Redis cannot be reached.

Every web and worker process shares Redis (API responses, Wagtail's renditions). Django's
own ``RedisCache`` raises on a connection error, so a Redis outage would turn every API
request, every image listing in the admin and every upload (whose signals retire cached
responses) into a 500. Here a read that cannot reach Redis is a miss and a write is skipped,
each logged; callers that must know whether a write landed (``frontend_api.cache`` retiring
responses, ``/readyz``) ask with ``strict=True`` or ``ping()``.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("liga.cache")


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class PooledClients(RedisCacheClient):
    """Django's client builds a ``redis.Redis`` for every command: a tenth of a cached API
    response's time in the profile. A ``redis.Redis`` holds nothing but its connection pool
    and is safe to share, so one is kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose reads miss and whose writes are skipped while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClients

    def make_and_validate_key(self, key, version=None):
        # The check warns about keys memcached would refuse; Redis takes any, and a cached
        # API response reads the stamps of 50 to 100 keys.
        return self.make_key(key, version=version)

    def _tolerate(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _unreachable_errors() as exc:
            logger.warning("Redis unreachable, cache %s skipped: %s", operation, exc)
            return default

    def ping(self) -> None:
        """Raise unless Redis answers (for ``/readyz``)."""
        self._cache.get_client(write=True).ping()

    def get(self, key, default=None, version=None):
        return self._tolerate("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._tolerate("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._tolerate("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, strict=False):
        if strict:
            return super().add(key, value, timeout, version)
        return self._tolerate("add", False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, strict=False):
        if strict:
            return super().set(key, value, timeout, version)
        return self._tolerate("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, strict=False):
        if strict:
            return super().set_many(data, timeout, version)
        return self._tolerate("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerate("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._tolerate("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._tolerate("delete_many", None, super().delete_many, keys, version)


def set_many_or_raise(cache, data: dict, timeout=DEFAULT_TIMEOUT) -> None:
    """``cache.set_many`` that raises when the values could not be stored (any backend)."""
    if isinstance(cache, TolerantRedisCache):
        failed = cache.set_many(data, timeout, strict=True)
    else:
        failed = cache.set_many(data, timeout)
    if failed:
        raise RuntimeError(f"Not stored in the cache: {', '.join(failed)}")
