"""Visibility matrix: every hidden state × every way a page can surface in the API.

PRODUCT.md: only live, public, non-expired pages in the requested locale; never drafts,
unpublished, scheduled or private (password, login, group) content, not as an item, in a
list, in search, as a related item, in ``translations`` or as a rich-text link target; images
and documents from private collections never.
"""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from positions.models import PositionTopic
from tests import responses
from tests.builders import (
    body,
    expire,
    move,
    never_published,
    private_collection,
    restrict_parent,
    restricted,
    scheduled,
    shift_dates,
    unpublish,
)

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"
TOPICS = "/api/v1/topics/"
HIDDEN_POSITION = "verborgene-position"
HIDDEN_TOPIC = "verborgenes-thema"

STATES = {
    "never-published-draft": never_published,
    "unpublished": unpublish,
    "scheduled": scheduled,
    "expired-while-live": expire,
    "password": restricted(PageViewRestriction.PASSWORD),
    "login": restricted(PageViewRestriction.LOGIN),
    "groups": restricted(PageViewRestriction.GROUPS),
    "restricted-ancestor": restrict_parent,
}
hidden_states = pytest.mark.parametrize("hide", STATES.values(), ids=STATES.keys())


@pytest.fixture
def hub(hub, site_tree):
    """The shared hub plus a position and a topic to hide, both found under “Geheimsache”."""
    hub.target_position = PositionPageFactory(
        parent=site_tree.positions,
        title="Geheimsache Wohnungslosigkeit",
        slug=HIDDEN_POSITION,
        published=datetime.date(2025, 1, 1),
        topics=[hub.migration],
        organisations=[hub.paritaet],
    )
    hub.target_topic = TopicPageFactory(
        parent=site_tree.topics,
        title="Geheimsache Pflege",
        slug=HIDDEN_TOPIC,
        contacts=[hub.lehmann],
    )
    PositionTopic.objects.create(position=hub.rueckkehr, topic=hub.target_topic, sort_order=9)
    return hub


def slugs(client, url, **query) -> list[str]:
    return responses.slugs(client.get(url, query))


def content(client, url, **query) -> str:
    return responses.ok(client.get(url, query)).content.decode()


@hidden_states
def test_hidden_position_is_in_no_positions_list(client, hub, hide):
    lists = [{"limit": 100}, {"topic": "flucht-und-migration"}, {"organisation": "paritaet"}]
    for query in lists:
        assert HIDDEN_POSITION in slugs(client, POSITIONS, **query)

    hide(hub.target_position)

    for query in lists:
        assert HIDDEN_POSITION not in slugs(client, POSITIONS, **query)


@hidden_states
def test_hidden_position_is_not_counted(client, hub, hide):
    # A topic's or an organisation's positions are counted from the links' copies of their
    # entry's visibility (``selectors.counted_by_links``): they must hide it as the list does.
    lists = [{}, {"topic": "flucht-und-migration"}, {"organisation": "paritaet"}]

    hide(hub.target_position)

    for query in lists:
        listed = client.get(POSITIONS, {**query, "limit": 100}).json()
        assert HIDDEN_POSITION not in [item["slug"] for item in listed["results"]]
        assert client.get(POSITIONS, {**query, "limit": 1}).json()["count"] == len(
            listed["results"]
        ), query


