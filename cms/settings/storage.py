"""Where media lives: on disk (``make run``) or on S3-compatible object storage.

``AWS_STORAGE_BUCKET_NAME`` switches to django-storages' S3 backend. Images and their
renditions are public objects (their URLs go straight to the bucket or
``AWS_S3_CUSTOM_DOMAIN``); documents are private objects, downloaded only through the hub,
which checks the collection's privacy first (``STORAGES["documents"]``).
"""

from collections.abc import Mapping

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"


def aws_settings_from_env(environ: Mapping[str, str]) -> dict:
    """The django-storages settings named by the environment (none without a bucket)."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {}
    names = (
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_S3_CUSTOM_DOMAIN",
    )
    return {name: environ[name] for name in names if environ.get(name)}


def storages_from_env(environ: Mapping[str, str]) -> dict:
    """``STORAGES``: media on disk, or on S3 when a bucket is named."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return {
            "default": {"BACKEND": FILESYSTEM},
            "documents": {"BACKEND": FILESYSTEM},
            "staticfiles": {"BACKEND": STATIC},
        }
    return {
        # Images and renditions: public, cacheable, plain URLs (no signature).
        "default": {
            "BACKEND": S3,
            "OPTIONS": {
                "default_acl": "public-read",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
        # Documents: private objects; the hub streams them after its privacy check.
        "documents": {
            "BACKEND": S3,
            "OPTIONS": {
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
                "location": "private",
            },
        },
        "staticfiles": {"BACKEND": STATIC},
    }
