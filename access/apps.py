from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who reads the API how often (keys, rate limits, usage) and draft preview links."""

    name = "access"
    verbose_name = _("API access")
    default_auto_field = "django.db.models.BigAutoField"
