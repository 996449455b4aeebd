"""The Translators group: translations yes, the German source never."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from contacts.models import Contact
from home.models import TopicPage
from tests.translating import (
    edit_url,
    refused,
    submit,
    translate_every_segment,
)

pytestmark = pytest.mark.django_db


def reads_only(response) -> bool:
    """Sent to the read-only view of the German original."""
    return response.status_code == 302 and response["Location"].startswith(
        "/admin/translations/source/"
    )


# The Translators group


def test_translator_cannot_edit_or_publish_the_german_source(
    german_topic, german_contact, translator_client
):
    # They read it (translations.reading), but any change goes nowhere.
    assert reads_only(translator_client.get(edit_url(german_topic)))
    assert reads_only(translator_client.post(edit_url(german_topic), {"action": "publish"}))
    contact_edit = reverse("wagtailsnippets_contacts_contact:edit", args=[german_contact.pk])
    assert reads_only(translator_client.get(contact_edit))
    assert refused(translator_client.post(contact_edit, {"action": "publish", "role": "x"}))
    german_contact.refresh_from_db()
    assert german_contact.role == "Referentin Migration"
    german_topic.refresh_from_db()
    assert german_topic.title == "Flucht und Migration"


def test_translator_translates_and_publishes_an_english_page_and_contact(
    german_topic,
    german_contact,
    locale_en,
    superuser,
    translator,
    translator_client,
    django_capture_on_commit_callbacks,
):
    page_translation = submit(german_topic, superuser, locale_en)
    contact_translation = submit(german_contact, superuser, locale_en)
    english = german_topic.get_translation(locale_en)
    english_contact = german_contact.get_translation(locale_en)
    contact_edit = reverse("wagtailsnippets_contacts_contact:edit", args=[english_contact.pk])
    assert translator_client.get(edit_url(english)).status_code == 200
    assert translator_client.get(contact_edit).status_code == 200

    translate_every_segment(page_translation, translator)
    translate_every_segment(contact_translation, translator)
    with django_capture_on_commit_callbacks(execute=True):
        translator_client.post(edit_url(english), {"action": "publish"})
        translator_client.post(contact_edit, {"action": "publish"})

    assert TopicPage.objects.get(pk=english.pk).live
    assert Contact.objects.get(pk=english_contact.pk).live


def test_translator_can_start_a_translation_but_not_create_german_snippets(
    german_topic, locale_en, translator, translator_client
):
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[german_topic.pk])
    assert translator_client.post(submit_url, {"locales": [locale_en.pk]}).status_code == 302
    assert german_topic.get_translation_or_none(locale_en) is not None

    # Even a translator allowed to add contacts adds them in other languages only.
    translator.user_permissions.add(Permission.objects.get(codename="add_contact"))
    add = reverse("wagtailsnippets_contacts_contact:add")
    assert refused(translator_client.get(add))
    assert translator_client.get(f"{add}?locale=en").status_code == 200


def test_editors_keep_the_right_to_edit_the_german_source(db):
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_source_content").exists()
    translators = Group.objects.get(name="Translators")
    assert not translators.permissions.filter(codename="change_source_content").exists()


def test_translator_without_submit_permission_cannot_submit_a_topic_bundle(
    hub, translator, translator_client
):
    translators = Group.objects.get(name="Translators")
    translators.permissions.remove(Permission.objects.get(codename="submit_translation"))
    url = reverse("translations_submit_topic", args=[hub.migration.pk])

    assert refused(translator_client.get(url))
