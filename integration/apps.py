from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    """Member-site integration: the change log of published content, the webhooks it feeds
    (a transactional outbox) and the sync endpoint's deltas (``frontend_api.views.sync``)."""

    name = "integration"
    verbose_name = _("Member-site integration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from integration import events, tasks  # noqa: F401 - signal receivers
