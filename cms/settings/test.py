"""Test settings: fast hashing, in-memory media, no outside calls."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests point MEDIA_ROOT at their own tmp_path (tests/conftest.py); this is only a fallback.
MEDIA_ROOT = str(Path(tempfile.gettempdir()) / "liga-test-media")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PUBLIC_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No CDN to purge unless a test names one (its own local server, or varnishd).
FRONTEND_CACHE_VARNISH_URL = CLOUDFLARE_API_TOKEN = CLOUDFLARE_ZONE_ID = ""
