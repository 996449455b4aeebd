"""Whole-response cache of the API, and the HTTP caching headers member sites rely on.

A response is built once and then served from the cache until the content changes. Rather
than tracking which response depends on which object, every change to content the API shows
(a page saved, published, unpublished, moved or deleted; a contact, organisation, image,
rendition, document, collection, view restriction, site or locale saved or deleted) replaces
one *generation* token, and the token is part of every cache key: old entries are simply never
read again and age out. Changes are rare (editors), reads are many (member sites), so this
trades a few needless rebuilds for never serving stale content.

Time changes content too: a page (or contact) whose ``expire_at`` passes is hidden at once
(PRODUCT.md), before any scheduler saves it. So an entry never outlives the next
``expire_at`` of a live page or contact, and ``max-age`` never reaches past it.

The generation lives in the cache itself, so every process sharing the cache (gunicorn
workers, a management command importing content) sees a change at once: use a shared cache
(Redis, or the file cache the base settings choose without ``REDIS_URL``) wherever more than
one process serves the API.

Each response names what it shows in ``Surrogate-Key`` and ``Cache-Tag`` headers (collected
while it is built, ``frontend_api.surrogate``); they are kept with it, so that a response from
the cache and a 304 carry them too.

Settings (all optional):
- ``FRONTEND_API_CACHE_SECONDS`` (300): how long a response is kept; 0 turns the cache off.
- ``FRONTEND_API_MAX_AGE`` (60): ``Cache-Control: max-age`` for browsers and CDNs.
- ``FRONTEND_API_CACHE_ALIAS`` ("default"): which of ``CACHES`` to use.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from rest_framework.exceptions import NotAcceptable

from frontend_api import surrogate
from frontend_api.errors import IF_MATCH_FAILED, problem_response

logger = logging.getLogger(__name__)

GENERATION_KEY = "frontend_api:generation"
KEY_PREFIX = "frontend_api:response"
# Headers of a response that are part of it and kept with it in the cache.
KEPT_HEADERS = ("Content-Language", *surrogate.HEADERS)

# Apps whose every model is content the API shows, or feeds into what it shows.
CONTENT_APPS = ("home", "positions", "contacts", "core", "wagtailimages", "wagtaildocs")
# Of Wagtail's core models, those that decide what is public (pages are matched by class).
CORE_MODELS = ("site", "locale", "collection", "collectionviewrestriction", "pageviewrestriction")


UNKNOWN = object()


def cache_seconds() -> int:
    return int(getattr(settings, "FRONTEND_API_CACHE_SECONDS", 300))


def max_age() -> int:
    return int(getattr(settings, "FRONTEND_API_MAX_AGE", 60))


def api_cache():
    return caches[getattr(settings, "FRONTEND_API_CACHE_ALIAS", "default")]


# --- the generation --------------------------------------------------------------------------


def content_generation() -> str:
    """The current generation token (made on first use)."""
    cache = api_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def new_token() -> str:
    return uuid.uuid4().hex


def new_generation() -> None:
    """Retire every cached response.

    Should the shared cache not answer (Redis down: ``ops.cache.TolerantRedisCache`` serves
    nothing from it meanwhile), the worker retires them as soon as it answers again, so that
    no response cached before the change is served after the outage.
    """
    from ops.cache import set_or_raise

    try:
        set_or_raise(api_cache(), GENERATION_KEY, new_token(), timeout=None)
    except Exception as exc:  # noqa: BLE001 - whatever the cache raises, the change stands
        logger.error("Cached API responses not retired (%s); the worker will retry.", exc)
        transaction.on_commit(retire_later)


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


def content_changed(**kwargs) -> None:
    """Signal receiver: retire cached responses now and again when the transaction commits.

    Now, so that the process that made the change sees it at once; on commit, because a
    response built by another process between the two moments may have read the data from
    before the commit and stored it under the first new token.
    """
    new_generation()
    transaction.on_commit(new_generation)


def is_content_model(model) -> bool:
    from wagtail.models import Page

    meta = model._meta
    if meta.app_label in getattr(settings, "FRONTEND_API_CACHE_APPS", CONTENT_APPS):
        return True
    if meta.app_label == "wagtailcore" and meta.model_name in CORE_MODELS:
        return True
    return issubclass(model, Page)


def _on_model_change(sender, **kwargs) -> None:
    # ``sender`` of m2m_changed is the through model (e.g. a restriction's groups).
    if is_content_model(sender) or (
        kwargs.get("instance") is not None and is_content_model(type(kwargs["instance"]))
    ):
        content_changed()


def connect_signals() -> None:
    """Retire cached responses whenever content changes (called from ``AppConfig.ready``)."""
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_model_change, dispatch_uid=f"frontend_api_cache_{id(signal)}")
    # Moving a page rewrites its descendants' paths with a bulk update (no post_save).
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(content_changed, dispatch_uid=f"frontend_api_cache_{id(signal)}")


# --- responses -------------------------------------------------------------------------------


def response_key(request, generation: str) -> str:
    """The key of a response: the path and the parameters (in a canonical order)."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{generation}:{digest}"


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


class CachedResponseMixin:
    """Serves successful GET responses of an API view from the cache, with ``ETag``,
    ``Cache-Control`` and answers to conditional requests (``If-None-Match`` → 304)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        seconds = cache_seconds()
        entry, key = None, None
        if seconds > 0:
            cache = api_cache()
            key = response_key(request, content_generation())
            entry = cache.get(key)
            if entry is not None and entry["expires"] <= timezone.now():
                entry = None  # a page has expired since: rebuild
            if entry is not None and not self.renders_for(request):
                entry = None  # the view answers 406, as it does when nothing is cached
        if entry is None:
            with surrogate.collecting() as keys:
                response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            surrogate.set_headers(response, keys)
            entry = self.cache_entry(response, seconds)
            if key is not None and entry["expires"] > timezone.now():
                api_cache().set(key, entry, timeout=seconds_until(entry["expires"]) + 1)
        return self.response_from(request, entry)

    def renders_for(self, request) -> bool:
        """Whether the view's renderers satisfy the request's ``Accept``: DRF's own content
        negotiation, so that an answer from the cache is as acceptable as one built anew.
        Views that are not DRF's (feeds, embed pages) answer their one type to any ``Accept``."""
        if not hasattr(self, "get_content_negotiator"):
            return True
        try:
            self.get_content_negotiator().select_renderer(
                self.initialize_request(request), self.get_renderers()
            )
        except NotAcceptable:
            return False
        return True

    def cache_entry(self, response, seconds: int) -> dict:
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
        return {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            "expires": expires,
        }

    def response_from(self, request, entry: dict):
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
        response["ETag"] = entry["etag"]
        for name, value in entry["headers"].items():
            response[name] = value
        patch_cache_control(
            response, public=True, max_age=min(max_age(), seconds_until(entry["expires"]))
        )
        conditional = get_conditional_response(request, etag=entry["etag"], response=response)
        if conditional.status_code == 412:  # Django's is empty text/html
            return problem_response(
                412,
                IF_MATCH_FAILED,
                headers={"ETag": entry["etag"]},
            )
        if conditional is not response:
            # A 304 keeps only the validators and caching headers; a CDN revalidating its copy
            # must still learn what the response shows.
            for name in surrogate.HEADERS:
                if name in response:
                    conditional[name] = response[name]
        return conditional
