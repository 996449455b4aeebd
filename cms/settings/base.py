"""Settings shared by every environment; each value that differs per deployment comes from
the environment (see README "Configuration")."""

import os
from pathlib import Path

import django.conf.locale

from .cdn import cdn_settings_from_env
from .database import database_from_env
from .env import env_bool, env_int, env_list
from .security import security_settings
from .storage import aws_settings_from_env, storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent


INSTALLED_APPS = [
    # ops first: its db_worker (the worker process) extends django_tasks_db's.
    "ops",
    "core",
    "contacts",
    "home",
    "positions",
    "importer",
    "translations",
    "cosigning",
    "frontend_api",
    "access",
    "embeds",
    "integration",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so that every log line of a request, and its access log line, has its id.
    "ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the web process itself (hashed, compressed, cached for a year).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under /api/v1/, any error the middleware below or Django answers becomes problem+json.
    "frontend_api.middleware.ProblemDetailsMiddleware",
    # Document downloads: no "Content-Encoding: None" (a Wagtail bug).
    "core.middleware.NoEncodingNoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # API keys and rate limits of /api/v1/ (access.middleware): after CORS, so that a 401 or
    # 429 carries CORS headers and preflights are not counted; before any view, so that a
    # response from the API's cache is counted and labelled too.
    "access.middleware.ApiAccessMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy on every response without one (cms/settings/security.py).
    "core.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (cms/settings/database.py).
DATABASES = {"default": database_from_env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every process that serves or changes content (web workers, the worker, import_content)
# shares one cache: the API's responses and Wagtail's renditions live there. Redis when
# REDIS_URL is set (production), else files (make run).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, but a Redis outage is a miss, not a 500 (ops.cache).
            "BACKEND": "ops.cache.TolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that does not answer fails a request in 2 s, not after the OS timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
# Responses of the content API are kept until content changes (at most this long), and
# browsers and CDNs may reuse them for FRONTEND_API_MAX_AGE seconds.
FRONTEND_API_CACHE_SECONDS = env_int("FRONTEND_API_CACHE_SECONDS", 300)
FRONTEND_API_MAX_AGE = env_int("FRONTEND_API_MAX_AGE", 60)
# Requests per client under /api/v1/ ("120/min", "5000/hour"), shared by all processes through
# the cache: anonymous clients per IP address, clients with an API key per key. The client's
# address is REMOTE_ADDR unless a trusted proxy in front sets TRUSTED_PROXY_HEADER
# (cms/settings/security.py; core.clients.client_ip).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/min")
API_KEY_RATE = os.environ.get("API_KEY_RATE", "1200/min")
# The CDN in front (Varnish, Cloudflare) is purged by surrogate keys on every change.
globals().update(cdn_settings_from_env(os.environ))

# Login throttling and the Content-Security-Policy: cms/settings/security.py.
globals().update(security_settings(env_int))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the admin speaks German by default; content is German at the source
# and translated through wagtail-localize.
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# The content languages, German (the source) first. CONTENT_LANGUAGES replaces the list
# ("code=Native name" items, comma-separated): adding a language needs no code change.
DEFAULT_CONTENT_LANGUAGES = (
    "de=Deutsch,en=English,uk=Українська,ar=العربية,ru=Русский,fa=فارسی,tr=Türkçe,"
    "de-ls=Deutsch (Leichte Sprache)"
)
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (code.strip().lower(), name.strip())
    for code, _, name in (
        item.partition("=") for item in env_list("CONTENT_LANGUAGES", DEFAULT_CONTENT_LANGUAGES)
    )
]
# Languages Django does not know (Easy German is a language of its own here, not "German"):
# their English name and writing direction, for locales/ and the admin.
EXTRA_LANG_INFO = {
    "de-ls": {
        "bidi": False,
        "code": "de-ls",
        "name": "Easy German",
        "name_local": "Deutsch (Leichte Sprache)",
    },
}
django.conf.locale.LANG_INFO.update(EXTRA_LANG_INFO)
WAGTAIL_I18N_ENABLED = True
# A new translation starts as a draft, never live with the German text it was copied from;
# publishing it needs every string translated (translations.guard).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False


def machine_translator_from_env(environ) -> dict | None:
    """wagtail-localize's machine translator: DeepL when ``DEEPL_API_KEY`` is set (a first
    draft that a person reviews), else none, and the editor offers no machine translation.
    ``DEEPL_FORMALITY``: "default", "prefer_more" (formal "Sie") or "prefer_less";
    ``DEEPL_GLOSSARY_IDS``: "DE:EN-GB=glossary-id,DE:UK=…", one glossary per language pair."""
    key = environ.get("DEEPL_API_KEY", "")
    if not key:
        return None
    glossaries = [item.strip() for item in environ.get("DEEPL_GLOSSARY_IDS", "").split(",")]
    return {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": key,
            "FORMALITY": environ.get("DEEPL_FORMALITY", "default"),
            "GLOSSARY_IDS": {
                tuple(pair.strip().upper().split(":", 1)): glossary.strip()
                for pair, _, glossary in (item.partition("=") for item in glossaries if item)
            },
        },
    }


WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env(os.environ)
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

# Media on disk (make run) or on S3-compatible object storage (AWS_STORAGE_BUCKET_NAME):
# images public, documents private (cms/settings/storage.py).
STORAGES = storages_from_env(os.environ)
AWS_SETTINGS = aws_settings_from_env(os.environ)
globals().update(AWS_SETTINGS)

# Background work (renditions, PDF inspection, search indexing, CDN purges, scheduled
# publishing): the worker process (`manage.py db_worker`) reads the queue from the database.
# make run has no worker, so there tasks run at once unless TASKS_BACKEND says otherwise.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# The scheduler's tick (ops.tasks) publishes and unpublishes what is due every this many
# seconds. A PDF is read in a child process limited to this much CPU time and memory (core.pdf).
LIGA_SCHEDULER_INTERVAL = int(os.environ.get("SCHEDULER_INTERVAL", "30"))
LIGA_PDF_CPU_SECONDS = int(os.environ.get("PDF_CPU_SECONDS", "20"))
LIGA_PDF_MEMORY_MB = int(os.environ.get("PDF_MEMORY_MB", "512"))
LIGA_PDF_MAX_PAGES = env_int("PDF_MAX_PAGES", 2000)

# Mail (workflow notifications, password reset) through the SMTP server of EMAIL_HOST.
# Webhooks to member sites (integration): only https to public addresses, except for these
# hosts (exact names), which may also use plain http and private addresses.
WEBHOOK_ALLOW_HTTP_HOSTS = env_list("WEBHOOK_ALLOW_HTTP_HOSTS")

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LIGA Inhalte <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "LIGA der Freien Wohlfahrtspflege in Sachsen"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "core.LigaImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.LigaDocument"
# Position papers are PDFs; anything else is refused (content is sniffed too, see core.pdf).
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
# Downloads always go through the hub's view (privacy check, safe headers): on object storage
# it streams the private object, so no bucket URL reaches a browser.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# A file is stored whole or not at all; a storage that is down is a message on the form.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.LigaDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
# Refuse decompression bombs: 40 megapixels is far above any photo an editor needs. Images are
# decoded for this check in a limited child process (core.sandbox), never in the web process.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.LigaImageForm"
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

# A German admin that asks no other host (issue 12): no avatars from Gravatar, no update
# check or "what's new" banner from wagtail.org; dates as 07.12.2026 in the date pickers
# (cms/formats lets an English admin enter them too); new slugs are ASCII ("uebersetzen",
# existing Unicode slugs keep working); the admin's own English is translated in
# locale/de (LOCALE_PATHS win over Wagtail's catalogues).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
FORMAT_MODULE_PATH = ["cms.formats"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_USER_LOGIN_FORM = "core.forms.LoginForm"

# Public URLs in the API and feeds come from here, never from the request's Host header.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Links in notification e-mails point at the admin of the same hub unless told otherwise.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", PUBLIC_BASE_URL)

# Sites allowed to frame the server-rendered embed pages (/embed/v1/…): CSP frame-ancestors
# sources, separated by spaces or commas, e.g. "https://www.awo-sachsen.de https://*.drk.de".
EMBED_FRAME_ANCESTORS = os.environ.get("EMBED_FRAME_ANCESTORS", "*")

# wagtail-localize: a new translation is never published with untranslated source text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# The content API (DRF, OpenAPI docs, CORS): cms/settings/api.py.
from .api import *  # noqa: E402, F403

# One JSON object per line with the request id (LOG_FORMAT=json, production's default), or
# plain text for a terminal (make run).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One access line per request (ops.middleware), and what the worker does.
        "liga.requests": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "liga.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-tasks' own logger before Django 6 (task started/finished lines).
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Broken PDFs are refused with a clear message; pypdf's own warnings are noise.
        "pypdf": {"level": "ERROR"},
    },
}
