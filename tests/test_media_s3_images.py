"""Images on S3: uploaded, replaced and deleted through the admin exactly as on disk; public
objects whose plain URLs (bucket or custom domain) the API hands out; a store that is down is
a German message on the form, and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from core.factories import LigaImageFactory, make_jpeg, root_collection
from core.models import LigaImage
from core.renditions import image_renditions
from positions.factories import PositionPageFactory
from tests.s3_media import BUCKET, media_settings, s3_environ, s3_media
from tests.users import with_admin_language

pytestmark = pytest.mark.django_db

BUCKET_URL = f"https://{BUCKET}.s3.amazonaws.com/"
GERMAN_STORAGE_ERROR = "Die Datei konnte nicht gespeichert werden, weil der Medienspeicher"


@pytest.fixture
def bucket():
    with s3_media() as bucket:
        yield bucket


@pytest.fixture
def german_admin(wagtail_admin_client, superuser):
    """The admin as editors see it: in German."""
    with_admin_language(superuser, "de")
    return wagtail_admin_client


def image_form(data: bytes, name="beratung.jpg", **fields) -> dict:
    return {
        "title": "Beratung",
        "description": "Menschen im Gespräch",
        "credit": "",
        "tags": "",
        "collection": root_collection().pk,
        "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
        **fields,
    }


def rendition_keys(image) -> list[str]:
    return sorted(rendition.file.name for rendition in image.renditions.all())


def test_image_uploaded_in_the_admin_is_a_public_object_with_its_renditions(
    bucket, wagtail_admin_client, django_capture_on_commit_callbacks
):
    data = make_jpeg(640, 480)
    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(reverse("wagtailimages:add"), image_form(data))

    assert response.status_code == 302
    image = LigaImage.objects.get(title="Beratung")
    assert (image.width, image.height, image.file_size) == (640, 480, len(data))
    assert image.file.name == "original_images/beratung.jpg"
    assert len(rendition_keys(image)) == len(image_renditions())
    assert bucket.object_keys() == sorted([image.file.name, *rendition_keys(image)])
    for key in bucket.object_keys():
        assert bucket.public_readers(key) == ["READ"]
        assert bucket.head(key)["CacheControl"].startswith("public, max-age=")
    assert bucket.anonymous_get(image.file.name) == (200, data)


def test_api_gives_image_and_rendition_urls_on_the_bucket(
    bucket, client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = LigaImageFactory(title="Beratung")
    PositionPageFactory(parent=site_tree.positions, slug="beratung", image=image)

    shown = client.get("/api/v1/positions/beratung/").json()["image"]

    storage = image.file.storage
    assert shown["url"] == BUCKET_URL + image.file.name == storage.url(image.file.name)
    by_url = {rendition.file.url: rendition for rendition in image.renditions.all()}
    assert set(shown["renditions"]) == set(image_renditions())
    for rendition in shown["renditions"].values():
        assert rendition["url"].startswith(BUCKET_URL + "images/")
        assert rendition["url"] in by_url  # exactly the storage's own URL
        key = rendition["url"].removeprefix(BUCKET_URL)
        assert bucket.anonymous_get(key)[0] == 200


def test_api_gives_image_urls_on_the_custom_domain(client, site_tree):
    environ = s3_environ(AWS_S3_CUSTOM_DOMAIN="media.liga-sachsen.example")
    with s3_media(environ):
        image = LigaImageFactory(title="Beratung")
        image.get_renditions(*image_renditions().values())
        PositionPageFactory(parent=site_tree.positions, slug="beratung", image=image)

        shown = client.get("/api/v1/positions/beratung/").json()["image"]

    assert shown["url"] == f"https://media.liga-sachsen.example/{image.file.name}"
    assert {r["url"].rsplit("/", 1)[0] for r in shown["renditions"].values()} == {
        "https://media.liga-sachsen.example/images"
    }


def test_replacing_an_image_file_stores_the_new_one_and_deletes_the_old_objects(
    bucket, wagtail_admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = LigaImageFactory(title="Beratung", width=64, height=48)
    old_keys = [image.file.name, *rendition_keys(image)]
    new_data = make_jpeg(320, 200, "orange")

    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            image_form(new_data, name="neu.jpg", title=image.title),
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height, image.file_size) == (320, 200, len(new_data))
    assert bucket.read(image.file.name) == new_data
    assert len(rendition_keys(image)) == len(image_renditions())
    assert bucket.object_keys() == sorted([image.file.name, *rendition_keys(image)])
    assert not set(old_keys) & set(bucket.object_keys())


def test_deleting_an_image_in_the_admin_deletes_its_objects(
    bucket, wagtail_admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = LigaImageFactory(title="Beratung")
    assert len(bucket.object_keys()) == 1 + len(image_renditions())

    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))

    assert response.status_code == 302
    assert not LigaImage.objects.exists()
    assert bucket.object_keys() == []


def test_upload_to_a_refusing_store_is_a_german_message_and_stores_nothing(german_admin):
    with s3_media(create_bucket=False):
        response = german_admin.post(reverse("wagtailimages:add"), image_form(make_jpeg()))

    assert response.status_code == 200
    assert GERMAN_STORAGE_ERROR in response.content.decode()
    assert not LigaImage.objects.exists()


def test_multiple_upload_to_a_refusing_store_answers_the_german_message(german_admin):
    with s3_media(create_bucket=False):
        response = german_admin.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("a.jpg", make_jpeg(), content_type="image/jpeg")},
        )

    answer = response.json()
    assert answer["success"] is False
    assert answer["error_message"].startswith(GERMAN_STORAGE_ERROR)
    assert not get_image_model().objects.exists()


def test_replacing_on_a_store_that_is_down_keeps_the_old_file_and_row(
    german_admin, django_capture_on_commit_callbacks
):
    environ = s3_environ(AWS_S3_ENDPOINT_URL="http://127.0.0.1:9")  # nothing listens there
    with s3_media() as bucket:
        image = LigaImageFactory(title="Beratung")
        old = (image.file.name, image.file_hash)
        # The editor opens the image while the store answers (which makes its preview).
        assert german_admin.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
        with media_settings(environ), django_capture_on_commit_callbacks(execute=True):
            response = german_admin.post(
                reverse("wagtailimages:edit", args=[image.pk]),
                image_form(make_jpeg(10, 10), name="neu.jpg"),
            )

        assert response.status_code == 200
        assert GERMAN_STORAGE_ERROR in response.content.decode()
        image.refresh_from_db()
        assert (image.file.name, image.file_hash) == old
        assert old[0] in bucket.object_keys()
        assert not [key for key in bucket.object_keys() if "neu" in key]
