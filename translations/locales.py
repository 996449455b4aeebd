"""Every content language of the settings has its Wagtail locale.

The set of languages is a setting (``WAGTAIL_CONTENT_LANGUAGES``, from ``CONTENT_LANGUAGES``):
after ``migrate`` each of them can be chosen as a translation target, with no code change and
no admin step. Locales are never deleted here: content may still be written in them.
"""

from django.conf import settings


def content_language_codes() -> list[str]:
    return [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])]


def ensure_content_locales(sender=None, using="default", **kwargs) -> list[str]:
    """Create the missing locales; returns their codes."""
    from wagtail.models import Locale

    existing = set(Locale.objects.using(using).values_list("language_code", flat=True))
    missing = [code for code in content_language_codes() if code not in existing]
    Locale.objects.using(using).bulk_create(Locale(language_code=code) for code in missing)
    return missing
