"""Enqueueing work that belongs to data being written."""

from django.db import router, transaction
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def writes_to_queue_table(backend, using: str | None = None) -> bool:
    """Whether ``backend`` stores tasks in the database that ``using`` writes to."""
    if not isinstance(backend, DatabaseBackend):
        return False
    return using is None or using == router.db_for_write(DBTaskResult)


def enqueue_on_commit(task, *args, using: str | None = None, **kwargs) -> None:
    """Enqueue ``task`` so that it runs only on committed data, and is never lost.

    With the database backend the task row is written now, inside the current transaction:
    it is committed with the data it works on (and rolled back with it), and no worker can
    see it earlier; a process that dies right after the commit loses nothing, which a
    ``transaction.on_commit`` callback would. Any other backend (the ImmediateBackend runs the
    task inside ``enqueue``) gets the task from ``transaction.on_commit``, so that, e.g., a
    rolled-back import never leaves rendition files behind.
    """
    if writes_to_queue_table(task.get_backend(), using):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs), using=using)
