"""Local development: debug on, an insecure key allowed, e-mail on the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405 S105
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
