from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontendApiConfig(AppConfig):
    """The read-only JSON API v1 for member websites."""

    name = "frontend_api"
    verbose_name = _("Content API")

    def ready(self):
        from frontend_api import cache, purge

        cache.connect_signals()
        # After the cache's receivers: see purge.connect_signals.
        purge.connect_signals()
