from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the hub: health checks, request logs, the worker and its scheduled work."""

    name = "ops"
    verbose_name = _("Operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ops import cdn  # noqa: F401 - purges the CDN when content changes; its checks
