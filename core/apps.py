from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared building blocks: image and document models, rich-text rules, PDF inspection."""

    name = "core"
    verbose_name = _("Media and shared content rules")
    default_auto_field = "django.db.models.BigAutoField"
