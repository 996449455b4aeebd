"""``topics/``: shapes, body blocks, a topic's positions, ``q``, rich text and query counts."""

import datetime
import json

import pytest
from wagtail.models import CollectionViewRestriction, Page, Site

from contacts.models import Contact
from core.factories import LigaDocumentFactory, LigaImageFactory
from core.models import LigaImage
from home.factories import HomePageFactory, TopicIndexPageFactory, TopicPageFactory
from positions.factories import PositionIndexPageFactory, PositionPageFactory
from positions.models import PositionPage, PositionTopic
from tests.api_helpers import assert_matches_golden, count_queries
from tests.builders import (
    EVERY_BLOCK_TYPE,
    body,
    every_block,
    move,
    people_with_media,
    private_collection,
    restrict,
)
from tests.responses import problem, slugs

pytestmark = pytest.mark.django_db

TOPICS = "/api/v1/topics/"
POSITIONS = "/api/v1/positions/"


def test_topic_list_and_detail_match_golden_files(client, hub, locale_en):
    english = hub.migration.copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()

    assert_matches_golden("topics_list", client.get(TOPICS).json())
    detail = client.get(f"{TOPICS}flucht-und-migration/").json()
    assert_matches_golden("topics_detail", detail)
    assert [block["type"] for block in detail["body"]] == EVERY_BLOCK_TYPE
    assert [p["slug"] for p in detail["positions"]] == ["offener-brief", "rueckkehrberatung"]


def test_topics_are_listed_by_title_and_lists_leave_out_body_and_positions(client, hub):
    TopicPageFactory(parent=hub.site_tree.topics, title="Ältere Menschen", slug="aeltere")

    results = client.get(TOPICS).json()["results"]

    assert [t["slug"] for t in results] == ["armut", "flucht-und-migration", "aeltere"]
    assert all("body" not in t and "positions" not in t for t in results)


def test_a_topic_lists_its_ten_newest_visible_positions(client, hub):
    for day in range(1, 13):
        PositionPageFactory(
            parent=hub.site_tree.positions,
            slug=f"tag-{day:02d}",
            published=datetime.date(2021, 1, day),
            topics=[hub.migration],
        )
    PositionPageFactory(
        parent=hub.site_tree.positions,
        slug="entwurf",
        published=datetime.date(2025, 1, 1),
        topics=[hub.migration],
        live=False,
    )
    PositionPageFactory(parent=hub.site_tree.positions, slug="anderes-thema", topics=[hub.armut])

    positions = client.get(f"{TOPICS}flucht-und-migration/").json()["positions"]

    assert [p["slug"] for p in positions] == [
        "offener-brief",
        *(f"tag-{day:02d}" for day in range(12, 3, -1)),
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Migration", ["flucht-und-migration"]),  # title
        ("ungleich", ["armut"]),  # intro
        ("Freistaat", ["flucht-und-migration"]),  # body heading
        ("Menschenrecht", ["flucht-und-migration"]),  # body quote
        ("Sachsen", ["armut", "flucht-und-migration"]),
        ("Unbekanntwort", []),
    ],
)
def test_q_finds_topics_by_title_intro_and_body(client, hub, word, expected):
    assert slugs(client.get(TOPICS, {"q": word})) == expected


def test_q_searches_only_the_requested_locale(client, hub, locale_en):
    for page, title in [(hub.armut, "Poverty and basic income"), (hub.ticket, "Social ticket")]:
        english = page.copy_for_translation(locale_en, copy_parents=True)
        english.title = title
        english.save_revision().publish()

    for url, word, slug in [(TOPICS, "Poverty", "armut"), (POSITIONS, "Social", "sozialticket")]:
        assert slugs(client.get(url, {"q": word})) == []
        assert slugs(client.get(url, {"q": word, "locale": "en"})) == [slug]
    assert slugs(client.get(TOPICS, {"q": "Grundsicherung", "locale": "en"})) == []
    assert slugs(client.get(POSITIONS, {"q": "Sozialticket", "locale": "en"})) == []
    assert slugs(client.get(POSITIONS, {"q": "Sozialticket"})) == ["sozialticket"]


@pytest.mark.parametrize(
    ("query", "param"),
    [("q=", "q"), ("topic=armut", "topic"), ("limit=101", "limit"), ("locale=xx", "locale")],
)
def test_bad_parameters_answer_400_naming_them(client, hub, query, param):
    assert list(problem(client.get(f"{TOPICS}?{query}"), 400)["errors"]) == [param]


def test_unknown_topic_and_detail_filters(client, hub):
    problem(client.get(f"{TOPICS}gibt-es-nicht/"), 404)
    assert problem(client.get(f"{TOPICS}armut/?q=Armut"), 400)["errors"] == {
        "q": ["Unknown parameter."]
    }


