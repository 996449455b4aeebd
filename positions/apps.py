from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PositionsConfig(AppConfig):
    """Position papers, statements, press releases and open letters."""

    name = "positions"
    verbose_name = _("Positions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from positions import signals  # noqa: F401
