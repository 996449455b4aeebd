"""wagtail-localize on Wagtail 8: German pages and snippets are translated into English.

wagtail-localize publishes a translation in ``transaction.on_commit``; inside a test's
transaction that callback only runs under ``django_capture_on_commit_callbacks(execute=True)``.
"""

import polib
import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    TranslationSource,
)

from contacts.factories import MemberOrganisationFactory
from contacts.models import Contact
from core.factories import LigaImageFactory
from home.models import TopicPage
from tests.translating import ENGLISH, submit, translate_every_segment

pytestmark = pytest.mark.django_db

# Pages


def test_submitted_page_gets_an_unpublished_english_draft(german_topic, locale_en, superuser):
    submit(german_topic, superuser, locale_en)

    draft = german_topic.get_translation(locale_en)
    assert isinstance(draft.specific, TopicPage)
    assert not draft.live, "nothing is published untranslated"
    assert draft.translation_key == german_topic.translation_key
    # The German ancestors were copied into the English tree as aliases.
    assert draft.get_parent().alias_of_id == german_topic.get_parent().pk


def test_german_topic_translated_to_english_is_live_with_translated_text(
    german_topic, locale_en, superuser, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    sources = translate_every_segment(translation, superuser)
    assert {"Flucht und Migration", "Unsere Forderungen", "Beratung ist ein Menschenrecht."} <= set(
        sources
    )
    assert translation.get_progress() == (len(sources), len(sources))

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    english = TopicPage.objects.get(locale=locale_en, translation_key=german_topic.translation_key)
    assert english.live
    assert english.title == "Flight and migration"
    assert english.slug == "flight-and-migration"
    assert english.intro == "<p>People who flee to Saxony need <b>protection</b>.</p>"
    assert [block.block_type for block in english.body] == ["heading", "paragraph"]
    assert english.body[0].value["text"] == "Our demands"
    assert english.body[1].value.source == "<p>Counselling is a human right.</p>"
    assert english.live_revision is not None
    # The German page is untouched.
    german_topic.refresh_from_db()
    assert german_topic.title == "Flucht und Migration"
    assert german_topic.live


def test_translated_image_alt_text_is_stored_on_the_english_page(
    german_topic, locale_en, superuser, django_capture_on_commit_callbacks
):
    german_topic.image = LigaImageFactory(description="")
    german_topic.image_alt = "Symbolbild: Beratungsgespräch"
    german_topic.save_revision().publish()
    translation = submit(german_topic, superuser, locale_en)
    translate_every_segment(translation, superuser)

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    english = german_topic.get_translation(locale_en).specific
    assert english.image_id == german_topic.image_id
    assert english.image_alt == "Stock photo: counselling session"


def test_page_translated_through_po_file_round_trip(
    german_topic, locale_en, superuser, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    po = polib.pofile(str(translation.export_po()))
    assert all(entry.msgstr == "" for entry in po)
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)

    warnings = translation.import_po(po, user=superuser)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    assert warnings == []
    english = german_topic.get_translation(locale_en).specific
    assert english.live
    assert english.title == "Flight and migration"


def test_translation_admin_views_work_on_wagtail_8(german_topic, locale_en, wagtail_admin_client):
    response = wagtail_admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[german_topic.pk]),
        {"locales": [locale_en.pk]},
    )
    assert response.status_code == 302

    english = german_topic.get_translation(locale_en)
    # wagtail-localize replaces the page editor of a translation with its translation editor.
    response = wagtail_admin_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    assert b"Flucht und Migration" in response.content
    assert not Page.objects.get(pk=english.pk).live


# Snippets


def test_german_contact_translated_to_english_is_live_with_translated_role(
    german_contact, locale_en, superuser, django_capture_on_commit_callbacks
):
    translation = submit(german_contact, superuser, locale_en)
    draft = german_contact.get_translation(locale_en)
    assert not draft.live, "nothing is published untranslated"
    sources = translate_every_segment(translation, superuser)
    assert "Referentin Migration" in sources

    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    english = Contact.objects.get(locale=locale_en, translation_key=german_contact.translation_key)
    assert english.live
    assert english.live_revision is not None
    assert english.role == "Migration officer"
    assert english.name == "Dr. Nadine Börner"
    assert english.email == german_contact.email
    assert english.phone_e164 == "+4935182871152"
    # The organisation was submitted with the contact and is linked in its English version.
    assert english.organisation.locale == locale_en
    assert english.organisation.translation_key == german_contact.organisation.translation_key
    german_contact.refresh_from_db()
    assert german_contact.role == "Referentin Migration"


def test_snippet_translation_admin_views_work_on_wagtail_8(
    german_contact, locale_en, wagtail_admin_client
):
    response = wagtail_admin_client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["contacts", "contact", german_contact.pk],
        ),
        {"locales": [locale_en.pk]},
    )
    assert response.status_code == 302

    english = german_contact.get_translation(locale_en)
    edit_url = reverse(Contact.snippet_viewset.get_url_name("edit"), args=[english.pk])
    response = wagtail_admin_client.get(edit_url)
    assert response.status_code == 200
    assert not english.live


# Snippet facts follow the German source; only what is language is offered for translation

CONTACT_FACTS = {"key", "honorific", "given_name", "family_name", "email", "phone"}


def offered_for_translation(instance):
    """The fields of ``instance`` whose text wagtail-localize offers translators."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("context")
    return {segment.context.path for segment in segments}


def test_contact_offers_role_and_photo_alt_but_not_its_facts(german_contact):
    german_contact.photo = LigaImageFactory(description="")
    german_contact.photo_alt = "Porträt von Nadine Börner"
    german_contact.save()
    assert all(getattr(german_contact, name) for name in CONTACT_FACTS)

    offered = offered_for_translation(german_contact)

    assert {"role", "photo_alt"} <= offered
    assert not offered & CONTACT_FACTS


def test_organisation_offers_its_names_but_not_key_or_website(locale_de):
    organisation = MemberOrganisationFactory(
        key="paritaet",
        name="Der Paritätische Sachsen",
        short_name="Paritätischer",
        website="https://www.parisax.de/",
    )

    offered = offered_for_translation(organisation)

    assert {"name", "short_name"} <= offered
    assert not offered & {"key", "website"}


def test_english_contact_keeps_the_german_facts_and_follows_a_changed_phone(
    german_contact, locale_en, superuser, django_capture_on_commit_callbacks
):
    translation = submit(german_contact, superuser, locale_en)
    translate_every_segment(translation, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)
    english = german_contact.get_translation(locale_en)
    facts = ("key", "honorific", "given_name", "family_name", "email", "phone", "phone_e164")
    assert [getattr(english, f) for f in facts] == [getattr(german_contact, f) for f in facts]
    assert english.organisation.key == german_contact.organisation.key
    assert english.organisation.website == german_contact.organisation.website

    german_contact.phone = "0351 82871-199"
    german_contact.save_revision(user=superuser).publish(user=superuser)
    translation.source.update_from_db()
    total, translated = translation.get_progress()
    assert translated == total, "a changed phone number needs no new translation"
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    english.refresh_from_db()
    assert english.live
    assert english.phone == "0351 82871-199"
    assert english.phone_e164 == "+4935182871199"
    assert english.role == "Migration officer"
    assert english.given_name == "Nadine"