@hidden_states
def test_hidden_position_detail_answers_404(client, hub, hide):
    assert client.get(f"{POSITIONS}{HIDDEN_POSITION}/").status_code == 200

    hide(hub.target_position)

    response = client.get(f"{POSITIONS}{HIDDEN_POSITION}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@hidden_states
def test_hidden_position_is_not_among_a_topics_positions(client, hub, hide):
    url = f"{TOPICS}flucht-und-migration/"
    assert HIDDEN_POSITION in [p["slug"] for p in client.get(url).json()["positions"]]

    hide(hub.target_position)

    assert HIDDEN_POSITION not in content(client, url)


@hidden_states
def test_hidden_topic_is_not_among_a_positions_topics(client, hub, hide):
    """Neither as a topic of the position nor as a topic of its contact people."""
    detail = f"{POSITIONS}rueckkehrberatung/"
    assert HIDDEN_TOPIC in [t["slug"] for t in client.get(detail).json()["topics"]]
    assert slugs(client, POSITIONS, topic=HIDDEN_TOPIC) == ["rueckkehrberatung"]

    hide(hub.target_topic)

    assert HIDDEN_TOPIC not in content(client, detail)
    assert HIDDEN_TOPIC not in content(client, POSITIONS, limit=100)
    assert slugs(client, POSITIONS, topic=HIDDEN_TOPIC) == []


@hidden_states
def test_hidden_topic_is_neither_listed_nor_served(client, hub, hide):
    assert HIDDEN_TOPIC in slugs(client, TOPICS)

    hide(hub.target_topic)

    assert HIDDEN_TOPIC not in content(client, TOPICS, limit=100)
    assert client.get(f"{TOPICS}{HIDDEN_TOPIC}/").status_code == 404


@hidden_states
def test_hidden_pages_are_not_found_by_q(client, hub, hide):
    assert slugs(client, POSITIONS, q="Geheimsache") == [HIDDEN_POSITION]
    assert slugs(client, TOPICS, q="Geheimsache") == [HIDDEN_TOPIC]

    hide(hub.target_position)
    hide(hub.target_topic)

    assert slugs(client, POSITIONS, q="Geheimsache") == []
    assert slugs(client, TOPICS, q="Geheimsache") == []


@hidden_states
def test_hidden_translation_is_not_offered(client, hub, hide, locale_en):
    english = {}
    for endpoint, page in [("positions", hub.rueckkehr), ("topics", hub.migration)]:
        english[endpoint] = page.copy_for_translation(locale_en, copy_parents=True)
        english[endpoint].save_revision().publish()
    for endpoint, slug in [("positions", "rueckkehrberatung"), ("topics", "flucht-und-migration")]:
        url = f"/api/v1/{endpoint}/{slug}/"
        assert [t["locale"] for t in client.get(url).json()["translations"]] == ["en"]

    for page in english.values():
        hide(page)

    for endpoint, slug in [("positions", "rueckkehrberatung"), ("topics", "flucht-und-migration")]:
        url = f"/api/v1/{endpoint}/{slug}/"
        assert client.get(url).json()["translations"] == []
        listed = client.get(f"/api/v1/{endpoint}/", {"limit": 100}).json()["results"]
        assert all(item["translations"] == [] for item in listed)
        assert client.get(url, {"locale": "en"}).status_code == 404
        assert slug not in slugs(client, f"/api/v1/{endpoint}/", locale="en")


@hidden_states
def test_link_to_hidden_position_keeps_its_text_but_loses_its_href(client, hub, hide):
    hub.armut.intro = f'<p>Siehe <a linktype="page" id="{hub.target_position.pk}">Papier</a>.</p>'
    hub.armut.save()
    url = f"{TOPICS}armut/"
    assert f"/positionen/{HIDDEN_POSITION}/" in client.get(url).json()["intro"]

    hide(hub.target_position)

    assert client.get(url).json()["intro"] == "<p>Siehe <a>Papier</a>.</p>"
    [listed] = [t for t in client.get(TOPICS).json()["results"] if t["slug"] == "armut"]
    assert listed["intro"] == "<p>Siehe <a>Papier</a>.</p>"


@hidden_states
def test_link_to_hidden_topic_keeps_its_text_but_loses_its_href(client, hub, hide):
    paragraph = f'<p>Siehe <a linktype="page" id="{hub.target_topic.pk}">Pflege</a>.</p>'
    hub.rueckkehr.body = body(("paragraph", paragraph), ("quote", {"text": paragraph}))
    hub.rueckkehr.save()
    url = f"{POSITIONS}rueckkehrberatung/"
    assert f"/themen/{HIDDEN_TOPIC}/" in client.get(url).json()["body"][0]["value"]

    hide(hub.target_topic)

    blocks = client.get(url).json()["body"]
    assert blocks[0]["value"] == "<p>Siehe <a>Pflege</a>.</p>"
    assert blocks[1]["value"]["text"] == "<p>Siehe <a>Pflege</a>.</p>"


def test_future_expiry_and_past_go_live_do_not_hide(client, hub):
    shift_dates(
        hub.target_position,
        expire_at=datetime.timedelta(days=1),
        go_live_at=-datetime.timedelta(days=1),
    )

    assert HIDDEN_POSITION in slugs(client, POSITIONS)
    assert client.get(f"{POSITIONS}{HIDDEN_POSITION}/").status_code == 200


def test_unpublished_changes_of_a_live_page_are_not_shown(client, hub):
    page = hub.rueckkehr
    page.title = "Entwurf: noch nicht freigegeben"
    page.save_revision()

    assert client.get(f"{POSITIONS}rueckkehrberatung/").json()["title"] == (
        "Rückkehrberatung braucht Zeit"
    )
    assert "noch nicht freigegeben" not in content(client, POSITIONS)


@pytest.fixture(
    name="private_collection", params=["password", "login", "groups", "nested-below-private"]
)
def hidden_collection(request, db):
    if request.param == "nested-below-private":
        return private_collection().add_child(name="Vorstand")
    return private_collection(request.param)


def test_image_in_a_private_collection_is_never_shown(client, hub, private_collection):
    assert client.get(f"{POSITIONS}rueckkehrberatung/").json()["image"] is not None

    move(hub.lead, private_collection)

    detail = client.get(f"{POSITIONS}rueckkehrberatung/").json()
    assert detail["image"] is None
    assert "image" not in [block["type"] for block in detail["body"]]
    listed = client.get(POSITIONS, {"ordering": "published"}).json()["results"][0]
    assert listed["slug"] == "rueckkehrberatung" and listed["image"] is None
    assert client.get(f"{TOPICS}flucht-und-migration/").json()["image"] is None
    assert "symbolbild-beratung" not in content(client, TOPICS) + content(client, POSITIONS)


def test_document_in_a_private_collection_is_never_shown(client, hub, private_collection):
    assert client.get(f"{POSITIONS}rueckkehrberatung/").json()["document"] is not None

    move(hub.pdf, private_collection)

    detail = client.get(f"{POSITIONS}rueckkehrberatung/").json()
    assert detail["document"] is None
    assert "document" not in [block["type"] for block in detail["body"]]
    assert "<a>Papier</a>" in detail["body"][0]["value"]
    listed = client.get(POSITIONS, {"ordering": "published"}).json()["results"][0]
    assert listed["slug"] == "rueckkehrberatung" and listed["document"] is None
    topic = client.get(f"{TOPICS}flucht-und-migration/").json()
    assert [p["document"] for p in topic["positions"]] == [None, None, None]
    assert "/documents/" not in content(client, f"{TOPICS}flucht-und-migration/")


def test_words_only_inside_a_private_pdf_find_nothing(client, hub, private_collection):
    assert slugs(client, POSITIONS, q="Vertrauensverhältnis") == ["rueckkehrberatung"]

    move(hub.pdf, private_collection)

    assert slugs(client, POSITIONS, q="Vertrauensverhältnis") == []
    assert slugs(client, POSITIONS, q="Positionspapier") == []  # the PDF's title
    # Words the position shows itself still find it: title, teaser, body.
    for word in ["Rückkehrberatung", "ergebnisoffene", "Freistaat", "Menschenrecht"]:
        assert slugs(client, POSITIONS, q=word) == ["rueckkehrberatung"], word
