from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrontendApiConfig(AppConfig):
    """The read-only JSON API v1 for member websites."""

    name = "frontend_api"
    verbose_name = _("Content API")

    def ready(self):
        from frontend_api import purge
        from frontend_api.readmodel import maintain, store

        # (``purge`` also retires the API's cached responses: ``frontend_api.cache``.)
        purge.connect_signals()
        maintain.connect_signals()
        post_migrate.connect(store.ensure_current, sender=self, dispatch_uid="readmodel_migrate")
