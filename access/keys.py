"""Recognising the key of a request (``Authorization: Bearer liga_…``).

A keyed request costs one indexed query only when its key is not in the cache: which digest
names which key is kept there for a minute, and revoking a key (``ApiKey.revoke``) deletes
its entry at once, so a revoked key is refused from the next request on, in every process.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

from access.models import ApiKey, digest

logger = logging.getLogger(__name__)

LOOKUP_SECONDS = 60
UNKNOWN = 0  # cached for digests that name no active key


class InvalidKey(Exception):
    """The request names a key that does not exist or was revoked (answer 401)."""


def _cache_key(key_digest: str) -> str:
    return f"access:key:{key_digest}"


def bearer_token(request) -> str | None:
    """The credential of ``Authorization``, or None when the request has no such header.

    Any other scheme than ``Bearer`` is refused rather than ignored: a client that believes
    it sends a key must never be served silently as an anonymous one.
    """
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        return None
    scheme, _, credential = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise InvalidKey("The Authorization header must be `Bearer <API key>`.")
    return credential.strip()


def key_id_for(secret: str) -> int:
    """The id of the active key ``secret``, else ``InvalidKey``."""
    key_digest = digest(secret)
    cached = cache.get(_cache_key(key_digest))
    if cached is None:
        cached = (
            ApiKey.objects.active().filter(digest=key_digest).values_list("pk", flat=True).first()
            or UNKNOWN
        )
        cache.set(_cache_key(key_digest), cached, LOOKUP_SECONDS)
    if cached == UNKNOWN:
        raise InvalidKey("The API key is unknown or has been revoked.")
    return cached


def forget(key_digest: str) -> None:
    cache.delete(_cache_key(key_digest))
