"""Media on an S3-compatible store behind ``AWS_S3_ENDPOINT_URL`` (moto's standalone server,
real HTTP): the settings address it by path; images are readable by anyone at the URLs the API
gives, documents by nobody but the hub, which streams them."""

import boto3
import pytest
from botocore.config import Config

from core.factories import LigaDocumentFactory, LigaImageFactory
from frontend_api.serializers.media import file_url
from tests.moto_server import anonymous_get, moto_server
from tests.s3_media import BUCKET, media_settings, s3_environ

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def endpoint():
    with moto_server() as endpoint:
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test-key-id",
            aws_secret_access_key="test-secret",
            config=Config(s3={"addressing_style": "path"}),
        ).create_bucket(Bucket=BUCKET)
        yield endpoint


@pytest.fixture
def store(endpoint):
    environ = s3_environ(AWS_S3_ENDPOINT_URL=endpoint, AWS_S3_REGION_NAME="us-east-1")
    with media_settings(environ):
        yield endpoint


def test_images_are_readable_by_anyone_at_their_url_on_the_endpoint(store):
    image = LigaImageFactory(title="Beratung")
    rendition = image.get_rendition("max-960x960")

    for stored in (image.file, rendition.file):
        url = file_url(stored)
        assert url == f"{store}/{BUCKET}/{stored.name}"  # path-style, plain
        with stored.storage.open(stored.name) as handle:
            assert anonymous_get(url) == (200, handle.read())


def test_documents_are_readable_only_signed_and_downloaded_through_the_hub(store, client):
    document = LigaDocumentFactory(title="Positionspapier")
    key = f"private/{document.file.name}"

    assert anonymous_get(f"{store}/{BUCKET}/{key}") == (403, b"")

    signed = document.file.url
    assert signed.startswith(f"{store}/{BUCKET}/{key}?")
    assert "X-Amz-Expires=60&" in signed
    status, body = anonymous_get(signed)
    assert status == 200 and body.startswith(b"%PDF-")

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == body
