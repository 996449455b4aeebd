from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translators' workflow on top of wagtail-localize: a locale for every content
    language, the Translators group, and no translation published half-done."""

    name = "translations"
    verbose_name = _("Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from translations import guard, locales, permissions

        guard.install()
        post_migrate.connect(locales.ensure_content_locales, sender=self)
        # Any page model may be a locale's root: no sender, the handler checks.
        post_save.connect(
            permissions.grant_translators_new_locale_root,
            dispatch_uid="translations.grant_translators_new_locale_root",
        )
