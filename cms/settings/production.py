"""Production: every secret comes from the environment, and a missing one stops start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, TASKS, env_bool, env_list


def required_env(name: str) -> str:
    """Return an environment variable or refuse to start without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
required_env("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
PUBLIC_BASE_URL = required_env("PUBLIC_BASE_URL")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)
required_env("DATABASE_URL")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
# Load balancers probe the health checks over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Static files: hashed names, gzip and Brotli copies, served by WhiteNoise from the web
# process with a one-year cache. The release step's collectstatic writes them to STATIC_ROOT.
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Background work goes to the worker (`manage.py db_worker`) through the database.
TASKS["default"]["BACKEND"] = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

# Log lines are JSON objects (one per line) unless LOG_FORMAT says otherwise; access lines
# and the worker's lines at INFO.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
