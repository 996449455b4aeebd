"""A worker restart loses nothing: a task left RUNNING by a worker that died runs again, a
task interrupted by a stopping worker goes back to the queue, and a worker that stops in
order leaves no trace (``ops.worker``)."""

import logging
import signal
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from ops.models import WorkerProcess
from ops.worker import recover_lost_tasks
from tests.worker_helpers import queued, run_worker

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@task()
def send_newsletter(issue: str) -> str:
    RUNS.append(issue)
    return f"sent {issue}"


@task()
def stop_worker_twice_then_send(issue: str) -> str:
    """Receives SIGTERM twice while it runs, as from an impatient process manager; the
    second interrupts it. Once it has run like that, it sends."""
    if issue not in RUNS:
        RUNS.append(issue)
        signal.raise_signal(signal.SIGTERM)  # "shutting down gracefully": this task may finish
        signal.raise_signal(signal.SIGTERM)  # "terminating current task"
    return f"sent {issue}"


@pytest.fixture(autouse=True)
def runs(monkeypatch):
    monkeypatch.setattr(f"{__name__}.RUNS", [])
    return RUNS


def left_running(result, worker_id: str) -> DBTaskResult:
    """Mark ``result`` as claimed by ``worker_id``, as a worker does just before running it."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now(), worker_ids=[worker_id]
    )
    return DBTaskResult.objects.get(pk=result.id)


def a_worker_seen(worker_id: str, seconds_ago: int) -> WorkerProcess:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerProcess.objects.create(
        worker_id=worker_id, hostname="worker-1", pid=4242, started_at=seen, last_seen=seen
    )


def test_a_task_of_a_worker_that_died_runs_again_on_the_next_worker(database_tasks, task_log, runs):
    a_worker_seen("killed-worker", seconds_ago=600)
    left_running(send_newsletter.enqueue("2026-12"), "killed-worker")

    run_worker("--worker-id", "next-worker")

    row = queued(send_newsletter).get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["killed-worker", "next-worker"]
    assert runs == ["2026-12"]
    assert any(
        r.levelno == logging.WARNING and "killed-worker" in r.getMessage() for r in task_log.records
    )


def test_a_task_of_a_worker_without_a_row_counts_as_lost(database_tasks, runs):
    # A worker's row is gone when, e.g., the database was restored from a backup.
    left_running(send_newsletter.enqueue("2026-11"), "unknown-worker")

    run_worker()

    assert queued(send_newsletter).get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_left_running_under_the_id_of_a_restarted_worker_runs_again(database_tasks, runs):
    # Workers with fixed ids (--worker-id worker-1): the new process has the old one's id.
    a_worker_seen("worker-1", seconds_ago=5)
    left_running(send_newsletter.enqueue("2026-10"), "worker-1")

    run_worker("--worker-id", "worker-1")

    assert queued(send_newsletter).get().status == TaskResultStatus.SUCCESSFUL
    assert runs == ["2026-10"]


def test_a_task_of_a_live_worker_is_left_to_it(database_tasks, runs):
    a_worker_seen("busy-worker", seconds_ago=5)
    left_running(send_newsletter.enqueue("2026-10"), "busy-worker")

    run_worker()

    assert queued(send_newsletter).get().status == TaskResultStatus.RUNNING
    assert runs == []


def test_a_task_lost_too_often_is_failed_instead_of_run_again(
    database_tasks, settings, task_log, runs
):
    settings.LIGA_TASKS_MAX_RECOVERIES = 2
    result = send_newsletter.enqueue("2026-09")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["first-worker", "second-worker"]
    )

    assert recover_lost_tasks() == 0

    row = queued(send_newsletter).get()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "ops.worker.WorkerLost"
    assert runs == []
    assert any(r.levelno == logging.ERROR for r in task_log.records)


def test_a_task_interrupted_by_a_stopping_worker_goes_back_to_the_queue(
    database_tasks, task_log, runs
):
    stop_worker_twice_then_send.enqueue("2026-08")

    run_worker("--worker-id", "stopped-worker")

    row = queued(stop_worker_twice_then_send).get()
    assert row.status == TaskResultStatus.READY
    assert row.worker_ids == ["stopped-worker"]
    assert any("interrupted" in r.getMessage() for r in task_log.records)

    run_worker("--worker-id", "restarted-worker")

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "sent 2026-08"


def test_a_worker_that_stops_in_order_leaves_no_row_and_no_signal_handlers(database_tasks):
    before = signal.getsignal(signal.SIGTERM)

    run_worker("--worker-id", "tidy-worker")

    assert not WorkerProcess.objects.exists()
    assert signal.getsignal(signal.SIGTERM) == before
