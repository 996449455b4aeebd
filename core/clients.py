"""Who sent a request: one answer for login throttling and the API's rate limits."""

from django.conf import settings


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or the header ``TRUSTED_PROXY_HEADER`` names when the deployment set one.

    The header (``X-Forwarded-For``; the ``request.META`` spelling ``HTTP_X_FORWARDED_FOR``
    works too) is read only when configured, because any client can send it: set it only when
    a proxy that overwrites it stands in front. Of a list, the last entry is the address the
    trusted proxy itself saw; the ones before it are the client's word.
    """
    header = getattr(settings, "TRUSTED_PROXY_HEADER", None)
    if header:
        name = header.strip().upper().replace("-", "_")
        if not name.startswith("HTTP_"):
            name = "HTTP_" + name
        value = request.META.get(name, "")
        addresses = [part.strip() for part in value.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")
