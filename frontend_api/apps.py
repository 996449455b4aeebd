from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontendApiConfig(AppConfig):
    """The read-only JSON API v1 for member websites."""

    name = "frontend_api"
    verbose_name = _("Content API")

    def ready(self):
        from frontend_api.cache import connect_signals

        connect_signals()