def test_english_topics_are_served_in_english_with_links_naming_the_locale(client, hub, locale_en):
    english = hub.migration.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Flight and migration"
    english.slug = "flight-and-migration"
    english.save_revision().publish()

    [item] = client.get(TOPICS, {"locale": "en"}).json()["results"]

    assert item["title"] == "Flight and migration"
    assert item["url"] == "http://testserver/en/themen/flight-and-migration/"
    assert item["api_url"] == "http://testserver/api/v1/topics/flight-and-migration/?locale=en"
    assert item["translations"] == [
        {
            "locale": "de",
            "api_url": "http://testserver/api/v1/topics/flucht-und-migration/?locale=de",
        }
    ]
    assert client.get(item["api_url"]).json()["title"] == "Flight and migration"
    problem(client.get(f"{TOPICS}flight-and-migration/"), 404)
    assert client.get(TOPICS, {"locale": "uk"}).json()["count"] == 0


def test_unicode_slugs_of_topics_and_positions_are_listed_served_and_filtered(client, hub):
    """Wagtail allows Unicode slugs by default, so editors may well write one."""
    topic = TopicPageFactory(parent=hub.site_tree.topics, title="Ältere", slug="ältere-menschen")
    PositionPageFactory(parent=hub.site_tree.positions, slug="übergänge", topics=[topic])

    [item] = [t for t in client.get(TOPICS).json()["results"] if t["title"] == "Ältere"]
    [position] = client.get(POSITIONS, {"topic": "ältere-menschen"}).json()["results"]

    assert item["api_url"] == "http://testserver/api/v1/topics/%C3%A4ltere-menschen/"
    assert client.get(item["api_url"]).json()["positions"][0]["slug"] == "übergänge"
    assert position["api_url"] == "http://testserver/api/v1/positions/%C3%BCberg%C3%A4nge/"
    assert client.get(position["api_url"]).json()["topics"][0]["slug"] == "ältere-menschen"


@pytest.mark.parametrize("q", ['"', 'Armut"', "(Armut", "*", "NEAR(", "AND", "\\"])
def test_q_with_search_syntax_never_fails(client, hub, q):
    assert client.get(TOPICS, {"q": q}).status_code == 200
    assert client.get(POSITIONS, {"q": q}).status_code == 200


