"""Production: every secret comes from the environment, and a missing one stops start-up."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, TASKS, env_bool, env_int, env_list


def required_env(name: str) -> str:
    """Return an environment variable or refuse to start without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} is required in production.")
    return value


def checked_url(name: str, schemes: tuple[str, ...], required: bool = False) -> str:
    """An URL variable whose scheme and host are checked now, so that a typo stops start-up
    naming the variable instead of failing on the first request that needs it."""
    value = required_env(name) if required else os.environ.get(name, "").strip()
    if value:
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            raise ImproperlyConfigured(
                f"Environment variable {name} must be an URL starting with "
                f"{' or '.join(s + '://' for s in schemes)}, not {value!r}."
            )
    return value


DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
required_env("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
PUBLIC_BASE_URL = checked_url("PUBLIC_BASE_URL", ("https", "http"), required=True)
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)
checked_url("DATABASE_URL", ("postgres", "postgresql", "pgsql", "sqlite"), required=True)
# Each web thread and the worker keep their database connection for a minute (checked before
# reuse) instead of opening one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
checked_url("REDIS_URL", ("redis", "rediss", "unix"))
checked_url("AWS_S3_ENDPOINT_URL", ("https", "http"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
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
