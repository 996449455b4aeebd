from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedsConfig(AppConfig):
    """Embeds for member websites: web components, server-rendered embed pages, Atom feeds."""

    name = "embeds"
    verbose_name = _("Embeds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Before any edit form is built (Wagtail caches them per page type).
        from embeds import checks  # noqa: F401 - registers the system checks
        from embeds.panels import add_embed_code_panels

        add_embed_code_panels()
