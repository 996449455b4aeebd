"""``import_content`` with per-item ``translations``: they become wagtail-localize
translations that translators continue; complete ones are published, partial ones wait."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from contacts.models import Contact, MemberOrganisation
from home.models import TopicPage
from positions.models import PositionPage
from tests.bundles import base_content, write_bundle
from translations.guard import untranslated_strings

pytestmark = pytest.mark.django_db

ENGLISH_POSITION = {
    "title": "Position paper on return counselling",
    "slug": "return-counselling",
    "teaser": "Successful return counselling is guided by people's needs.",
    "body": "<p>The associations have been committed for years.</p>",
    "image": {"alt": "Stock photo: woman with toddler in a counselling session"},
}


def run_import(path) -> str:
    out = io.StringIO()
    call_command("import_content", str(path), stdout=out)
    return out.getvalue()


@pytest.fixture
def translated_content():
    """The small bundle with an English position, contact and organisation."""
    content = base_content()
    content["positions"][0]["translations"] = {"en": dict(ENGLISH_POSITION)}
    content["contacts"][0]["translations"] = {
        "en": {"role": "Officer for refugees and migration", "photo": {"alt": "Maria Lehmann"}}
    }
    content["organisations"][0]["translations"] = {
        "en": {
            "name": "The Paritätische Saxony",
            "short_name": "Paritätische",
            "logo": {"alt": "Logo of the Paritätische Saxony"},
        }
    }
    return content


def english(model, **lookup):
    return model.objects.get(locale__language_code="en", **lookup)


def test_complete_translations_are_imported_as_published_translations(
    tmp_path, translated_content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(write_bundle(tmp_path / "bundle", translated_content))

    assert "translations: 3 created, 0 updated, 0 unchanged" in output
    position = english(PositionPage, slug="return-counselling")
    assert position.live and position.title == ENGLISH_POSITION["title"]
    assert position.teaser == ENGLISH_POSITION["teaser"]
    assert position.body[0].value.source == "<p>The associations have been committed for years.</p>"
    assert position.image_alt.startswith("Stock photo")
    german = PositionPage.objects.get(slug="rueckkehrberatung")
    assert position.translation_key == german.translation_key
    assert position.published == german.published and position.document_id == german.document_id
    contact = english(Contact, key="m-lehmann")
    assert contact.live and contact.role == "Officer for refugees and migration"
    assert contact.phone == "0351 82871-199", "the phone follows the source"
    organisation = english(MemberOrganisation, key="paritaet")
    assert organisation.live and organisation.name == "The Paritätische Saxony"
    # Translators find them in the normal workflow, with every string translated.
    translation = Translation.objects.get(
        source__object_id=german.translation_key, target_locale__language_code="en"
    )
    assert untranslated_strings(translation)[0] == 0


def test_reimporting_the_same_translations_changes_nothing(
    tmp_path, translated_content, django_capture_on_commit_callbacks
):
    bundle = write_bundle(tmp_path / "bundle", translated_content)
    with django_capture_on_commit_callbacks(execute=True):
        run_import(bundle)
    strings = StringTranslation.objects.count()

    output = run_import(bundle)

    assert "translations: 0 created, 0 updated, 3 unchanged" in output
    assert StringTranslation.objects.count() == strings
    # Still live, with no draft laid over them.
    contact = english(Contact, key="m-lehmann")
    position = english(PositionPage, slug="return-counselling")
    assert contact.live and position.live
    assert not contact.has_unpublished_changes and not position.has_unpublished_changes


def test_changed_translation_updates_the_live_translation(
    tmp_path, translated_content, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_bundle(tmp_path / "v1", translated_content))
    translated_content["positions"][0]["translations"]["en"]["title"] = "Return counselling"

    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(write_bundle(tmp_path / "v2", translated_content))

    assert "translations: 0 created, 1 updated, 2 unchanged" in output
    assert english(PositionPage, slug="return-counselling").title == "Return counselling"


def test_partial_translation_waits_as_a_draft_for_translators(
    tmp_path, django_capture_on_commit_callbacks
):
    content = base_content()
    content["topics"][0]["translations"] = {"uk": {"title": "Втеча та міграція"}}

    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_bundle(tmp_path / "bundle", content))

    topic = TopicPage.objects.get(locale__language_code="uk")
    assert not topic.live, "the intro and body are not translated yet"
    translation = Translation.objects.get(target_locale__language_code="uk")
    missing, total = untranslated_strings(translation)
    assert 0 < missing < total
    title = StringTranslation.objects.get(locale__language_code="uk", context__path="title")
    assert title.data == "Втеча та міграція"


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"xx": {"title": "x"}}, "positions[0].translations.xx: not a language to translate into"),
        ({"de": {"title": "x"}}, "positions[0].translations.de: not a language to translate into"),
        ({"en": {"kind": "statement"}}, "positions[0].translations.en.kind: unknown field"),
        ({"en": {}}, "positions[0].translations.en: names no text to translate"),
        ({"en": {"slug": "Nicht gültig"}}, "positions[0].translations.en.slug: "),
        ({"en": {"title": 7}}, "positions[0].translations.en.title: must be a string"),
        (
            {"en": {"body": "<h2>Zwei</h2><p>Blöcke</p>"}},
            "positions[0].translations.en.body: has the blocks ['heading', 'paragraph'], "
            "the source has ['paragraph']",
        ),
        (
            {"en": {"body": "<p>One <a href='https://example.org'>link</a></p><p>Two</p>"}},
            "positions[0].translations.en.body: has 2 texts where the source has 1 (block 1)",
        ),
        (["en"], "positions[0].translations: must be an object of languages"),
    ],
)
def test_bad_translations_are_refused_naming_the_problem_and_write_nothing(
    tmp_path, translations, message
):
    content = base_content()
    content["positions"][0]["translations"] = translations

    with pytest.raises(CommandError) as refused:
        run_import(write_bundle(tmp_path / "bundle", content))

    assert message in str(refused.value)
    assert not PositionPage.objects.exists()
    assert not Translation.objects.exists()
    assert not Locale.objects.filter(language_code="xx").exists()


def test_translation_with_other_paragraphs_than_the_source_is_refused(tmp_path):
    content = base_content()
    content["topics"][0]["translations"] = {
        "en": {"intro": "<p>Everyone should be safe.</p><p>A second paragraph.</p>"}
    }

    with pytest.raises(CommandError) as refused:
        run_import(write_bundle(tmp_path / "bundle", content))

    assert "topics[0].translations.en.intro: has 2 texts where the source has 1" in str(
        refused.value
    )
    assert not TopicPage.objects.exists()
