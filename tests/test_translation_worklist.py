"""Translators find their work: „Zu übersetzen“, the dashboard panel, the German source read
only (explorer, search, edit pages), one-click submits, and linked topics and contacts that
are not translated yet."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from positions.factories import PositionPageFactory
from tests.translating import edit_url, refused, submit, translate_every_segment
from translations import worklist
from translations.worklist_views import object_ref

pytestmark = pytest.mark.django_db

WORKLIST = "/admin/translations/worklist/"


@pytest.fixture
def german_position(site_tree, german_topic, german_contact):
    return PositionPageFactory(
        parent=site_tree.positions,
        title="Rückkehrberatung braucht Zeit",
        slug="rueckkehrberatung",
        teaser="Vertrauen entsteht langsam.",
        topics=[german_topic],
        contacts=[german_contact],
    )


def rows_of(locale):
    return {row.source.pk: row for row in worklist.worklist([locale])[locale]}


def submit_one(client, instance, locale, **extra):
    return client.post(
        reverse("translations_submit_one"),
        {"object": object_ref(instance), "locale": locale.pk, **extra},
    )


# The worklist's states


def test_a_new_german_position_is_untranslated_in_every_locale(german_position, locale_en):
    row = rows_of(locale_en)[german_position.pk]

    assert row.state == worklist.UNTRANSLATED
    assert row.translation is None


def test_a_submitted_position_is_in_progress_with_its_percentage(
    german_position, locale_en, superuser
):
    translation = submit(german_position, superuser, locale_en)
    segment = translation.source.stringsegment_set.select_related("string", "context").first()
    from wagtail_localize.models import StringTranslation

    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locale_en,
        context=segment.context,
        data="Return counselling takes time",
    )
    total = translation.source.stringsegment_set.count()

    row = rows_of(locale_en)[german_position.pk]

    assert row.state == worklist.IN_PROGRESS
    assert row.progress == (total, 1)
    assert row.percent == round(100 / total)


def test_a_complete_translation_drops_off_until_the_german_source_changes(
    german_topic, locale_en, superuser, translator
):
    translation = submit(german_topic, superuser, locale_en)
    translate_every_segment(translation, translator)
    german_topic.save_revision(user=superuser)
    translation.source.last_updated_at = german_topic.latest_revision.created_at
    translation.source.save()
    assert german_topic.pk not in rows_of(locale_en)

    german_topic.title = "Flucht, Migration und Asyl"
    german_topic.save_revision(user=superuser).publish()

    assert rows_of(locale_en)[german_topic.pk].state == worklist.OUTDATED


def test_a_translated_position_names_its_untranslated_topic_and_contact(
    german_position, german_topic, german_contact, locale_en, superuser, translator
):
    from wagtail_localize.operations import TranslationCreator

    # The position alone, without the snippets it links to.
    TranslationCreator(superuser, [locale_en]).create_translations(
        german_position, include_related_objects=False
    )

    row = rows_of(locale_en)[german_position.pk]

    assert {obj.translation_key for obj in row.missing_links} == {
        german_topic.translation_key,
        german_contact.translation_key,
    }


# The views


def test_translator_finds_the_position_in_the_worklist_and_submits_it_in_one_click(
    german_position, locale_en, translator_client
):
    response = translator_client.get(WORKLIST + "?locale=en")
    assert response.status_code == 200
    assert "Rückkehrberatung braucht Zeit" in response.content.decode()

    response = submit_one(translator_client, german_position, locale_en)

    english = german_position.get_translation(locale_en)
    assert response.status_code == 302
    assert response["Location"] == edit_url(english)
    assert not english.live
    assert translator_client.get(response["Location"]).status_code == 200


def test_translator_submits_a_missing_topic_from_the_row_and_returns_to_the_worklist(
    german_position, german_topic, locale_en, superuser, translator_client
):
    from wagtail_localize.operations import TranslationCreator

    TranslationCreator(superuser, [locale_en]).create_translations(
        german_position, include_related_objects=False
    )
    html = translator_client.get(WORKLIST + "?locale=en").content.decode()
    assert "Flucht und Migration" in html

    response = submit_one(translator_client, german_topic, locale_en, next=WORKLIST)

    assert response["Location"] == WORKLIST
    assert german_topic.get_translation_or_none(locale_en) is not None


def test_worklist_menu_and_dashboard_panel_for_translators(german_position, translator_client):
    dashboard = translator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="translations-worklist' in dashboard
    assert WORKLIST in dashboard


def test_someone_without_submit_permission_has_no_worklist(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="gast", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get(WORKLIST).status_code == 302
    assert client.post(reverse("translations_submit_one")).status_code == 302


# Reading the German source


def test_translator_sees_german_pages_in_the_explorer_and_search(
    german_position, site_tree, translator_client
):
    listing = translator_client.get(reverse("wagtailadmin_explore", args=[site_tree.positions.pk]))
    assert listing.status_code == 200
    assert "Rückkehrberatung braucht Zeit" in listing.content.decode()

    search = translator_client.get(reverse("wagtailadmin_pages:search"), {"q": "Rückkehrberatung"})
    assert "Rückkehrberatung braucht Zeit" in search.content.decode()


def test_german_edit_pages_open_read_only_for_translators(
    german_position, german_contact, translator_client
):
    for edit in (
        edit_url(german_position),
        reverse("wagtailsnippets_contacts_contact:edit", args=[german_contact.pk]),
    ):
        response = translator_client.get(edit, follow=True)
        html = response.content.decode()
        assert response.redirect_chain[-1][0].startswith("/admin/translations/source/")
        assert "keinen Zugang" not in html and "permission" not in html
        assert "Translate into English" in html


def test_translator_still_cannot_change_a_german_page(german_position, translator_client):
    response = translator_client.post(edit_url(german_position), {"title": "Geändert"})

    german_position.refresh_from_db()
    assert response.status_code == 302
    assert german_position.title == "Rückkehrberatung braucht Zeit"
    assert (
        not Page.objects.get(pk=german_position.pk)
        .permissions_for_user(response.wsgi_request.user)
        .can_edit()
    )


def test_translator_sees_every_image_and_document_but_cannot_change_them(translator_client):
    from core.factories import LigaDocumentFactory, LigaImageFactory

    image = LigaImageFactory(title="Beratungsgespräch")
    document = LigaDocumentFactory(title="Positionspapier Rückkehr")

    images = translator_client.get(reverse("wagtailimages:index")).content.decode()
    documents = translator_client.get(reverse("wagtaildocs:index")).content.decode()

    assert "Beratungsgespräch" in images
    assert "Positionspapier Rückkehr" in documents
    assert refused(translator_client.get(reverse("wagtailimages:edit", args=[image.pk])))
    assert refused(translator_client.get(reverse("wagtaildocs:edit", args=[document.pk])))
