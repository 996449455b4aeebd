from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The site root and the topic pages ("Themen")."""

    name = "home"
    verbose_name = _("Topics")
    default_auto_field = "django.db.models.BigAutoField"
