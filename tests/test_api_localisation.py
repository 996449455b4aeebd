"""The API in other languages: items in the requested locale, related items in the same
language, ``fallback=true``, aliases and ``Content-Language``."""

import pytest
from wagtail.models import Locale

from contacts.models import Contact
from tests.api_helpers import count_queries
from tests.responses import ok, problem, results, slugs

pytestmark = pytest.mark.django_db

TOPICS = "/api/v1/topics/"
POSITIONS = "/api/v1/positions/"
CONTACTS = "/api/v1/contacts/"


def translate(page, locale, **fields):
    """A published translation of ``page`` into ``locale`` with ``fields`` changed, as a
    translator's finished work leaves it (links and dates synchronised from the source)."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def translate_contact(contact, locale, **fields):
    translation = contact.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    return translation


@pytest.fixture
def english_hub(hub, locale_en):
    """The hub with the migration topic, the Rückkehrberatung paper and Maria Lehmann in
    English; everything else only in German."""
    hub.migration_en = translate(
        hub.migration, locale_en, title="Flight and migration", slug="flight-and-migration"
    )
    hub.rueckkehr_en = translate(
        hub.rueckkehr, locale_en, title="Return counselling", slug="return-counselling"
    )
    hub.lehmann_en = translate_contact(hub.lehmann, locale_en, role="Migration officer")
    return hub


def test_translated_position_names_its_topics_and_contacts_in_its_language(client, english_hub):
    """The English paper keeps the German links (wagtail-localize synchronises them); the
    API serves each linked item in English, and leaves out what has no English version."""
    item = ok(client.get(f"{POSITIONS}return-counselling/", {"locale": "en"})).json()

    assert item["locale"] == "en"
    assert [(t["slug"], t["title"]) for t in item["topics"]] == [
        ("flight-and-migration", "Flight and migration")
    ]
    assert item["topics"][0]["api_url"].endswith("/topics/flight-and-migration/?locale=en")
    [contact] = item["contacts"]
    assert (contact["role"], contact["locale"]) == ("Migration officer", "en")
    assert contact["id"] == english_hub.lehmann_en.pk
    assert [t["slug"] for t in contact["topics"]] == ["flight-and-migration"]


def test_translated_topic_lists_its_translated_positions_and_contacts(client, english_hub):
    item = ok(client.get(f"{TOPICS}flight-and-migration/", {"locale": "en"})).json()

    assert [p["slug"] for p in item["positions"]] == ["return-counselling"]
    assert [c["role"] for c in item["contacts"]] == ["Migration officer"]


def test_a_locale_lists_only_what_is_translated_into_it(client, english_hub):
    assert slugs(client.get(POSITIONS, {"locale": "en"})) == ["return-counselling"]
    assert slugs(client.get(TOPICS, {"locale": "en"})) == ["flight-and-migration"]
    assert results(client.get(CONTACTS, {"locale": "en"}), "role") == ["Migration officer"]
    assert ok(client.get(POSITIONS, {"locale": "uk"})).json()["count"] == 0


def test_fallback_fills_the_gaps_with_german_items_marked_with_their_locale(client, english_hub):
    listed = ok(client.get(POSITIONS, {"locale": "en", "fallback": "true"})).json()

    by_slug = {item["slug"]: item["locale"] for item in listed["results"]}
    assert listed["count"] == 4
    assert by_slug == {
        "return-counselling": "en",
        "offener-brief": "de",
        "sozialticket": "de",
        "kita-gebuehren": "de",
    }
    # A German item served in an English response links its German self.
    german = next(i for i in listed["results"] if i["slug"] == "offener-brief")
    assert german["api_url"] == "http://testserver/api/v1/positions/offener-brief/"
    # Its topic has an English version: the response names that one.
    assert [t["slug"] for t in german["topics"]] == ["flight-and-migration"]
    assert sorted(slugs(client.get(TOPICS, {"locale": "en", "fallback": "true"}))) == [
        "armut",
        "flight-and-migration",
    ]
    roles = results(client.get(CONTACTS, {"locale": "en", "fallback": "true"}), "role")
    assert sorted(roles) == ["Migration officer", "Referent Armut und Grundsicherung"]


def test_fallback_never_serves_a_german_item_beside_its_own_translation(client, english_hub):
    listed = slugs(client.get(POSITIONS, {"locale": "en", "fallback": "1", "limit": 100}))

    assert "rueckkehrberatung" not in listed
    problem(client.get(f"{POSITIONS}rueckkehrberatung/", {"locale": "en", "fallback": "1"}), 404)
    detail = client.get(f"{POSITIONS}offener-brief/", {"locale": "en", "fallback": "1"})
    assert ok(detail).json()["locale"] == "de"


def test_fallback_is_a_boolean_and_means_nothing_in_the_default_language(client, english_hub):
    assert problem(client.get(POSITIONS, {"fallback": "vielleicht"}), 400)["errors"] == {
        "fallback": ["Must be a valid boolean."]
    }
    assert slugs(client.get(POSITIONS, {"fallback": "true"})) == slugs(client.get(POSITIONS))


def test_aliases_are_never_served_but_their_german_originals_are_with_fallback(
    client, english_hub, locale_en
):
    """wagtail-localize copies untranslated pages into a locale as aliases: German text
    under another locale. They are not translations."""
    alias = english_hub.ticket.create_alias(
        recursive=False,
        parent=english_hub.rueckkehr_en.get_parent(),
        update_locale=locale_en,
        update_slug="sozialticket",
    )
    assert alias.locale == locale_en and alias.live

    assert "sozialticket" not in slugs(client.get(POSITIONS, {"locale": "en"}))
    problem(client.get(f"{POSITIONS}sozialticket/", {"locale": "en"}), 404)
    with_fallback = ok(client.get(POSITIONS, {"locale": "en", "fallback": "true"})).json()
    [ticket] = [i for i in with_fallback["results"] if i["slug"] == "sozialticket"]
    assert ticket["id"] == english_hub.ticket.pk and ticket["locale"] == "de"
    german = ok(client.get(f"{POSITIONS}rueckkehrberatung/")).json()
    assert german["translations"] == [
        {
            "locale": "en",
            "api_url": "http://testserver/api/v1/positions/return-counselling/?locale=en",
        }
    ]
    ticket_translations = ok(client.get(f"{POSITIONS}sozialticket/")).json()["translations"]
    assert ticket_translations == []


def test_responses_name_their_language_in_content_language_also_when_cached(client, english_hub):
    for _ in range(2):  # built, then served from the response cache
        assert client.get(POSITIONS)["Content-Language"] == "de"
        assert client.get(POSITIONS, {"locale": "en"})["Content-Language"] == "en"
        fallback = client.get(POSITIONS, {"locale": "en", "fallback": "true"})
        assert fallback["Content-Language"] == "en, de"
    # Problem details are in English, whatever was asked for.
    assert client.get(POSITIONS, {"locale": "xx"})["Content-Language"] == "en"
    assert client.get("/api/v1/nirgends/", {"locale": "de"})["Content-Language"] == "en"


def test_unpublished_translation_of_a_contact_is_not_served_in_its_locale(
    client, english_hub, locale_en
):
    english_hub.lehmann_en.unpublish()

    assert results(client.get(CONTACTS, {"locale": "en"}), "role") == []
    item = ok(client.get(f"{POSITIONS}return-counselling/", {"locale": "en"})).json()
    assert item["contacts"] == []
    fallback = client.get(f"{POSITIONS}return-counselling/", {"locale": "en", "fallback": "1"})
    contacts = ok(fallback).json()["contacts"]
    assert [(c["family_name"], c["locale"]) for c in contacts] == [
        ("Lehmann", "de"),
        ("Özdemir", "de"),
    ]


def test_easy_german_is_a_locale_of_its_own(client, english_hub):
    easy, _ = Locale.objects.get_or_create(language_code="de-ls")
    translate(english_hub.brief, easy, title="Ein Brief in Leichter Sprache", slug="brief-ls")

    [item] = ok(client.get(POSITIONS, {"locale": "de-ls"})).json()["results"]
    assert (item["slug"], item["locale"]) == ("brief-ls", "de-ls")
    assert client.get(POSITIONS, {"locale": "de-ls"})["Content-Language"] == "de-ls"


@pytest.mark.parametrize("url", [POSITIONS, TOPICS, CONTACTS])
def test_fallback_lists_keep_a_constant_query_count(client, english_hub, locale_en, url):
    query = f"{url}?locale=en&fallback=true&limit=100"
    count_queries(client, query)  # warms the process-wide caches (site root paths)
    few, _ = count_queries(client, query)
    for page in (english_hub.kita, english_hub.armut):
        translate(page, locale_en, slug=f"{page.slug}-en")
    translate_contact(english_hub.oezdemir, locale_en)
    assert Contact.objects.filter(locale=locale_en).count() == 2

    more, _ = count_queries(client, query)
    assert more == few


def test_contact_names_its_organisation_in_its_language_once_that_is_published(
    client, english_hub, locale_en
):
    """Until the organisation's translation is published, an English contact names the
    German organisation rather than none."""
    english_org = english_hub.paritaet.copy_for_translation(locale_en)
    english_org.name = "The Paritätische Saxony"
    english_org.live = False
    english_org.save()
    english_hub.lehmann_en.organisation = english_org
    english_hub.lehmann_en.save_revision().publish()

    def organisation_of_lehmann():
        [item] = ok(client.get(CONTACTS, {"locale": "en"})).json()["results"]
        return item["organisation"]["name"]

    assert organisation_of_lehmann() == "Der Paritätische Sachsen"
    assert ok(client.get("/api/v1/organisations/", {"locale": "en"})).json()["count"] == 0
    english_org.save_revision().publish()
    assert organisation_of_lehmann() == "The Paritätische Saxony"
    assert results(client.get("/api/v1/organisations/", {"locale": "en"}), "key") == ["paritaet"]


def test_unpublished_organisation_is_not_listed_nor_named_as_co_signer(client, english_hub):
    english_hub.paritaet.unpublish()

    keys = results(client.get("/api/v1/organisations/"), "key")
    assert "paritaet" not in keys
    problem(client.get("/api/v1/organisations/paritaet/"), 404)
    item = ok(client.get(f"{POSITIONS}rueckkehrberatung/")).json()
    assert [o["key"] for o in item["organisations"]] == ["diakonie"]
    assert item["contacts"][0]["organisation"] is None
