"""Whole-response cache of the API, and the HTTP caching headers member sites rely on.

A response is built once and then served from the cache until something it shows changes.
Each response names what it shows (its surrogate keys, ``frontend_api.surrogate``: the items,
the collections it lists, its language), and each change names the keys it affects
(``frontend_api.purge``: the same keys the CDN purges). A change stamps its keys with the
moment it happened; a cached response is served only while none of its keys has a stamp
from after the moment its building began. So a publish makes cold only the responses that
show, list or link what changed: the other topics, positions and contact people stay warm.

The stamps are set twice: when the change is made (the process making it sees it at once)
and again after its transaction commits and the API's read model has rendered it, because
a response built by another process in between read the content from before. A response
whose building began before that second stamp is never served again.

Time changes content too: a page (or contact) whose ``expire_at`` passes is hidden at once
(PRODUCT.md), before any scheduler saves it. So an entry never outlives the next
``expire_at`` of what it shows, and ``max-age`` never reaches past it.

A cached response is two cache entries: its *head* (ETag, headers, keys, when it was built,
until when it may be served) and its body. A request with a matching ``If-None-Match`` is
answered ``304`` from the head and the stamps alone; the body is read only to send it.

Stamps and responses live in the cache shared by every process (Redis, or the file cache the
base settings choose without ``REDIS_URL``), so a change made by any process (the admin, the
worker, an import) reaches every server at once. A stamp is kept as long as any response
built before it could be (``stamp_seconds``).

Settings (all optional):
- ``FRONTEND_API_CACHE_SECONDS`` (300): how long a response is kept; 0 turns the cache off.
- ``FRONTEND_API_MAX_AGE`` (60): ``Cache-Control: max-age`` for browsers and CDNs.
- ``FRONTEND_API_CACHE_ALIAS`` ("default"): which of ``CACHES`` to use.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_etags
from rest_framework.exceptions import NotAcceptable
from rest_framework.settings import api_settings

from frontend_api import surrogate
from frontend_api.errors import IF_MATCH_FAILED, problem_response

logger = logging.getLogger(__name__)

STAMP_PREFIX = "frontend_api:changed"
KEY_PREFIX = "frontend_api:response"
# Headers of a response that are part of it and kept with it in the cache.
KEPT_HEADERS = ("Content-Language", *surrogate.HEADERS)

UNKNOWN = object()


def cache_seconds() -> int:
    return int(getattr(settings, "FRONTEND_API_CACHE_SECONDS", 300))


def max_age() -> int:
    return int(getattr(settings, "FRONTEND_API_MAX_AGE", 60))


def api_cache():
    return caches[getattr(settings, "FRONTEND_API_CACHE_ALIAS", "default")]


def stamp_seconds() -> int:
    """How long a stamp must be kept: as long as a response built before it may be served."""
    return max(cache_seconds(), max_age()) + 60


def stamp_key(key: str) -> str:
    return f"{STAMP_PREFIX}:{key}"


# --- changes ---------------------------------------------------------------------------------


def stamp(keys, strict: bool = False) -> None:
    """Mark ``keys`` as changed now: no response showing any of them built before this
    moment is served again.

    Should the shared cache not answer (Redis down: ``ops.cache.TolerantRedisCache`` serves
    nothing from it meanwhile), the worker stamps every key as soon as it answers again, so
    that no response cached before the change is served after the outage (``strict``: raise
    instead, for that retry).
    """
    from ops.cache import set_many_or_raise

    now = time.time()
    try:
        set_many_or_raise(api_cache(), {stamp_key(key): now for key in keys}, stamp_seconds())
    except Exception as exc:  # noqa: BLE001 - whatever the cache raises, the change stands
        if strict:
            raise
        logger.error("Cached API responses not retired (%s); the worker will retry.", exc)
        transaction.on_commit(retire_later)


def keys_changed(keys) -> None:
    """``keys`` change in the current transaction (``frontend_api.purge``): stamp them now,
    and again once it has committed and the read model has rendered the change."""
    keys = frozenset(keys)
    stamp(keys)
    transaction.on_commit(functools.partial(after_commit, keys))


def after_commit(keys) -> None:
    from frontend_api.readmodel import maintain

    maintain.flush_after_commit()  # (nothing to do if its own callback ran first)
    stamp(keys)


def retire_all(strict: bool = False) -> None:
    """Stamp every response as changed (every response carries the key of its language):
    after an outage of the cache, or a change rendered late by the worker."""
    from frontend_api.purge import everything

    stamp(everything(), strict)


def retire_later() -> None:
    """Queue one retry of retiring the cached responses (one is enough while it waits)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from frontend_api.tasks import retire_cached_responses

    queued = isinstance(retire_cached_responses.get_backend(), DatabaseBackend)
    if (
        queued
        and DBTaskResult.objects.filter(
            task_path=retire_cached_responses.module_path, status=TaskResultStatus.READY
        ).exists()
    ):
        return
    retire_cached_responses.enqueue()


# --- responses -------------------------------------------------------------------------------


