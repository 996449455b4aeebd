"""Login throttling (django-axes) and the Content-Security-Policy (django-csp).

base.py takes ``security_settings(env_int)``; what differs per deployment comes from the
environment.
"""

import datetime
import os
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF


def media_origin(environ) -> str | None:
    """The origin public images come from when they are kept on object storage: the custom
    domain, the S3-compatible endpoint, or AWS itself. Forgetting it in CSP_MEDIA_ORIGINS
    would leave every image of the public site and the admin blank."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return None
    domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    if domain:
        host = urlsplit(domain if "//" in domain else f"//{domain}").netloc
        return f"https://{host}"
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        return f"{parts.scheme}://{parts.netloc}"
    return "https://*.amazonaws.com"


def security_settings(env_int) -> dict:
    """The settings below, upper-case names only."""
    # Login throttling: after LOGIN_FAILURE_LIMIT failed logins for one user name, or from one
    # client address, that name or address is locked for LOGIN_COOLOFF_MINUTES (a superuser can
    # unlock it earlier under Einstellungen → Gesperrte Anmeldungen). The right password does not
    # get through a lock.
    AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
    AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
    AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
    AXES_RESET_ON_SUCCESS = True
    AXES_LOCKOUT_CALLABLE = "core.throttling.lockout_response"
    # The client's address is REMOTE_ADDR unless TRUSTED_PROXY_HEADER names the header that
    # the reverse proxy in front sets ("X-Forwarded-For"): no other header is ever read.
    TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
    AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"

    # Content-Security-Policy of every response that has none of its own (the embed pages and
    # downloads set stricter ones, which are kept). Scripts and styles come from this origin only;
    # an inline <script>/<style> needs the request's nonce (``request.csp_nonce``).
    # CSP_MEDIA_ORIGINS: where images are served from when not from this origin,
    # space-separated; the bucket's own origin is added by itself (media_origin).
    CSP_MEDIA_ORIGINS = [
        *os.environ.get("CSP_MEDIA_ORIGINS", "").split(),
        *filter(None, [media_origin(os.environ)]),
    ]
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, NONCE],
            "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [SELF],
        }
    }
    # The admin (Wagtail 8) writes style attributes and, for its choosers, date pickers and
    # inline panels, inline <script>s made by form widgets that never see the request (so no
    # nonce, and their ids differ per page, so no hash): under /admin/ these directives are
    # replaced. The others (no plugins, no foreign hosts to load from or send to, no framing
    # by other sites, forms to this origin only) hold there too.
    CSP_ADMIN_REPLACE = {
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
    }
    return {name: value for name, value in locals().items() if name.isupper()}
