"""Tasks that are tried again when they fail: ``@retrying`` instead of ``@task``.

django-tasks runs a task once; django_tasks_db marks a failed one FAILED and that is all.
Work that talks to something that may be away for a while (a CDN, storage, a webhook
receiver) or that runs while the database is busy needs another attempt later::

    from ops.retry import retrying

    @retrying(attempts=6, backoff=5)          # 5 s, 10 s, 20 s, 40 s, 80 s between attempts
    def purge_keys(keys: list[str]) -> None:
        ...

    purge_keys.enqueue(["positions", "locale:de"])   # an ordinary django-tasks Task

When an attempt raises, the same task is enqueued again with the same arguments, an attempt
number (the keyword argument ``_attempt``, which the function never sees) and ``run_after``
set to the delay: ``backoff × factor^(attempt − 1)``, at most ``max_delay``, ±``jitter``; or
``delays[attempt − 1]`` when an explicit schedule is given; or the ``retry_after`` (seconds)
of the exception when it carries one (``raise Retry("503", retry_after=120)``), at most
``max_delay``. Each retried failure is logged on ``liga.tasks`` at WARNING with the task,
its arguments, the attempt and the delay; its row is FAILED with ``RetryScheduled`` (the
original traceback chained). After the last attempt, or at once for an exception in
``give_up_on``, it is logged at ERROR and the row is FAILED with ``RetriesExhausted``.

A retried task must be idempotent: an attempt may have done part of its work, and a worker
that was killed runs its task again (``ops.worker``). Retries keep the task's declared queue
and priority. Backends that cannot defer a task (the ImmediateBackend of ``make run`` and the
tests) do not retry: the failure is final and logged at ERROR.
"""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Callable, Sequence
from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

logger = logging.getLogger("liga.tasks")

ATTEMPT_KWARG = "_attempt"


