"""Absolute URLs for API responses, built from ``PUBLIC_BASE_URL``.

The Host header of a request is chosen by the client; links handed to member websites must
not depend on it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from wagtail.coreutils import get_supported_content_language_variant


def public_base_url() -> str:
    return getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path_or_url: str) -> str:
    """``/media/x.jpg`` → ``https://hub.example.org/media/x.jpg``; absolute URLs stay."""
    if not path_or_url or "://" in path_or_url:
        return path_or_url
    return public_base_url() + path_or_url


def api_url(name: str, *args, query: dict | None = None) -> str:
    """Absolute URL of an API endpoint by its URL name, with an optional query."""
    url = absolute(reverse(f"frontend_api:{name}", args=args))
    return f"{url}?{urlencode(query)}" if query else url


def locale_query(locale_code: str | None) -> dict:
    """``{}`` for the default locale, else ``{"locale": code}``: an API link to an item in
    another language must name it, or the detail would answer in the default language."""
    if not locale_code or locale_code == get_supported_content_language_variant(
        settings.LANGUAGE_CODE
    ):
        return {}
    return {"locale": locale_code}
