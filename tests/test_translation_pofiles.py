"""PO files for translation agencies, through the admin: the round trip for pages and
snippets, and the files that are refused before anything is imported."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import StringTranslation

from contacts.models import Contact
from home.models import TopicPage
from tests.translating import (
    ENGLISH,
    edit_url,
    messages_of,
    submit,
)

pytestmark = pytest.mark.django_db


# PO files


def upload_po(client, translation, content: bytes, next_url: str):
    url = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    upload = SimpleUploadedFile("agentur.po", content, content_type="text/x-gettext-translation")
    return client.post(f"{url}?next={next_url}", {"file": upload})


def test_po_export_edit_import_publish_through_the_admin(
    german_topic, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    english = german_topic.get_translation(locale_en)
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])
    po = polib.pofile(wagtail_admin_client.get(download).content.decode())
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)

    response = upload_po(wagtail_admin_client, translation, str(po).encode(), edit_url(english))
    assert messages_of(response) == ["Successfully imported translations from PO File."]
    with django_capture_on_commit_callbacks(execute=True):
        wagtail_admin_client.post(edit_url(english), {"action": "publish"})

    assert TopicPage.objects.get(pk=english.pk).title == "Flight and migration"


def test_po_round_trip_works_for_snippets_too(
    german_contact, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    """Contacts and organisations go to agencies as PO files like pages."""
    translation = submit(german_contact, superuser, locale_en)
    english = german_contact.get_translation(locale_en)
    edit = reverse("wagtailsnippets_contacts_contact:edit", args=[english.pk])
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])
    po = polib.pofile(wagtail_admin_client.get(download).content.decode())
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)

    upload_po(wagtail_admin_client, translation, str(po).encode(), edit)
    with django_capture_on_commit_callbacks(execute=True):
        wagtail_admin_client.post(edit, {"action": "publish"})

    english = Contact.objects.get(pk=english.pk)
    assert english.live and english.role == "Migration officer"


def test_po_file_of_another_object_is_refused_and_nothing_imported(
    german_topic, german_contact, locale_en, superuser, wagtail_admin_client
):
    topic_translation = submit(german_topic, superuser, locale_en)
    contact_translation = submit(german_contact, superuser, locale_en)
    po = contact_translation.export_po()
    for entry in po:
        entry.msgstr = "translated"
    english = german_topic.get_translation(locale_en)

    response = upload_po(wagtail_admin_client, topic_translation, str(po).encode(), "/")

    [message] = messages_of(response)
    assert "exported for another translation" in message
    assert "Flucht und Migration" in message
    assert StringTranslation.objects.filter(locale=locale_en).count() == 0
    assert english.pk


def test_po_file_of_an_outdated_source_is_refused_and_nothing_imported(
    german_topic, locale_en, superuser, wagtail_admin_client
):
    translation = submit(german_topic, superuser, locale_en)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)
    german_topic.intro = "<p>Der Text wurde inzwischen geändert.</p>"
    german_topic.save_revision().publish()
    translation.source.update_from_db()

    response = upload_po(wagtail_admin_client, translation, str(po).encode(), "/")

    [message] = messages_of(response)
    assert "exported before the German source changed: 1 of its texts" in message
    assert StringTranslation.objects.filter(locale=locale_en).count() == 0


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not a po file", b'msgid "Flucht und Migration"\nmsgstr "Flight"\n'],
    ids=["garbage", "no-header"],
)
def test_unreadable_or_headerless_po_file_is_refused_without_an_error(
    german_topic, locale_en, superuser, wagtail_admin_client, content
):
    translation = submit(german_topic, superuser, locale_en)

    response = upload_po(wagtail_admin_client, translation, content, "/")

    assert response.status_code == 302
    assert len(messages_of(response)) == 1
    assert StringTranslation.objects.filter(locale=locale_en).count() == 0
