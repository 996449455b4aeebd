from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the hub: health checks, request logs, the worker and its scheduled work."""

    name = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django_tasks.signals import log_task_finished, task_finished

        from ops import cdn  # noqa: F401 - purges the CDN when content changes; its checks
        from ops.retry import log_task_finished as log_with_retries

        # django-tasks logs every failed task at ERROR. A failed attempt that is retried is
        # logged by ops.retry at WARNING, and a task interrupted by a stopping worker runs
        # again: this receiver knows both (ops.retry.log_task_finished).
        task_finished.disconnect(log_task_finished)
        task_finished.connect(log_with_retries, dispatch_uid="ops_log_task_finished")
