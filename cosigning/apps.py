from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CosigningConfig(AppConfig):
    """Co-signing ("Mitzeichnung"): member organisations approve a position before it is
    published, in the admin or through a single-use link."""

    name = "cosigning"
    verbose_name = _("Co-signing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cosigning import signals  # noqa: F401
