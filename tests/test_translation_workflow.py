"""The translators' workflow through the admin: a locale per language, drafts, no
half-translated publish, sync after a source change, machine drafts, and a topic with its
positions and contacts in one step."""

import polib
import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from cms.settings.base import machine_translator_from_env
from contacts.factories import ContactFactory
from contacts.models import Contact
from home.models import TopicPage
from tests.translating import (
    ENGLISH,
    edit_url,
    messages_of,
    submit,
    translate_every_segment,
)
from translations.guard import IncompleteTranslation
from translations.locales import ensure_content_locales

pytestmark = pytest.mark.django_db

DUMMY_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def translate_some(translation, user, count):
    """Translate only the first ``count`` strings, as a translator half-way through."""
    segments = translation.source.stringsegment_set.select_related("string", "context")
    for segment in segments.order_by("order")[:count]:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data=ENGLISH.get(segment.string.data, segment.string.data),
            last_translated_by=user,
        )
    return segments.count()


# Languages


def test_every_content_language_has_a_locale_after_migrate(db, settings):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
    assert {"de", "en", "uk", "ar", "ru", "fa", "tr", "de-ls"} <= codes


def test_a_language_added_to_the_settings_gets_its_locale_without_code(db, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = [*settings.WAGTAIL_CONTENT_LANGUAGES, ("pl", "Polski")]

    assert ensure_content_locales() == ["pl"]
    assert ensure_content_locales() == []
    assert Locale.objects.filter(language_code="pl").exists()


# Publishing


def test_publishing_a_half_translated_page_is_refused_with_a_clear_message(
    german_topic, locale_en, superuser, wagtail_admin_client
):
    translation = submit(german_topic, superuser, locale_en)
    total = translate_some(translation, superuser, 2)
    english = german_topic.get_translation(locale_en)

    response = wagtail_admin_client.post(edit_url(english), {"action": "publish"})

    assert response.status_code == 302
    [message] = messages_of(response)
    assert f"{total - 2} of {total} texts are not translated" in message
    assert not Page.objects.get(pk=english.pk).live


def test_publishing_a_fully_translated_page_in_the_editor_makes_it_live(
    german_topic, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    translate_every_segment(translation, superuser)
    english = german_topic.get_translation(locale_en)

    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(edit_url(english), {"action": "publish"})

    assert response.status_code == 302
    english = TopicPage.objects.get(pk=english.pk)
    assert english.live and english.title == "Flight and migration"


def test_sync_and_publish_never_publishes_new_untranslated_strings(
    german_topic, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    translate_every_segment(translation, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)
    german_topic.intro = "<p>Ein neuer Satz, den noch niemand übersetzt hat.</p>"
    german_topic.save_revision().publish()

    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = wagtail_admin_client.post(url, {"publish_translations": "on"})

    assert response.status_code == 302
    english = TopicPage.objects.get(pk=german_topic.get_translation(locale_en).pk)
    assert english.live
    assert "neuer Satz" not in english.intro, "the live English page keeps its English intro"
    assert english.title == "Flight and migration"


def test_sync_brings_new_strings_to_translators_and_keeps_their_work(
    german_topic, locale_en, superuser, wagtail_admin_client
):
    translation = submit(german_topic, superuser, locale_en)
    translate_every_segment(translation, superuser)
    german_topic.intro = "<p>Ein neuer Satz, den noch niemand übersetzt hat.</p>"
    german_topic.save_revision().publish()

    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    response = wagtail_admin_client.post(url, {})

    assert response.status_code == 302
    total, translated = translation.get_progress()
    assert total - translated == 1, "only the new sentence waits for a translator"
    po = {entry.msgid: entry.msgstr for entry in polib.pofile(str(translation.export_po()))}
    assert po["Ein neuer Satz, den noch niemand übersetzt hat."] == ""
    assert po["Flucht und Migration"] == "Flight and migration"


def test_a_new_contact_translation_is_a_draft_until_translated(
    german_contact, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    translation = submit(german_contact, superuser, locale_en)
    english = Contact.objects.get(pk=german_contact.get_translation(locale_en).pk)
    assert not english.live
    edit = reverse("wagtailsnippets_contacts_contact:edit", args=[english.pk])

    refused = wagtail_admin_client.post(edit, {"action": "publish"})
    assert "are not translated" in messages_of(refused)[0]
    translate_every_segment(translation, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        wagtail_admin_client.post(edit, {"action": "publish"})

    english.refresh_from_db()
    assert english.live and english.role == "Migration officer"
    assert english.phone == german_contact.phone, "the phone number follows the source"


# Machine translation


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY_TRANSLATOR)
def test_machine_draft_fills_every_string_for_review_and_can_then_be_published(
    german_topic, locale_en, superuser, wagtail_admin_client, django_capture_on_commit_callbacks
):
    translation = submit(german_topic, superuser, locale_en)
    english = german_topic.get_translation(locale_en)
    editor = wagtail_admin_client.get(edit_url(english))
    machine_url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    assert machine_url in editor.content.decode()

    response = wagtail_admin_client.post(f"{machine_url}?next={edit_url(english)}")

    assert response.status_code == 302
    total, translated = translation.get_progress()
    assert translated == total
    kinds = set(
        StringTranslation.objects.filter(locale=locale_en).values_list(
            "translation_type", flat=True
        )
    )
    assert kinds == {StringTranslation.TRANSLATION_TYPE_MACHINE}
    with django_capture_on_commit_callbacks(execute=True):
        wagtail_admin_client.post(edit_url(english), {"action": "publish"})
    # The dummy reverses the words: "Flucht und Migration" → "Migration und Flucht".
    assert TopicPage.objects.get(pk=english.pk).title == "Migration und Flucht"


def test_without_a_machine_translator_there_is_no_machine_draft(
    german_topic, locale_en, superuser, wagtail_admin_client
):
    translation = submit(german_topic, superuser, locale_en)
    english = german_topic.get_translation(locale_en)
    machine_url = reverse("wagtail_localize:machine_translate", args=[translation.pk])

    assert machine_url not in wagtail_admin_client.get(edit_url(english)).content.decode()
    assert wagtail_admin_client.post(machine_url).status_code == 404


def test_deepl_is_configured_from_the_environment_and_only_with_a_key():
    assert machine_translator_from_env({}) is None
    config = machine_translator_from_env(
        {
            "DEEPL_API_KEY": "key:fx",
            "DEEPL_FORMALITY": "prefer_more",
            "DEEPL_GLOSSARY_IDS": "DE:EN-GB=g-1, DE:UK=g-2",
        }
    )
    assert config == {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": "key:fx",
            "FORMALITY": "prefer_more",
            "GLOSSARY_IDS": {("DE", "EN-GB"): "g-1", ("DE", "UK"): "g-2"},
        },
    }


# A topic with its positions and contacts in one step


def test_topic_is_submitted_with_its_positions_and_contacts_in_one_step(
    hub, locale_en, wagtail_admin_client
):
    url = reverse("translations_submit_topic", args=[hub.migration.pk])
    page = wagtail_admin_client.get(url).content.decode()
    assert "Rückkehrberatung" in page and "Maria Lehmann" in page
    header = wagtail_admin_client.get(edit_url(hub.migration)).content.decode()
    assert url in header, "the topic's editor offers the button"

    response = wagtail_admin_client.post(url, {"locales": [locale_en.pk]})

    assert response.status_code == 302
    submitted = {t.source.object_repr for t in Translation.objects.filter(target_locale=locale_en)}
    assert {"Flucht und Migration", "Offener Brief zur Unterbringung"} <= submitted
    assert {str(hub.lehmann), str(hub.oezdemir)} <= submitted
    english = hub.rueckkehr.get_translation(locale_en)
    assert not english.live, "a draft until translated"
    assert hub.migration.get_translation(locale_en).live is False
    assert "Sozialticket" not in " ".join(submitted), "positions of other topics stay out"


def test_a_translated_organisation_waits_as_a_draft_until_its_name_is_translated(
    german_contact, locale_en, superuser, django_capture_on_commit_callbacks
):
    """Submitting a contact submits its organisation too; neither is live untranslated."""
    submit(german_contact, superuser, locale_en)
    organisation = german_contact.organisation.get_translation(locale_en)
    assert not organisation.live
    translation = Translation.objects.get(
        source__object_id=organisation.translation_key, target_locale=locale_en
    )

    with pytest.raises(IncompleteTranslation):
        translation.save_target(user=superuser, publish=True)
    translate_every_segment(translation, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)

    organisation.refresh_from_db()
    assert organisation.live and organisation.name == "Saxony State Association"


def test_submitting_another_contact_keeps_the_live_translation_of_their_organisation(
    german_contact, locale_en, superuser, django_capture_on_commit_callbacks
):
    """wagtail-localize submits a contact's organisation with it; a second contact of the
    same organisation must not take its live English version offline."""
    submit(german_contact, superuser, locale_en)
    organisation = german_contact.organisation.get_translation(locale_en)
    translation = Translation.objects.get(
        source__object_id=organisation.translation_key, target_locale=locale_en
    )
    translate_every_segment(translation, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)
    colleague = ContactFactory(
        given_name="Jonas", family_name="Keller", organisation=german_contact.organisation
    )

    submit(colleague, superuser, locale_en)

    organisation.refresh_from_db()
    assert organisation.live and organisation.name == "Saxony State Association"
    assert not colleague.get_translation(locale_en).live
