"""Purging the CDN by surrogate keys, in the manner of ``wagtail.contrib.frontend_cache``
(whose backends purge URLs; Wagtail's own API purges only detail URLs that way).

Every API, embed and feed response names what it shows in ``Surrogate-Key`` and
``Cache-Tag`` (``frontend_api.surrogate``). When content changes, ``frontend_api.purge`` sends
the affected keys with the ``keys_changed`` signal, inside the transaction; here they are
gathered per transaction, and when it commits *one* task purges them *once* per backend:

- Varnish with the xkey vmod: ``PURGE /`` with ``xkey-purge: <keys separated by spaces>``
  (``deploy/varnish/liga.vcl`` answers it), one request per change;
- Cloudflare: ``purge_cache`` with ``tags``, in batches of 30 (the API's limit per call).

Nothing is sent for a transaction that rolls back, and nothing at all without a configured
backend (``make run``). Settings (``cms/settings/cdn.py``, from the environment):
``FRONTEND_CACHE_VARNISH_URL`` (one or more, separated by commas), ``CLOUDFLARE_API_TOKEN`` and
``CLOUDFLARE_ZONE_ID``.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core import checks
from django.db import transaction
from django.dispatch import receiver

from frontend_api.surrogate import keys_changed
from ops.retry import retrying

logger = logging.getLogger("liga.tasks.cdn")

CLOUDFLARE_API = "https://api.cloudflare.com/client/v4"
CLOUDFLARE_MAX_TAGS = 30  # per purge_cache call
TIMEOUT = 10  # seconds: a purge is small; a CDN that does not answer in time has failed


class PurgeError(Exception):
    """A CDN refused or did not answer a purge."""


class SurrogateKeyBackend:
    """Purges every cached response that carries any of ``keys``."""

    name = ""

    def purge(self, keys: list[str]) -> str:
        """Purge ``keys``; return a short report for the log, raise ``PurgeError`` if not."""
        raise NotImplementedError


class VarnishXkeyBackend(SurrogateKeyBackend):
    """Varnish with the xkey vmod: one ``PURGE /`` naming all keys in ``xkey-purge``."""

    name = "varnish"

    def __init__(self, url: str, timeout: float = TIMEOUT):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Not an http(s) URL of a Varnish server: {url!r}")
        self.url = f"{parts.scheme}://{parts.netloc}/"
        self.timeout = timeout

    def purge(self, keys: list[str]) -> str:
        try:
            response = requests.request(
                "PURGE", self.url, headers={"xkey-purge": " ".join(keys)}, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise PurgeError(f"Varnish at {self.url} did not answer: {exc}") from exc
        if response.status_code != 200:
            raise PurgeError(
                f"Varnish at {self.url} answered {response.status_code} {response.reason}"
            )
        # liga.vcl reports how many objects it dropped.
        return f"{self.url}: {response.headers.get('xkey-purged', '?')} objects"


class CloudflareTagBackend(SurrogateKeyBackend):
    """Cloudflare's purge by cache tags (``Cache-Tag``), with an API token that may purge the
    zone's cache."""

    name = "cloudflare"

    def __init__(self, token: str, zone: str, api: str | None = None, timeout=TIMEOUT):
        self.url = f"{(api or CLOUDFLARE_API).rstrip('/')}/zones/{zone}/purge_cache"
        self.token = token
        self.timeout = timeout

    def purge(self, keys: list[str]) -> str:
        batches = [
            keys[start : start + CLOUDFLARE_MAX_TAGS]
            for start in range(0, len(keys), CLOUDFLARE_MAX_TAGS)
        ]
        for batch in batches:
            self.purge_batch(batch)
        return f"{len(keys)} tags in {len(batches)} calls"

    def purge_batch(self, tags: list[str]) -> None:
        try:
            response = requests.post(
                self.url,
                json={"tags": tags},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise PurgeError(f"Cloudflare did not answer: {exc}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or not answer.get("success"):
            errors = "; ".join(str(e.get("message", e)) for e in answer.get("errors") or [])
            raise PurgeError(f"Cloudflare answered {response.status_code}: {errors or '-'}")


def varnish_urls() -> list[str]:
    value = getattr(settings, "FRONTEND_CACHE_VARNISH_URL", "")
    return [url.strip() for url in value.split(",") if url.strip()]


def cloudflare_zone() -> tuple[str, str] | None:
    token = getattr(settings, "CLOUDFLARE_API_TOKEN", "")
    zone = getattr(settings, "CLOUDFLARE_ZONE_ID", "")
    return (token, zone) if token and zone else None


def configured_backends() -> list[SurrogateKeyBackend]:
    """The backends the settings name (none: nothing to purge)."""
    backends: list[SurrogateKeyBackend] = [VarnishXkeyBackend(url) for url in varnish_urls()]
    if cloudflare_zone():
        backends.append(CloudflareTagBackend(*cloudflare_zone()))
    return backends


# Ahead of renditions and PDFs in the queue (and of the scheduler's tick, 50): a publish must
# be fresh at the CDN within seconds. A CDN that does not answer is asked again soon, then
# less often for about 20 minutes (purging twice does no harm).
@retrying(delays=[2, 5, 15, 60, 300, 900], priority=80)
def purge_surrogate_keys(keys: list[str]) -> None:
    """Purge ``keys`` from every configured CDN: one request to each (Cloudflare: one per 30
    tags). Every backend is tried; then any failure is raised, so that the task is retried."""
    failures = []
    for backend in configured_backends():
        try:
            report = backend.purge(keys)
        except PurgeError as exc:
            logger.error("CDN purge failed (%s): %s; keys: %s", backend.name, exc, " ".join(keys))
            failures.append(f"{backend.name}: {exc}")
        else:
            logger.info("CDN purge (%s): %s; keys: %s", backend.name, report, " ".join(keys))
    if failures:
        raise PurgeError("; ".join(failures))


# --- one purge per transaction ---------------------------------------------------------------

_pending = threading.local()


class PendingPurge:
    """The keys of one transaction; called once it commits."""

    def __init__(self):
        self.keys: set[str] = set()
        self.sent = False

    def __call__(self):
        self.sent = True
        purge_surrogate_keys.enqueue(sorted(self.keys))


def purge_after_commit(keys, using=None) -> None:
    """Purge ``keys`` when the current transaction commits, together with every other key
    of that transaction (at once outside a transaction)."""
    if not keys or not (varnish_urls() or cloudflare_zone()):
        return
    connection = transaction.get_connection(using)
    pending = getattr(_pending, connection.alias, None)
    # Still waiting for this transaction's commit? A commit runs it and a rollback (also of
    # the savepoint it was registered in) drops it from the connection's list.
    if (
        pending is None
        or pending.sent
        or not any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        pending = PendingPurge()
        setattr(_pending, connection.alias, pending)
        pending.keys.update(keys)
        # robust: an editor's publish has succeeded whatever the CDN says (failures are logged).
        transaction.on_commit(pending, using=connection.alias, robust=True)
    else:
        pending.keys.update(keys)


@receiver(keys_changed, dispatch_uid="ops_cdn_purge")
def on_keys_changed(sender, keys, **kwargs) -> None:
    purge_after_commit(keys, using=kwargs.get("using"))


@checks.register(checks.Tags.compatibility)
def check_cdn_settings(app_configs, **kwargs):
    """Half a Cloudflare configuration, or a Varnish URL that is none, would silently purge
    nothing."""
    errors = []
    token = getattr(settings, "CLOUDFLARE_API_TOKEN", "")
    zone = getattr(settings, "CLOUDFLARE_ZONE_ID", "")
    if bool(token) != bool(zone):
        errors.append(
            checks.Error(
                "CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONE_ID are needed together.",
                hint="Set both to purge Cloudflare's cache by tags, or neither.",
                id="ops.E101",
            )
        )
    try:
        configured_backends()
    except ValueError as exc:
        errors.append(checks.Error(f"FRONTEND_CACHE_VARNISH_URL: {exc}", id="ops.E102"))
    return errors
