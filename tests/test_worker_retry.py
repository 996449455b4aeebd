"""A task that fails is tried again later, with a growing delay, and logged: each retried
failure at WARNING, the last one at ERROR (``ops.retry``)."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from ops.retry import Retry, next_delay, retrying
from tests.worker_helpers import queued, run_worker, waiting

pytestmark = pytest.mark.django_db

# What the next attempts of ``purge_keys`` do: an exception to raise, or None to succeed.
OUTCOMES: list[Exception | None] = []


@retrying(attempts=3, backoff=10, jitter=0)
def purge_keys(keys: list[str], *, zone: str = "hub") -> str:
    """A stand-in for a CDN purge: fails or succeeds as OUTCOMES says."""
    outcome = OUTCOMES.pop(0) if OUTCOMES else None
    if outcome is not None:
        raise outcome
    return f"purged {len(keys)} keys in {zone}"


@retrying(attempts=5, give_up_on=(LookupError,))
def fetch_missing() -> None:
    raise LookupError("the object is gone")


@task()
def render_report() -> None:
    """A plain django-tasks task, without retries."""
    raise ValueError("no such report")


@pytest.fixture(autouse=True)
def outcomes(monkeypatch):
    monkeypatch.setattr(f"{__name__}.OUTCOMES", [])
    return OUTCOMES


def make_due(row: DBTaskResult) -> None:
    """Let time pass for one waiting retry (the test does not wait for its delay)."""
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())


def records(caplog, level):
    return [r for r in caplog.records if r.name == "liga.tasks" and r.levelno == level]


def test_a_failing_task_is_retried_after_its_backoff_and_the_failure_logged(
    database_tasks, task_log, outcomes
):
    outcomes[:] = [ConnectionError("CDN unreachable")]
    first = purge_keys.enqueue(["positions", "locale:de"], zone="eu")

    run_worker()

    failed = DBTaskResult.objects.get(pk=first.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "ops.retry.RetryScheduled"
    assert "ConnectionError: CDN unreachable" in failed.traceback
    retry = waiting(purge_keys).get()
    assert retry.args_kwargs == {
        "args": [["positions", "locale:de"]],
        "kwargs": {"zone": "eu", "_attempt": 2},
    }
    delay = retry.run_after - retry.enqueued_at
    assert timedelta(seconds=9) < delay <= timedelta(seconds=10)
    [warning] = records(task_log, logging.WARNING)
    assert warning.task == "tests.test_worker_retry.purge_keys"
    assert warning.task_args == [["positions", "locale:de"]]
    assert warning.task_kwargs == {"zone": "eu"}
    assert (warning.attempt, warning.attempts, warning.retry_in) == (1, 3, 10)
    assert "CDN unreachable" in warning.getMessage()
    assert not records(task_log, logging.ERROR), "a retried failure is no error yet"

    make_due(retry)
    run_worker()

    assert queued(purge_keys).last().status == TaskResultStatus.SUCCESSFUL
    assert queued(purge_keys).last().return_value == "purged 2 keys in eu"


def test_the_delay_doubles_and_the_task_gives_up_after_its_last_attempt(
    database_tasks, task_log, outcomes
):
    outcomes[:] = [TimeoutError("timed out")] * 3
    purge_keys.enqueue(["topics"])

    run_worker()
    make_due(waiting(purge_keys).get())
    run_worker()
    second_retry = waiting(purge_keys).get()
    assert second_retry.args_kwargs["kwargs"] == {"_attempt": 3}
    delay = second_retry.run_after - second_retry.enqueued_at
    assert timedelta(seconds=19) < delay <= timedelta(seconds=20)
    make_due(second_retry)
    run_worker()

    assert not waiting(purge_keys).exists()
    rows = list(queued(purge_keys))
    assert [row.exception_class_path for row in rows] == [
        "ops.retry.RetryScheduled",
        "ops.retry.RetryScheduled",
        "ops.retry.RetriesExhausted",
    ]
    assert [r.attempt for r in records(task_log, logging.WARNING)] == [1, 2]
    [error] = records(task_log, logging.ERROR)
    assert error.task == "tests.test_worker_retry.purge_keys"
    assert error.task_args == [["topics"]]
    assert (error.attempt, error.attempts) == (3, 3)
    assert "giving up" in error.getMessage()


def test_a_retry_after_from_the_failure_replaces_the_backoff(database_tasks, outcomes):
    outcomes[:] = [Retry("429 Too Many Requests", retry_after=120)]
    purge_keys.enqueue(["positions"])

    run_worker()

    retry = waiting(purge_keys).get()
    delay = retry.run_after - retry.enqueued_at
    assert timedelta(seconds=119) < delay <= timedelta(seconds=120)


def test_a_failure_not_worth_retrying_gives_up_at_once(database_tasks, task_log):
    fetch_missing.enqueue()

    run_worker()

    assert not waiting(fetch_missing).exists()
    assert queued(fetch_missing).get().exception_class_path == "ops.retry.RetriesExhausted"
    [error] = records(task_log, logging.ERROR)
    assert error.attempt == 1


def test_without_a_queue_a_failure_is_final_and_logged_as_error(db, task_log, outcomes):
    # make run and the tests run tasks at once (ImmediateBackend): there is no later.
    outcomes[:] = [ConnectionError("CDN unreachable")]

    result = purge_keys.enqueue(["positions"])

    assert result.status == TaskResultStatus.FAILED
    [error] = records(task_log, logging.ERROR)
    assert "not retried" in error.getMessage()
    assert not DBTaskResult.objects.exists()


def test_an_unexpected_failure_of_a_task_without_retries_is_logged_as_error(
    database_tasks, task_log
):
    render_report.enqueue()

    run_worker()

    assert queued(render_report).get().exception_class_path == "builtins.ValueError"
    [error] = records(task_log, logging.ERROR)
    assert "state=FAILED" in error.getMessage()
    assert "ValueError: no such report" in error.getMessage()


def test_a_task_whose_object_was_deleted_before_it_ran_is_no_error(database_tasks, task_log):
    from wagtail.tasks import update_reference_index_task

    update_reference_index_task.enqueue("positions", "positiontopic", "999999")

    run_worker()

    assert queued(update_reference_index_task).get().status == TaskResultStatus.FAILED
    assert not records(task_log, logging.ERROR)
    assert any("deleted" in r.getMessage() for r in records(task_log, logging.WARNING))


@pytest.mark.parametrize(
    ("attempt", "policy", "expected"),
    [
        pytest.param(1, {"backoff": 5}, 5, id="first-retry-after-backoff"),
        pytest.param(4, {"backoff": 5}, 40, id="doubling"),
        pytest.param(20, {"backoff": 5}, 3600, id="capped-at-max-delay"),
        pytest.param(2, {"delays": [5, 30, 120]}, 30, id="explicit-schedule"),
    ],
)
def test_the_delay_follows_the_policy(attempt, policy, expected):
    options = {"backoff": 10.0, "factor": 2.0, "max_delay": 3600.0, "jitter": 0.0}
    options["delays"] = None
    options.update(policy)

    assert next_delay(attempt, **options) == expected


def test_jitter_stays_within_its_share_of_the_delay():
    delays = {
        next_delay(1, backoff=100, factor=2, max_delay=3600, jitter=0.1, delays=None)
        for _ in range(50)
    }

    assert all(90 <= delay <= 110 for delay in delays)
    assert len(delays) > 1
