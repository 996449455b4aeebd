"""``manage.py db_worker``: django_tasks_db's worker command, running ``ops.worker.LigaWorker``.

Same options as django_tasks_db's (``ops`` comes before ``django_tasks_db`` in
INSTALLED_APPS, so this command is the one ``manage.py`` finds). On start the worker
registers itself, puts tasks of lost workers back in the queue, makes sure the scheduler's
tick waits, and enqueues the renditions images lack; see ``ops.worker``.
"""

import logging
import os
import signal

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from ops.worker import LigaWorker

logger = logging.getLogger("django_tasks_db")

HANDLED_SIGNALS = [signal.SIGINT, signal.SIGTERM] + (
    [signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else []
)


class Command(db_worker.Command):
    help = (
        "Run the background worker (django-tasks database backend): renditions, PDF text, "
        "search indexing, CDN purges and the scheduler's tick."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # django_tasks_db draws the default id once, when the module is imported: two
        # workers started by one process (call_command in tests) would share it.
        parser.set_defaults(worker_id=None)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # django_tasks_db's handle() with LigaWorker in the place of its Worker (it offers no
        # hook for the class); the arguments and their checks are its own.
        self.configure_logging(verbosity)
        worker_id = worker_id or get_random_string(32)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together; not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = LigaWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
            return
        # The signal handlers are put back afterwards: call_command() in a test or a shell
        # must not leave the worker's SIGINT/SIGTERM handling behind.
        previous = {signum: signal.getsignal(signum) for signum in HANDLED_SIGNALS}
        worker.configure_signals()
        try:
            worker.run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