def response_key(request) -> str:
    """The key of a response: the path and the parameters (in a canonical order)."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def next_visibility_change():
    """When the next live page or contact expires (and so leaves the API), or None."""
    from wagtail.models import Page

    from contacts.models import Contact

    now = timezone.now()
    moments = [
        model.objects.filter(live=True, expire_at__gt=now).aggregate(next=Min("expire_at"))["next"]
        for model in (Page, Contact)
    ]
    return min((moment for moment in moments if moment is not None), default=None)


def seconds_until(moment) -> int:
    return max(0, int((moment - timezone.now()).total_seconds()))


def is_current(head: dict) -> bool:
    """Whether a cached response may be served: not past its expiry, and none of its keys
    changed since its building began."""
    return current_body(head, None)[0]


def current_body(head: dict, body_key: str | None) -> tuple[bool, bytes | None]:
    """Whether the response of ``head`` is current and, given ``body_key``, its body: in one
    round trip to the cache (the stamps of its keys and the body read together)."""
    if head["expires"] <= timezone.now():
        return False, None
    wanted = [stamp_key(key) for key in head["keys"]]
    if body_key is not None:
        wanted.append(body_key)
    found = api_cache().get_many(wanted)
    body = found.pop(body_key, None) if body_key is not None else None
    return all(moment < head["built"] for moment in found.values()), body


@functools.lru_cache(maxsize=1024)
def acceptable(view_class, accept: str, format_override: str | None) -> bool:
    """Whether ``view_class``'s renderers satisfy ``Accept`` (and a ``format`` parameter):
    DRF's own content negotiation, decided from the header alone and remembered, so that a
    cached answer is as acceptable as one built anew and costs no request object."""
    view = view_class()
    request = SimpleNamespace(
        headers={"accept": accept},
        query_params={api_settings.URL_FORMAT_OVERRIDE: format_override} if format_override else {},
    )
    try:
        view.get_content_negotiator().select_renderer(request, view.get_renderers())
    except (NotAcceptable, Http404):  # the view answers them as it does when nothing is cached
        return False
    return True


class CachedResponseMixin:
    """Serves successful GET responses of an API view from the cache, with ``ETag``,
    ``Cache-Control`` and answers to conditional requests (``If-None-Match`` → 304)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        seconds = cache_seconds()
        if seconds > 0 and self.renders_for(request):
            key = response_key(request)
            head = api_cache().get(key)
            if head is not None:
                # A matching If-None-Match is answered without reading the body.
                matches = etag_matches(request, head["etag"])
                current, content = current_body(head, None if matches else f"{key}:{head['etag']}")
                if current and matches:
                    return self.response_from(request, head, b"")
                if current and content is not None:
                    return self.response_from(request, head, content)
        built = time.time()
        with surrogate.collecting() as keys:
            response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        surrogate.set_headers(response, keys)
        head, content = self.cache_entry(response, seconds, built, keys)
        if seconds > 0 and head["keys"] and head["expires"] > timezone.now():
            # A response that names nothing it shows could not be retired: never cached.
            timeout = seconds_until(head["expires"]) + 1
            key = response_key(request)
            api_cache().set_many({key: head, f"{key}:{head['etag']}": content}, timeout)
        return self.response_from(request, head, content)

    def renders_for(self, request) -> bool:
        """Whether the view's renderers satisfy the request's ``Accept``; views that are not
        DRF's (feeds, embed pages) answer their one type to any ``Accept``."""
        if not hasattr(self, "get_content_negotiator"):
            return True
        return acceptable(
            type(self),
            request.META.get("HTTP_ACCEPT", "*/*"),
            request.GET.get(api_settings.URL_FORMAT_OVERRIDE),
        )

    def cache_entry(self, response, seconds: int, built: float, keys) -> tuple[dict, bytes]:
        if hasattr(response, "render"):  # DRF's responses render late; Django's are rendered
            response.render()
        now = timezone.now()
        expires = now + timezone.timedelta(seconds=max(seconds, max_age()))
        # Responses composed from the read model know when they change by time alone;
        # the others ask the content tables.
        next_change = getattr(response, "changes_at", UNKNOWN)
        if next_change is UNKNOWN:
            next_change = next_visibility_change()
        if next_change is not None:
            expires = min(expires, next_change)
        head = {
            "content_type": response["Content-Type"],
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            # The keys of its headers: a key left out for length is covered by its collection's.
            "keys": surrogate.fitted(keys),
            "built": built,
            "expires": expires,
        }
        return head, response.content

    def response_from(self, request, head: dict, content: bytes):
        response = HttpResponse(content, content_type=head["content_type"])
        response["ETag"] = head["etag"]
        for name, value in head["headers"].items():
            response[name] = value
        patch_cache_control(
            response, public=True, max_age=min(max_age(), seconds_until(head["expires"]))
        )
        conditional = get_conditional_response(request, etag=head["etag"], response=response)
        if conditional.status_code == 412:  # Django's is empty text/html
            return problem_response(
                412,
                IF_MATCH_FAILED,
                headers={"ETag": head["etag"]},
            )
        if conditional is not response:
            # A 304 keeps only the validators and caching headers; a CDN revalidating its copy
            # must still learn what the response shows.
            for name in surrogate.HEADERS:
                if name in response:
                    conditional[name] = response[name]
        return conditional


def etag_matches(request, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (the weak comparison RFC 9110 asks for a GET):
    the request is answered 304 from the cached head, without its body."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header or request.META.get("HTTP_IF_MATCH"):
        return False  # (If-Match is decided with the body, as when it is built)
    tags = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in tags or etag in tags
