"""What the hub knows about its running worker processes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerProcess(models.Model):
    """A running ``manage.py db_worker``, refreshed every few seconds while it lives.

    A task that is RUNNING on a worker whose row is gone stale was lost with that worker
    (killed, crashed, machine gone): ``ops.worker`` puts it back in the queue.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker process")
        verbose_name_plural = _("worker processes")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
