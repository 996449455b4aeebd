"""Scheduled publishing without cron: a tick task that the worker keeps alive.

``scheduler_tick`` publishes what is due and unpublishes what has expired (Wagtail's
``publish_scheduled``), then enqueues the next tick ``LIGA_SCHEDULER_INTERVAL`` seconds
(default 30) later. Exactly one chain of ticks exists however many workers run: whoever wants
to enqueue a tick (a starting worker, a worker's periodic check in ``ops.worker``, a tick
that has finished) first takes the scheduler lock, then enqueues only when no tick is waiting
(READY). Two ticks that ever exist together therefore merge: the first to finish sees the
other waiting and does not continue its own chain.

Ticks have a high priority, so a backlog of renditions never delays publishing; with a tick
every 30 s, a worker polling every second and tasks bounded by the PDF limits, a scheduled
page goes live well within the 90 s PRODUCT.md allows. (An expired page is hidden by the API
at once anyway, before the tick unpublishes it.)
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger("liga.tasks")

DEFAULT_INTERVAL = 30
TICK_PRIORITY = 50
# Key of the PostgreSQL advisory lock that serialises enqueueing ticks ("LIGA tick").
TICK_LOCK_KEY = 0x4C494741


def tick_interval() -> int:
    return int(getattr(settings, "LIGA_SCHEDULER_INTERVAL", DEFAULT_INTERVAL))


def scheduled_models() -> list:
    """Pages, and every snippet with drafts (contacts, organisations): what can be scheduled."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def publish_scheduled() -> dict[str, int]:
    """What ``manage.py publish_scheduled`` does, one object at a time: an object that fails
    is logged and skipped (and tried again by the next tick) instead of stopping the rest.
    The log actions are Wagtail's, so the admin's history reads as with its command."""
    now = timezone.now()
    done = {"unpublished": 0, "published": 0, "failed": 0}
    for model in scheduled_models():
        expired = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for obj in list(expired):
            if _apply(obj, "unpublish", set_expired=True, log_action="wagtail.unpublish.scheduled"):
                done["unpublished"] += 1
            else:
                done["failed"] += 1
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for revision in list(due):
        if _apply(revision, "publish", log_action="wagtail.publish.scheduled"):
            done["published"] += 1
        else:
            done["failed"] += 1
    return done


def _apply(obj, action: str, **kwargs) -> bool:
    try:
        with transaction.atomic():
            getattr(obj, action)(**kwargs)
    except Exception:
        logger.exception("Scheduled %s of %r failed", action, obj, extra={"object": repr(obj)})
        return False
    logger.info("Scheduled %s: %r", action, obj, extra={"object": repr(obj)})
    return True


@task(priority=TICK_PRIORITY)
def scheduler_tick() -> dict[str, int]:
    """Publish and unpublish what is due, then schedule the next tick (even after a failure,
    so that one bad object never stops the scheduler)."""
    try:
        return publish_scheduled()
    finally:
        flush_api_usage()
        ensure_tick(delay=tick_interval())


def flush_api_usage() -> None:
    """Write the API keys' request counters from the cache to the database (access.usage)."""
    from access.usage import flush

    try:
        flush()
    except Exception:
        logger.exception("API key usage not written")


def tick_backend():
    """The backend ticks run on, if it can hold a chain of them (the database backend)."""
    backend = scheduler_tick.get_backend()
    return backend if isinstance(backend, DatabaseBackend) else None


def waiting_ticks(backend):
    return DBTaskResult.objects.filter(
        task_path=scheduler_tick.module_path,
        backend_name=backend.alias,
        status=TaskResultStatus.READY,
    )


@contextmanager
def scheduler_lock():
    """A transaction that no other process checking for ticks can run at the same time:
    SQLite's exclusive transaction locks the whole database; on PostgreSQL an advisory lock,
    held to the end of the transaction, serialises only this check."""
    using = router.db_for_write(DBTaskResult)
    with exclusive_transaction(using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TICK_LOCK_KEY])
        yield


def ensure_tick(delay: float = 0) -> bool:
    """Enqueue a tick to run after ``delay`` seconds unless one is already waiting; returns
    whether one was enqueued. Backends that cannot hold the chain (ImmediateBackend) get none."""
    backend = tick_backend()
    if backend is None:
        return False
    with scheduler_lock():
        if waiting_ticks(backend).exists():
            return False
        # Without run_after a task is ready at once (django_tasks_db stores "far future",
        # which it reads as "now"); with one, it waits.
        run_after = timezone.now() + timedelta(seconds=delay) if delay else None
        scheduler_tick.using(run_after=run_after).enqueue()
    return True