def test_a_slug_used_on_two_sites_answers_the_first_in_tree_order(client, hub):
    """Slugs are unique among siblings only; a second site must not turn details into 500s."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="zweite-seite")
    Site.objects.create(hostname="zweite.example", root_page=home)
    PositionPageFactory(parent=PositionIndexPageFactory(parent=home), slug="rueckkehrberatung")
    TopicPageFactory(parent=TopicIndexPageFactory(parent=home), slug="armut", title="Zweites")

    assert client.get(f"{POSITIONS}rueckkehrberatung/").json()["id"] == hub.rueckkehr.pk
    assert client.get(f"{TOPICS}armut/").json()["id"] == hub.armut.pk


def test_rich_text_links_are_public_absolute_or_removed(client, hub):
    """Internal links resolve to public URLs, documents to downloads; links to what the public
    may not see keep their text only; relative links become absolute."""
    positions = hub.site_tree.positions
    draft = PositionPageFactory(parent=positions, slug="entwurf", live=False)
    private = PositionPageFactory(parent=positions, slug="intern")
    restrict(private)
    expired = PositionPageFactory(
        parent=positions,
        slug="abgelaufen",
        expire_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    intern = private_collection()
    secret = LigaDocumentFactory(title="Vorstandsvorlage", collection=intern.add_child(name="V"))
    html = (
        f'<p><a linktype="page" id="{hub.ticket.pk}">Ticket</a>, '
        f'<a linktype="page" id="{draft.pk}">Entwurf</a>, '
        f'<a linktype="page" id="{private.pk}">Intern</a>, '
        f'<a linktype="page" id="{expired.pk}">Alt</a>, '
        f'<a linktype="page" id="999999">Gelöscht</a>, '
        f'<a linktype="document" id="{hub.pdf.pk}">PDF</a>, '
        f'<a linktype="document" id="{secret.pk}">Vorlage</a>, '
        '<a href="/impressum/">Impressum</a>, <a href="//example.org/x">Extern</a>, '
        '<a href="https://www.parisax.de/">Parität</a>, '
        '<a href="mailto:info@example.org">Post</a> – Größe &amp; Wärme „gut“</p>'
    )
    expected = (
        '<p><a href="http://testserver/positionen/sozialticket/">Ticket</a>, <a>Entwurf</a>, '
        "<a>Intern</a>, <a>Alt</a>, <a>Gelöscht</a>, "
        f'<a href="http://testserver/documents/{hub.pdf.pk}/positionspapier-ruckkehrberatung.pdf">'
        'PDF</a>, <a>Vorlage</a>, <a href="http://testserver/impressum/">Impressum</a>, '
        '<a href="//example.org/x">Extern</a>, <a href="https://www.parisax.de/">Parität</a>, '
        '<a href="mailto:info@example.org">Post</a> – Größe &amp; Wärme „gut“</p>'
    )
    TopicPageFactory(
        parent=hub.site_tree.topics,
        slug="links",
        intro=html,
        body=body(("paragraph", html), ("quote", {"text": html, "attribution": "Ä"})),
    )

    response = client.get(f"{TOPICS}links/")

    detail = response.json()
    assert detail["intro"] == expected
    assert detail["body"][0]["value"] == expected
    assert detail["body"][1]["value"]["text"] == expected
    assert "Größe &amp; Wärme „gut“".encode() in response.content
    [listed] = [t for t in client.get(TOPICS).json()["results"] if t["slug"] == "links"]
    assert listed["intro"] == expected


def test_media_in_private_collections_are_left_out_of_topics(client, hub):
    intern = private_collection(CollectionViewRestriction.PASSWORD)
    for item in (hub.lead, hub.pdf):
        move(item, intern)

    detail = client.get(f"{TOPICS}flucht-und-migration/").json()

    assert detail["image"] is None
    assert [block["type"] for block in detail["body"]] == ["paragraph", "heading", "quote"]
    assert "<a>Papier</a>" in detail["body"][0]["value"]
    assert [p["document"] for p in detail["positions"]] == [None, None]


def add_topics(count, site_tree, offset=0):
    """Topics with image, 2 contacts (photo, organisation logo) and links in intro and body."""
    for i in range(offset, offset + count):
        image = LigaImageFactory(title=f"Bild {i}")
        document = LigaDocumentFactory(title=f"Papier {i}")
        people = people_with_media(f"k{i}", image)
        topic = TopicPageFactory(
            parent=site_tree.topics,
            slug=f"thema-{i:02d}",
            image=image,
            contacts=people,
            intro=f'<p><a linktype="document" id="{document.pk}">PDF</a></p>',
        )
        topic.body = every_block(topic, document, image)
        topic.save()
        PositionPageFactory(parent=site_tree.positions, topics=[topic], document=document)


def test_query_count_does_not_grow_with_topics_or_relations(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_topics(1, site_tree)
    client.get(TOPICS)  # warm Wagtail's cached site root paths
    small, _ = count_queries(client, f"{TOPICS}?limit=100")
    small_q, _ = count_queries(client, f"{TOPICS}?limit=100&q=Thema")
    with django_capture_on_commit_callbacks(execute=True):
        add_topics(29, site_tree, offset=1)

    large, response = count_queries(client, f"{TOPICS}?limit=100")

    results = response.json()["results"]
    assert len(results) == 30
    assert all(t["image"]["renditions"] and 'href="http' in t["intro"] for t in results)
    assert all(
        len(c["topics"]) == 1 and c["organisation"]["logo"] for t in results for c in t["contacts"]
    )
    large_q, response = count_queries(client, f"{TOPICS}?limit=100&q=Thema")
    assert len(response.json()["results"]) == 30
    assert large == small
    assert large_q == small_q


def test_detail_query_count_does_not_grow_with_blocks_or_relations(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_topics(1, site_tree)
    client.get(f"{TOPICS}thema-00/")
    small, _ = count_queries(client, f"{TOPICS}thema-00/")
    with django_capture_on_commit_callbacks(execute=True):
        add_topics(4, site_tree, offset=1)
    big = TopicPageFactory(
        parent=site_tree.topics,
        slug="gross",
        image=LigaImage.objects.first(),
        contacts=list(Contact.objects.all()),
        intro="".join(t.intro for t in site_tree.topics.get_children().specific()),
        body=json.dumps(
            [
                {**block, "id": f"{block['id']}-{n}"}
                for n, topic in enumerate(site_tree.topics.get_children().specific())
                for block in topic.body.raw_data
            ]
        ),
    )
    for position in PositionPage.objects.all():
        PositionTopic.objects.create(position=position, topic=big)

    large, response = count_queries(client, f"{TOPICS}gross/")

    detail = response.json()
    assert len(detail["body"]) == 25 and len(detail["contacts"]) == 10
    assert len(detail["positions"]) == 5
    assert large == small
