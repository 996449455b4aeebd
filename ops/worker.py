"""The worker process: django_tasks_db's worker, plus what a production queue needs.

django_tasks_db claims a task by marking it RUNNING and then runs it; a worker that dies
(SIGKILL after a stop timeout, out of memory, a lost machine) leaves its task RUNNING
forever, and nothing runs it again. This worker therefore

- registers itself (``ops.models.WorkerProcess``) and refreshes its row every
  ``LIGA_WORKER_HEARTBEAT`` seconds (10) from a background thread, and before each task;
- puts RUNNING tasks whose worker has not been seen for ``LIGA_WORKER_LOST_AFTER`` seconds
  (60) back to READY, on start and at every heartbeat, so a lost task runs again on a live
  worker within about a minute; a task lost ``LIGA_TASKS_MAX_RECOVERIES`` times (3) is
  marked FAILED (``WorkerLost``) instead, so a task that kills its worker cannot do it
  forever;
- keeps the scheduler's tick alive (``ops.tasks.ensure_tick``), on start and at every
  heartbeat (a worker that died while running the tick took the chain with it);
- sends ``ops.signals.worker_started`` (core enqueues renditions that are missing);
- on SIGTERM/SIGINT finishes the task it is running and stops (django_tasks_db); a second
  signal interrupts the task, which is then put back to READY, not FAILED, and runs again.

``--batch`` (tests, one-off runs) starts no heartbeat thread: the row is refreshed before
each task only.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from ops.models import WorkerProcess
from ops.retry import INTERRUPTED
from ops.signals import worker_started
from ops.tasks import ensure_tick, scheduler_tick

logger = logging.getLogger("liga.tasks")

DEFAULT_HEARTBEAT = 10
DEFAULT_LOST_AFTER = 60
DEFAULT_MAX_RECOVERIES = 3
WORKER_LOST = "ops.worker.WorkerLost"


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def recover_lost_tasks(restarted: str = "") -> int:
    """Put RUNNING tasks of workers not seen for ``LIGA_WORKER_LOST_AFTER`` seconds back in
    the queue (or fail them after too many losses); returns how many were recovered.

    ``restarted`` is the id of a worker that is just starting: tasks RUNNING under its id
    belong to an earlier process with the same ``--worker-id`` and are lost however fresh
    that id's row looks."""
    now = timezone.now()
    seen_since = now - timedelta(seconds=setting("LIGA_WORKER_LOST_AFTER", DEFAULT_LOST_AFTER))
    alive = set(
        WorkerProcess.objects.filter(last_seen__gte=seen_since).values_list("worker_id", flat=True)
    )
    alive.discard(restarted)
    max_recoveries = setting("LIGA_TASKS_MAX_RECOVERIES", DEFAULT_MAX_RECOVERIES)
    recovered = 0
    for row in DBTaskResult.objects.running().only("id", "task_path", "worker_ids"):
        lost_with = row.worker_ids[-1] if row.worker_ids else ""
        if lost_with in alive:
            continue
        # The status condition makes this safe when two workers recover at the same time.
        running = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING)
        if len(row.worker_ids) >= max_recoveries:
            changed = running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"{WORKER_LOST}: the task's worker was lost "
                f"{len(row.worker_ids)} times ({', '.join(row.worker_ids)})",
            )
            if changed:
                logger.error(
                    "Task id=%s path=%s lost with its worker %d times; not run again",
                    row.pk,
                    row.task_path,
                    len(row.worker_ids),
                    extra={"task": row.task_path, "worker_ids": row.worker_ids},
                )
            continue
        if running.update(status=TaskResultStatus.READY, started_at=None):
            recovered += 1
            logger.warning(
                "Task id=%s path=%s was running on worker %s, which is gone; it runs again",
                row.pk,
                row.task_path,
                lost_with or "?",
                extra={"task": row.task_path, "worker_id": lost_with},
            )
    return recovered


class LigaWorker(Worker):
    """django_tasks_db's ``Worker`` with registration, heartbeat, recovery and the tick."""

    def run(self) -> None:
        self.stopped = threading.Event()
        heartbeat = None
        self.register()
        try:
            self.check_queue(starting=True)
            worker_started.send(sender=type(self), worker_id=self.worker_id)
            if not self.batch:
                heartbeat = threading.Thread(
                    target=self.beat, name=f"heartbeat-{self.worker_id}", daemon=True
                )
                heartbeat.start()
            super().run()
        finally:
            self.stopped.set()
            if heartbeat is not None:
                heartbeat.join(timeout=5)
            # A worker that stops in order leaves nothing to recover.
            WorkerProcess.objects.filter(pk=self.worker_id).delete()

    def register(self) -> None:
        now = timezone.now()
        WorkerProcess.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen": now,
            },
        )

    def touch(self) -> None:
        WorkerProcess.objects.filter(pk=self.worker_id).update(last_seen=timezone.now())

    def check_queue(self, starting: bool = False) -> None:
        """Recover lost tasks, then make sure a tick waits (in this order, so a recovered
        tick is found waiting and no second chain is started)."""
        recover_lost_tasks(restarted=self.worker_id if starting else "")
        if self.runs_ticks():
            ensure_tick()

    def runs_ticks(self) -> bool:
        queue = scheduler_tick.queue_name
        return (self.process_all_queues or queue in self.queue_names) and (
            queue not in self.excluded_queue_names
        )

    def beat(self) -> None:
        """Heartbeat thread: refresh this worker's row, recover, keep the tick alive."""
        interval = setting("LIGA_WORKER_HEARTBEAT", DEFAULT_HEARTBEAT)
        try:
            while not self.stopped.wait(interval):
                try:
                    # As the worker's loop does: drop a connection the database has closed.
                    close_old_connections()
                    self.touch()
                    self.check_queue()
                except DatabaseError as exc:
                    # SQLite busy with the main thread's write, or the database away: the next
                    # beat tries again; LOST_AFTER leaves room for several missed beats.
                    logger.info("Worker heartbeat skipped: %s", exc)
        finally:
            connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # Claimed: from here a first SIGTERM lets the task finish instead of exiting at once.
        self.running_task = True
        self.touch()
        super().run_task(db_task_result)
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and db_task_result.exception_class_path in INTERRUPTED
        ):
            # Stopped by a second SIGTERM/SIGINT (sys.exit inside the task): not the task's
            # fault, so it goes back to the queue for the next worker.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                status=TaskResultStatus.READY,
                started_at=None,
                finished_at=None,
                exception_class_path="",
                traceback="",
            )
