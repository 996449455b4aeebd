"""The seed position paper from German into English and Ukrainian by a translator, through
the admin (PO file, machine draft), served by the API and the public pages in each language;
and what follows the source."""

import io

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation

from core.factories import LigaDocumentFactory
from positions.models import PositionPage

pytestmark = pytest.mark.django_db

DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
UKRAINIAN_TITLE = "Позиційний документ щодо консультування з питань повернення"


@pytest.fixture
def seed_position(site_tree, django_capture_on_commit_callbacks):
    """The demo bundle (the seed page's text) imported; its paper in German."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_content", "demo/bundle", stdout=io.StringIO())
    return PositionPage.objects.get(slug="rueckkehrberatung", locale__language_code="de")


def submit_through_admin(client, page, code) -> Translation:
    locale = Locale.objects.get(language_code=code)
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert client.post(url, {"locales": [locale.pk]}).status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def edit_url(translation) -> str:
    target = translation.get_target_instance()
    return reverse("wagtailadmin_pages:edit", args=[target.pk])


def test_translator_takes_the_seed_paper_into_ukrainian_with_a_po_file(
    seed_position, translator_client, client, django_capture_on_commit_callbacks
):
    translation = submit_through_admin(translator_client, seed_position, "uk")
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])
    po = polib.pofile(translator_client.get(download).content.decode())
    for entry in po:  # the agency's work: every string, the title in Ukrainian
        entry.msgstr = UKRAINIAN_TITLE if entry.msgctxt == "title" else f"[uk] {entry.msgid}"
    slug = next(entry for entry in po if entry.msgctxt == "slug")
    slug.msgstr = "povernennia"
    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    po_file = SimpleUploadedFile("uk.po", str(po).encode(), "text/x-gettext-translation")
    translator_client.post(f"{upload}?next={edit_url(translation)}", {"file": po_file})

    with django_capture_on_commit_callbacks(execute=True):
        translator_client.post(edit_url(translation), {"action": "publish"})

    item = client.get("/api/v1/positions/povernennia/", {"locale": "uk"}).json()
    assert item["title"] == UKRAINIAN_TITLE and item["locale"] == "uk"
    assert {"locale": "uk", "api_url": item["api_url"]} in client.get(
        "/api/v1/positions/rueckkehrberatung/"
    ).json()["translations"]
    assert item["document"]["title"] == "Positionspapier Rückkehrberatung", "the PDF follows"
    assert client.get(item["url"]).status_code == 200


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_translator_takes_the_seed_paper_into_english_with_a_machine_draft(
    seed_position, translator_client, client, django_capture_on_commit_callbacks
):
    # The demo's English version is set aside, so the translator starts from nothing.
    english = PositionPage.objects.get(slug="return-counselling")
    english.delete()
    translation = submit_through_admin(translator_client, seed_position, "en")
    machine = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    translator_client.post(f"{machine}?next={edit_url(translation)}")

    with django_capture_on_commit_callbacks(execute=True):
        translator_client.post(edit_url(translation), {"action": "publish"})

    listed = client.get("/api/v1/positions/", {"locale": "en"}).json()["results"]
    assert [item["title"] for item in listed] == ["Rückkehrberatung zur Positionspapier"]


def test_dates_topics_and_the_pdf_follow_the_source_after_a_sync(
    seed_position, django_capture_on_commit_callbacks
):
    english = PositionPage.objects.get(slug="return-counselling")
    seed_position.published = seed_position.published.replace(year=2021)
    seed_position.save_revision().publish()
    translation = Translation.objects.get(
        source__object_id=seed_position.translation_key, target_locale=english.locale
    )
    translation.source.update_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    english.refresh_from_db()
    assert english.published.year == 2021
    assert english.document_id == seed_position.document_id
    assert [link.topic_id for link in english.topic_links.all()] == [
        link.topic_id for link in seed_position.topic_links.all()
    ]
    assert english.title == "Position paper on return counselling", "its text stays English"


def test_a_locale_may_upload_its_own_pdf_a_translated_paper(
    seed_position, django_capture_on_commit_callbacks
):
    english = PositionPage.objects.get(slug="return-counselling")
    translation = Translation.objects.get(
        source__object_id=seed_position.translation_key, target_locale=english.locale
    )
    english_paper = LigaDocumentFactory(title="Position paper on return counselling (PDF)")
    segment = OverridableSegment.objects.get(source=translation.source, context__path="document")
    SegmentOverride.objects.create(
        locale=english.locale, context=segment.context, data_json=str(english_paper.pk)
    )

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    english.refresh_from_db()
    seed_position.refresh_from_db()
    assert english.document_id == english_paper.pk
    assert seed_position.document_id != english_paper.pk


def test_arabic_paper_is_served_right_to_left(seed_position, client):
    arabic = PositionPage.objects.get(locale__language_code="ar")

    page = client.get(arabic.get_url())

    assert page.status_code == 200
    assert b'<html lang="ar" dir="rtl">' in page.content
    locales = client.get("/api/v1/locales/", {"limit": 100}).json()["results"]
    assert {"ar": "rtl", "fa": "rtl", "de": "ltr"}.items() <= {
        item["code"]: item["direction"] for item in locales
    }.items()