class Retry(Exception):  # noqa: N818 - raised to ask for a retry, like Celery's
    """Raise to fail this attempt with a chosen delay before the next (``retry_after``
    seconds, e.g. from a ``Retry-After`` header)."""

    def __init__(self, message: str = "", *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class TaskAttemptFailed(Exception):  # noqa: N818 - it names the outcome, not an error kind
    """Base of the exceptions that end a retrying task's attempt; the cause is chained."""


class RetryScheduled(TaskAttemptFailed):
    """This attempt failed; the next one is enqueued."""


class RetriesExhausted(TaskAttemptFailed):
    """The last attempt failed (or the failure is not worth retrying); nothing follows."""


def next_delay(
    attempt: int,
    *,
    backoff: float,
    factor: float,
    max_delay: float,
    jitter: float,
    delays: Sequence[float] | None,
    exc: BaseException | None = None,
) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        return min(float(retry_after), max_delay)
    base = delays[attempt - 1] if delays else backoff * factor ** (attempt - 1)
    base = min(base, max_delay)
    # Jitter spreads the retries of many tasks that failed together (an outage).
    return max(0.0, base * (1 + random.uniform(-jitter, jitter)))  # noqa: S311 - not crypto


def retrying(
    function: Callable | None = None,
    *,
    attempts: int = 5,
    backoff: float = 10.0,
    factor: float = 2.0,
    max_delay: float = 3600.0,
    jitter: float = 0.1,
    delays: Sequence[float] | None = None,
    give_up_on: tuple[type[BaseException], ...] = (),
    **task_options,
):
    """Make ``function`` a django-tasks ``Task`` that is retried when it raises.

    ``attempts`` counts every run, the first included (``len(delays) + 1`` when ``delays``
    is given). ``task_options`` (``priority``, ``queue_name``, ``backend``) go to
    ``django_tasks.task``. Usable bare (``@retrying``) or with arguments.
    """
    if task_options.get("takes_context"):
        raise TypeError("retrying tasks do not take a context")
    total = len(delays) + 1 if delays else attempts
    policy = {
        "backoff": backoff,
        "factor": factor,
        "max_delay": max_delay,
        "jitter": jitter,
        "delays": delays,
    }

    def decorate(func: Callable):
        retried_task = None

        # functools.wraps keeps __module__ and __qualname__, so the task's path (stored in the
        # queue and imported by the worker) names the decorated function's module attribute.
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                handle_failure(retried_task, exc, args, kwargs, attempt, total, give_up_on, policy)

        retried_task = task(**task_options)(run)
        return retried_task

    return decorate(function) if function is not None else decorate


def handle_failure(retried_task, exc, args, kwargs, attempt, total, give_up_on, policy):
    """Log the failed attempt and enqueue the next one, or give up; always raises."""
    name = retried_task.module_path
    context = {
        "task": name,
        "task_args": list(args),
        "task_kwargs": dict(kwargs),
        "attempt": attempt,
        "attempts": total,
    }
    backend = retried_task.get_backend()
    last = attempt >= total or isinstance(exc, give_up_on) or not backend.supports_defer
    if last:
        why = (
            "giving up"
            if backend.supports_defer
            else "not retried: this backend runs tasks at once"
        )
        logger.error(
            "Task %s failed (attempt %d of %d), %s: %s",
            name,
            attempt,
            total,
            why,
            exc,
            extra=context,
            exc_info=exc,
        )
        raise RetriesExhausted(f"attempt {attempt} of {total} failed; {why}") from exc
    delay = next_delay(attempt, exc=exc, **policy)
    run_after = timezone.now() + timedelta(seconds=delay)
    result = retried_task.using(run_after=run_after).enqueue(
        *args, **kwargs, **{ATTEMPT_KWARG: attempt + 1}
    )
    logger.warning(
        "Task %s failed (attempt %d of %d), retrying in %.0f s: %s",
        name,
        attempt,
        total,
        delay,
        exc,
        extra={**context, "retry_in": round(delay, 1), "retry_id": str(result.id)},
    )
    raise RetryScheduled(
        f"attempt {attempt} of {total} failed; attempt {attempt + 1} runs after "
        f"{run_after.isoformat()} as task {result.id}"
    ) from exc


# Logging of finished tasks. django-tasks logs every failed task at ERROR; a retried attempt
# is already logged at WARNING above, and a stopped worker's task runs again (ops.worker), so
# ops.apps puts this receiver of ``task_finished`` in the place of django-tasks' own.

HANDLED = {f"{__name__}.{cls.__qualname__}" for cls in (RetryScheduled, RetriesExhausted)}
INTERRUPTED = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}


def log_task_finished(sender, task_result, **kwargs) -> None:
    path = task_result.task.module_path
    if task_result.status != TaskResultStatus.FAILED:
        logger.info("Task id=%s path=%s state=%s", task_result.id, path, task_result.status)
        return
    error = task_result.errors[-1] if task_result.errors else None
    error_path = error.exception_class_path if error else ""
    if error_path in HANDLED:
        # Logged with its arguments and attempt by handle_failure.
        logger.info("Task id=%s path=%s state=FAILED (%s)", task_result.id, path, error_path)
    elif error_path in INTERRUPTED:
        logger.warning(
            "Task id=%s path=%s was interrupted by the worker's shutdown", task_result.id, path
        )
    elif error_path.endswith(".DoesNotExist"):
        # Tasks that look their object up by id (Wagtail's reference index, the search index)
        # find nothing when it was deleted before the worker came to them, e.g. a page's
        # inline rows replaced by a later save: expected in a queue, no error.
        logger.warning(
            "Task id=%s path=%s found its object deleted (%s)", task_result.id, path, error_path
        )
    else:
        logger.error(
            "Task id=%s path=%s state=FAILED\n%s",
            task_result.id,
            path,
            error.traceback if error else "",
            extra={"task": path, "task_args": task_result.args},
        )
