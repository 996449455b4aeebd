"""Content-Security-Policy on the public site, the admin and the API; embeds keep their own."""

import os
from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().partition(" ")[::2] for part in header.split(";") if part.strip())


def test_public_pages_and_the_api_carry_the_policy(client, hub):
    for url in ("/", hub.rueckkehr.url, "/api/v1/positions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"  # no nonce where no inline script is
        assert directives["object-src"] == "'none'"


def test_the_admin_carries_its_policy(wagtail_admin_client):
    directives = policy(wagtail_admin_client.get("/admin/"))
    # Wagtail's widgets write inline scripts; nothing else is loosened.
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["connect-src"] == "'self'"
    assert directives["object-src"] == "'none'"


def test_the_api_docs_allow_their_inline_script_by_nonce(client):
    response = client.get("/api/v1/docs/")
    nonce = policy(response)["script-src"].split("'nonce-")[1].rstrip("'")
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_embed_pages_keep_their_stricter_policy(client, hub):
    response = client.get("/embed/v1/positions/")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_server_error_page_may_use_its_own_stylesheet(client, site_tree, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("home.models.HomePage.get_context", fail)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "<style>" in response.content.decode()
    assert policy(response)["style-src"] == "'self' 'unsafe-inline'"


@pytest.mark.parametrize(
    ("environ", "origin"),
    [
        ({}, None),
        ({"AWS_STORAGE_BUCKET_NAME": "liga"}, "https://*.amazonaws.com"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "liga", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000/"},
            "http://127.0.0.1:9000",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "liga",
                "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
                "AWS_S3_CUSTOM_DOMAIN": "media.liga-sachsen.de/bilder",
            },
            "https://media.liga-sachsen.de",
        ),
    ],
)
def test_images_on_object_storage_are_allowed_without_configuring_their_origin(environ, origin):
    from cms.settings.security import media_origin, security_settings

    assert media_origin(environ) == origin
    if origin:
        with mock.patch.dict(os.environ, environ, clear=True):
            directives = security_settings(lambda name, default: default)
        img = directives["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
        assert origin in img
        assert origin in directives["CSP_ADMIN_REPLACE"]["img-src"]
