"""Absolute URLs for API responses, built from ``PUBLIC_BASE_URL``.

The Host header of a request is chosen by the client; links handed to member websites must
not depend on it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


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
