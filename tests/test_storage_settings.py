"""Media settings from the environment (``cms.settings.storage``): files on disk without a
bucket; with one, public images and private documents on S3 with the options production
needs, and the storages the models use follow them."""

import json

from django.core.files.storage import FileSystemStorage, default_storage, storages
from storages.backends.s3 import S3Storage

from cms.settings.storage import aws_settings_from_env, storages_from_env
from core.models import LigaDocument, LigaImage
from tests.s3_media import media_settings, s3_environ

MINIO = s3_environ(
    AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
    AWS_S3_REGION_NAME="us-east-1",
    AWS_S3_CUSTOM_DOMAIN="https://media.liga-sachsen.example/",
)


def test_without_a_bucket_media_stay_on_disk_and_no_aws_setting_is_made():
    environ = {"AWS_S3_ENDPOINT_URL": "http://minio.internal:9000", "AWS_ACCESS_KEY_ID": "x"}

    assert aws_settings_from_env(environ) == {}
    assert {alias: value["BACKEND"] for alias, value in storages_from_env(environ).items()} == {
        "default": "django.core.files.storage.FileSystemStorage",
        "documents": "django.core.files.storage.FileSystemStorage",
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def test_a_bucket_puts_images_and_documents_on_s3():
    configured = storages_from_env(s3_environ())

    assert configured["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["documents"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles")


def test_images_are_public_objects_with_plain_urls_and_never_overwritten():
    options = storages_from_env(s3_environ())["default"]["OPTIONS"]

    assert options["default_acl"] == "public-read"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert options["object_parameters"]["CacheControl"].startswith("public, max-age=")


def test_documents_are_private_objects_under_their_own_prefix_with_short_signatures():
    options = storages_from_env(s3_environ(AWS_S3_CUSTOM_DOMAIN="cdn.example.org"))["documents"][
        "OPTIONS"
    ]

    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert 0 < options["querystring_expire"] <= 60
    assert options["location"] == "private"
    # The public custom domain would give unsigned URLs of private objects.
    assert options["custom_domain"] is None
    assert options["file_overwrite"] is False


def test_documented_variables_are_passed_on_and_the_custom_domain_is_a_bare_host():
    settings = aws_settings_from_env(MINIO)

    assert settings["AWS_STORAGE_BUCKET_NAME"] == "liga-media"
    assert settings["AWS_S3_ENDPOINT_URL"] == "http://minio.internal:9000"
    assert settings["AWS_S3_REGION_NAME"] == "us-east-1"
    assert settings["AWS_ACCESS_KEY_ID"] == "test-key-id"
    assert settings["AWS_SECRET_ACCESS_KEY"] == "test-secret"
    assert settings["AWS_S3_CUSTOM_DOMAIN"] == "media.liga-sachsen.example"


def test_a_custom_endpoint_is_addressed_by_path_and_aws_itself_as_boto_chooses():
    with_endpoint = aws_settings_from_env(MINIO)["AWS_S3_CLIENT_CONFIG"]
    on_aws = aws_settings_from_env(s3_environ())["AWS_S3_CLIENT_CONFIG"]

    assert with_endpoint.s3 == {"addressing_style": "path"}
    assert on_aws.s3 == {"addressing_style": "auto"}
    assert with_endpoint.signature_version == on_aws.signature_version == "s3v4"


def test_an_unreachable_store_fails_within_seconds():
    config = aws_settings_from_env(s3_environ())["AWS_S3_CLIENT_CONFIG"]

    assert config.connect_timeout <= 5
    assert config.read_timeout <= 30
    assert config.retries == {"mode": "standard", "max_attempts": 3}


def test_storage_options_survive_the_delete_task_which_rebuilds_storages_from_json():
    with media_settings(MINIO):
        for alias in ("default", "documents"):
            path, args, kwargs = storages[alias].deconstruct()
            rebuilt = json.loads(json.dumps([path, args, kwargs]))

            assert rebuilt == [path, list(args), kwargs]
            assert kwargs == storages_from_env(MINIO)[alias]["OPTIONS"]


def test_models_use_the_storages_of_the_settings_in_force():
    with media_settings(MINIO):
        image_storage = LigaImage._meta.get_field("file").storage
        document_storage = LigaDocument._meta.get_field("file").storage

        assert isinstance(image_storage, S3Storage) and isinstance(document_storage, S3Storage)
        assert (image_storage.default_acl, image_storage.location) == ("public-read", "")
        assert (document_storage.default_acl, document_storage.location) == ("private", "private")
        assert default_storage.default_acl == "public-read"

    # And back on disk once the settings are restored.
    assert isinstance(LigaImage._meta.get_field("file").storage, FileSystemStorage)
    assert isinstance(LigaDocument._meta.get_field("file").storage, FileSystemStorage)
