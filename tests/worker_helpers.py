"""Running the worker inside a test: ``manage.py db_worker --batch`` works through every task
that is due and stops (tasks scheduled for later stay queued)."""

import io
from unittest import mock

from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def run_worker(*options: str) -> str:
    """Run the worker until no task is due; return what it printed."""
    out = io.StringIO()
    # The worker drops database connections that are not in autocommit mode between tasks,
    # as a long-running process must; a test's connection is inside the test's transaction
    # (on PostgreSQL that would end the test's data), so it is kept here.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", *options, stdout=out, stderr=out)
    return out.getvalue()


def queued(task) -> "DBTaskResult.objects":
    """The queue's rows of ``task`` (a django-tasks Task), oldest first."""
    return DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")


def waiting(task):
    """Rows of ``task`` that wait to be run (due or scheduled for later)."""
    return queued(task).filter(status=TaskResultStatus.READY)
