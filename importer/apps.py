from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    """The ``import_content`` command: loads a content bundle into the hub."""

    name = "importer"
    verbose_name = _("Content import")
