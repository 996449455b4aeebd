"""Where media lives: on disk (``make run``) or on S3-compatible object storage.

``AWS_STORAGE_BUCKET_NAME`` switches to django-storages' S3 backend. Images and their
renditions are public objects (their URLs go straight to the bucket or
``AWS_S3_CUSTOM_DOMAIN``); documents are private objects under ``private/``, downloaded only
through the hub, which checks the collection's privacy first and streams the file
(``STORAGES["documents"]``).

Both functions are pure: they read the mapping they are given (``os.environ`` in the
settings, a dict in tests) and nothing else.
"""

from collections.abc import Mapping

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Documents live under this prefix, images and renditions outside it ("original_images/",
# "images/"): a bucket policy can then grant anonymous reads to the image prefixes only, on
# stores that ignore object ACLs (MinIO).
PRIVATE_LOCATION = "private"
# A signed URL of a private object (never handed out by the hub, see ``documents``) expires
# after this many seconds.
SIGNED_URL_SECONDS = 60
# Larger downloads from the bucket (a PDF being streamed, an original being resized) are
# spooled to a temporary file instead of the process's memory.
MAX_MEMORY_SIZE = 2 * 1024 * 1024

PASSED_THROUGH = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


def custom_domain(value: str) -> str:
    """``AWS_S3_CUSTOM_DOMAIN`` as django-storages wants it: a host (and optional path), no
    scheme, no trailing slash; "https://media.example.org/" would otherwise become
    "https://https://media.example.org//…"."""
    value = value.strip()
    for scheme in ("https://", "http://"):
        if value.lower().startswith(scheme):
            value = value[len(scheme) :]
    return value.rstrip("/")


def aws_settings_from_env(environ: Mapping[str, str]) -> dict:
    """The django-storages settings named by the environment (none without a bucket)."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {}
    # Imported only with a bucket: make run (files on disk) never loads boto.
    from botocore.config import Config

    settings = {name: environ[name].strip() for name in PASSED_THROUGH if environ.get(name)}
    if environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip():
        settings["AWS_S3_CUSTOM_DOMAIN"] = custom_domain(environ["AWS_S3_CUSTOM_DOMAIN"])
    # One client configuration for every request to the bucket (django-storages then ignores
    # AWS_S3_ADDRESSING_STYLE and AWS_S3_SIGNATURE_VERSION, so both are set here):
    settings["AWS_S3_CLIENT_CONFIG"] = Config(
        # S3-compatible stores behind AWS_S3_ENDPOINT_URL (MinIO, Ceph, moto, most hosted
        # ones) are addressed by path: bucket names as subdomains would need wildcard DNS
        # there. On AWS itself boto chooses (virtual hosts).
        s3={"addressing_style": "path" if settings.get("AWS_S3_ENDPOINT_URL") else "auto"},
        # Signature version 4 everywhere: MinIO requires it, and botocore would otherwise sign
        # URLs for some endpoints with version 2.
        signature_version="s3v4",
        # An unreachable store fails an upload, a download or /readyz within seconds rather
        # than after the operating system's timeouts and botocore's five attempts.
        connect_timeout=5,
        read_timeout=30,
        retries={"mode": "standard", "max_attempts": 3},
    )
    return settings


def storages_from_env(environ: Mapping[str, str]) -> dict:
    """``STORAGES``: media on disk, or on S3 when a bucket is named.

    The ``OPTIONS`` hold only JSON values: Wagtail deletes files in a background task that
    rebuilds the storage from ``storage.deconstruct()``, i.e. from these options.
    """
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {
            "default": {"BACKEND": FILESYSTEM},
            "documents": {"BACKEND": FILESYSTEM},
            "staticfiles": {"BACKEND": STATIC},
        }
    return {
        # Images and renditions: public, cacheable, plain absolute URLs (no signature) on the
        # bucket or on AWS_S3_CUSTOM_DOMAIN. A replaced file gets a new name (no overwrite),
        # which is what makes a year of caching safe.
        "default": {
            "BACKEND": S3,
            "OPTIONS": {
                "default_acl": "public-read",
                "querystring_auth": False,
                "file_overwrite": False,
                "max_memory_size": MAX_MEMORY_SIZE,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
        # Documents: private objects. The hub streams them after its privacy check (Wagtail's
        # serve view, WAGTAILDOCS_SERVE_METHOD = "serve_view"), so no bucket URL reaches a
        # browser; should one ever be made, it is signed and short-lived, and never on the
        # public custom domain.
        "documents": {
            "BACKEND": S3,
            "OPTIONS": {
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": SIGNED_URL_SECONDS,
                "custom_domain": None,
                "file_overwrite": False,
                "max_memory_size": MAX_MEMORY_SIZE,
                "location": PRIVATE_LOCATION,
            },
        },
        "staticfiles": {"BACKEND": STATIC},
    }
