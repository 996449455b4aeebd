"""Images: uploads must be real, reasonably sized images; every use of an image has alt text."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.blocks import StreamBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from contacts.factories import ContactFactory
from core.factories import LigaImageFactory, make_jpeg, root_collection
from core.models import LigaImage
from home.blocks import BodyBlock
from home.factories import TopicPageFactory
from home.models import TopicPage
from positions.factories import PositionPageFactory

pytestmark = pytest.mark.django_db

ALT_MESSAGE = "Describe the image for people who cannot see it"


# What Pillow allows before it refuses a file as a bomb (``Image.MAX_IMAGE_PIXELS`` unchanged).
PILLOW_DEFAULT_MAX_PIXELS = 1024 * 1024 * 1024 // 4 // 3


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_claiming_size(width, height, image_data=True):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb).

    Its IDAT chunk holds 64 bytes, far too few for the claimed size; ``image_data=False``
    leaves the IDAT chunk out altogether.
    """
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) if image_data else b""
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + idat + png_chunk(b"IEND", b"")


def upload_image(client, name, data, content_type="image/jpeg"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Symbolbild",
            "description": "Menschen im Gespräch",
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "collection": root_collection().pk,
        },
    )


def file_errors(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    with translation.override("en"):  # messages are lazy: evaluate them in English
        return " ".join(str(message) for message in response.context["form"].errors.get("file", []))


def real_png(width=8, height=8):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def cut_in_half(data):
    return data[: len(data) // 2]


def full_clean_errors(instance):
    """The messages of ``instance.full_clean()`` by field, in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            instance.full_clean()
        return {field: [str(m) for m in messages] for field, messages in excinfo.value}


# Upload checks


def test_real_jpeg_upload_is_accepted_with_dimensions(wagtail_admin_client):
    response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(80, 60))

    assert response.status_code == 302
    image = LigaImage.objects.get()
    assert (image.width, image.height) == (80, 60)
    assert image.description == "Menschen im Gespräch"


def test_text_renamed_to_jpg_is_refused(wagtail_admin_client):
    response = upload_image(wagtail_admin_client, "foto.jpg", b"Das ist kein Bild.\n" * 20)

    assert "Upload a valid image" in file_errors(response)
    assert not LigaImage.objects.exists()


def test_png_renamed_to_jpg_is_refused(wagtail_admin_client):
    response = upload_image(wagtail_admin_client, "foto.jpg", real_png())

    assert "extension does not match the file format" in file_errors(response)
    assert not LigaImage.objects.exists()


def test_image_over_the_pixel_limit_is_refused(wagtail_admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000

    response = upload_image(wagtail_admin_client, "foto.jpg", make_jpeg(64, 48))

    assert "This file has too many pixels (3072)" in file_errors(response)
    assert not LigaImage.objects.exists()


def test_png_header_claiming_huge_dimensions_is_refused(wagtail_admin_client):
    bomb = png_claiming_size(100_000, 100_000)
    assert len(bomb) < 200

    response = upload_image(wagtail_admin_client, "bombe.png", bomb, "image/png")

    assert "This file has too many pixels" in file_errors(response)
    assert not LigaImage.objects.exists()


# Damaged files: refused with a message, never a 500 (Pillow fails on them only when decoding)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        pytest.param("foto.jpg", cut_in_half(make_jpeg(320, 240)), "image/jpeg", id="jpeg-cut"),
        pytest.param("grafik.png", cut_in_half(real_png(200, 200)), "image/png", id="png-cut"),
        pytest.param("grafik.png", png_claiming_size(200, 200), "image/png", id="png-idat-short"),
        pytest.param(
            "grafik.png",
            png_claiming_size(200, 200, image_data=False),
            "image/png",
            id="png-no-idat",
        ),
    ],
)
def test_damaged_image_upload_is_refused_with_a_message(
    wagtail_admin_client, name, data, content_type
):
    response = upload_image(wagtail_admin_client, name, data, content_type)

    assert "Upload a valid image" in file_errors(response)
    assert not LigaImage.objects.exists()


def test_png_header_over_our_pixel_limit_but_under_pillows_is_refused(
    wagtail_admin_client, settings
):
    # 50 megapixels: Pillow alone would try to decode it (and fail on the missing data).
    width, height = 10_000, 5_000
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < width * height < PILLOW_DEFAULT_MAX_PIXELS

    response = upload_image(
        wagtail_admin_client, "bombe.png", png_claiming_size(width, height), "image/png"
    )

    errors = file_errors(response)
    assert "This file has too many pixels" in errors
    assert "Maximum pixels 40000000" in errors
    assert not LigaImage.objects.exists()


# Alt text on pages and contacts


@pytest.mark.parametrize("factory_name", ["topic", "position"])
def test_page_image_without_description_or_alt_fails_full_clean(site_tree, factory_name):
    image = LigaImageFactory(description="")
    if factory_name == "topic":
        page = TopicPageFactory(parent=site_tree.topics)
    else:
        page = PositionPageFactory(parent=site_tree.positions)
    page.image = image
    page.image_alt = "   "

    errors = full_clean_errors(page)

    assert ALT_MESSAGE in errors["image_alt"][0]


@pytest.mark.parametrize("factory_name", ["topic", "position"])
def test_page_image_alt_defaults_to_image_description(site_tree, factory_name):
    image = LigaImageFactory(description="Symbolbild: Beratungsgespräch")
    if factory_name == "topic":
        page = TopicPageFactory(parent=site_tree.topics)
    else:
        page = PositionPageFactory(parent=site_tree.positions)
    page.image = image
    page.image_alt = ""

    page.full_clean()

    assert page.image_alt == "Symbolbild: Beratungsgespräch"


def test_page_image_own_alt_text_wins_over_description(site_tree):
    page = TopicPageFactory(parent=site_tree.topics)
    page.image = LigaImageFactory(description="")
    page.image_alt = "  Zwei Beraterinnen am Tisch  "

    page.full_clean()

    assert page.image_alt == "Zwei Beraterinnen am Tisch"


def test_page_with_undescribed_image_and_no_alt_cannot_be_saved_in_code(site_tree):
    # Page.save() runs full_clean(), so the importer and the shell cannot bypass the rule.
    page = TopicPageFactory.build(
        title="Armut", slug="armut", image=LigaImageFactory(description="")
    )

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        site_tree.topics.add_child(instance=page)

    assert "image_alt" in excinfo.value.message_dict
    assert not TopicPage.objects.filter(slug="armut").exists()


def test_page_without_image_needs_no_alt(site_tree):
    page = TopicPageFactory(parent=site_tree.topics)

    page.full_clean()

    assert page.image_alt == ""


def test_contact_photo_without_description_or_alt_fails_full_clean():
    contact = ContactFactory(photo=LigaImageFactory(description=""), photo_alt="")

    errors = full_clean_errors(contact)

    assert ALT_MESSAGE in errors["photo_alt"][0]


def test_contact_photo_alt_defaults_to_image_description():
    contact = ContactFactory(photo=LigaImageFactory(description="Porträt von Maria Lehmann"))

    contact.full_clean()

    assert contact.photo_alt == "Porträt von Maria Lehmann"


def test_admin_refuses_topic_with_undescribed_image_and_no_alt(site_tree, wagtail_admin_client):
    image = LigaImageFactory(description="")
    data = nested_form_data(
        {
            "title": "Pflege",
            "slug": "pflege",
            "intro": rich_text("<p>Gute Pflege.</p>"),
            "image": image.pk,
            "image_alt": "",
            "body": streamfield([]),
            "contact_links": inline_formset([]),
            "action-publish": "action-publish",
        }
    )

    response = wagtail_admin_client.post(
        reverse("wagtailadmin_pages:add", args=["home", "topicpage", site_tree.topics.pk]), data
    )

    assert response.status_code == 200
    with translation.override("en"):
        assert ALT_MESSAGE in " ".join(map(str, response.context["form"].errors["image_alt"]))
    assert not TopicPage.objects.filter(slug="pflege").exists()


# Alt text in StreamField image blocks


def clean_body(image, alt):
    block = BodyBlock()
    value = block.to_python([{"type": "image", "value": {"image": image.pk, "alt": alt}}])
    with translation.override("en"):
        return block.clean(value)


def test_image_block_without_alt_or_description_is_refused():
    with pytest.raises(StreamBlockValidationError) as excinfo:
        clean_body(LigaImageFactory(description=""), alt="")

    alt_error = excinfo.value.block_errors[0].block_errors["alt"]
    with translation.override("en"):
        assert "Enter alt text here or a description" in alt_error.messages[0]


def test_image_block_without_alt_is_accepted_when_image_is_described():
    value = clean_body(LigaImageFactory(description="Symbolbild: Kita"), alt="")

    assert value[0].value["image"].description == "Symbolbild: Kita"


def test_image_block_with_own_alt_is_accepted():
    value = clean_body(LigaImageFactory(description=""), alt="Kinder beim Spielen")

    assert value[0].value["alt"] == "Kinder beim Spielen"


def test_admin_refuses_body_image_block_without_alt(site_tree, wagtail_admin_client):
    image = LigaImageFactory(description="")
    data = nested_form_data(
        {
            "title": "Kita",
            "slug": "kita",
            "intro": rich_text("<p>Kinder.</p>"),
            "image_alt": "",
            "body": streamfield([("image", {"image": image.pk, "alt": "", "caption": ""})]),
            "contact_links": inline_formset([]),
            "action-publish": "action-publish",
        }
    )

    response = wagtail_admin_client.post(
        reverse("wagtailadmin_pages:add", args=["home", "topicpage", site_tree.topics.pk]), data
    )

    assert response.status_code == 200
    body_error = response.context["form"].errors.as_data()["body"][0]
    assert "alt" in body_error.block_errors[0].block_errors
    assert not TopicPage.objects.filter(slug="kita").exists()
