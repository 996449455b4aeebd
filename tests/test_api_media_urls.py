"""File URLs in API responses are exactly what the storage would say, only built faster."""

import pytest
from botocore.config import Config
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from frontend_api.serializers.media import file_url, public_bucket_prefix


class StoredFile:
    def __init__(self, name, storage):
        self.name, self.storage = name, storage

    @property
    def url(self):
        return self.storage.url(self.name)


NAMES = [
    "images/lead.width-800.webp",
    "images/Rückkehr beratung.jpg",
    "original_images/a+b&c.png",
    "documents/Positionspapier (2025).pdf",
    "images/x~y!*'().jpg",
    "c:evil.jpg",
    "images/../secret.jpg",
    "images/./x.jpg",
    "images//double.jpg",
    "images\\backslash.jpg",
    "/images/leading-slash.jpg",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example.org/media/"])
def test_file_url_equals_the_storage_url(name, base_url, tmp_path):
    storage = FileSystemStorage(location=tmp_path, base_url=base_url)

    assert file_url(StoredFile(name, storage)) == storage.url(name)


BUCKETS = {
    "aws": {"region_name": "eu-central-1"},
    "endpoint": {
        "endpoint_url": "http://minio.internal:9000",
        "client_config": Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    },
    "location": {"region_name": "eu-central-1", "location": "public"},
    "custom domain": {"custom_domain": "media.example.org"},
}


def outcome(url_of, name):
    """The URL, or the kind of error, that ``url_of(name)`` gives."""
    try:
        return url_of(name)
    except Exception as exc:  # noqa: BLE001 - both ways must fail alike
        return type(exc)


@pytest.fixture(scope="module", params=BUCKETS.values(), ids=BUCKETS)
def public_bucket(request):
    """One storage per configuration, as in a web process (making one takes boto a while)."""
    return S3Storage(
        bucket_name="liga-media",
        access_key="key",
        secret_key="secret",
        querystring_auth=False,
        **request.param,
    )


@pytest.mark.parametrize("name", NAMES)
def test_file_url_equals_the_public_bucket_url(name, public_bucket):
    from_file = outcome(lambda n: file_url(StoredFile(n, public_bucket)), name)

    assert from_file == outcome(public_bucket.url, name)


def test_public_bucket_urls_are_built_from_a_prefix_and_signed_ones_never():
    options = {"bucket_name": "liga-media", "access_key": "key", "secret_key": "secret"}
    public = S3Storage(querystring_auth=False, region_name="eu-central-1", **options)
    signed = S3Storage(querystring_auth=True, region_name="eu-central-1", **options)

    assert public_bucket_prefix(public) == "https://liga-media.s3.amazonaws.com/"
    assert public_bucket_prefix(signed) is None
    assert "X-Amz-Signature=" in file_url(StoredFile("documents/a.pdf", signed))
