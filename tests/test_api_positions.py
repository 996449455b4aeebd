"""``positions/``: shapes, every filter, ordering, paging, errors and query counts.

The ``hub`` fixture (``tests.builders.build_hub``, shared with the topic and visibility tests)
makes deterministic content; its images are made inside ``django_capture_on_commit_callbacks``
so their renditions exist."""

import json

import pytest

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaDocumentFactory, LigaImageFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.api_helpers import assert_matches_golden, count_queries
from tests.builders import EVERY_BLOCK_TYPE, every_block, people_with_media
from tests.responses import problem, slugs

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"


def test_position_list_and_detail_match_golden_files_unescaped(client, hub, locale_en):
    english = hub.rueckkehr.copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()

    listed = client.get(f"{POSITIONS}?limit=2&ordering=published").json()
    assert_matches_golden("positions_list", listed)
    response = client.get(f"{POSITIONS}rueckkehrberatung/")
    detail = response.json()
    assert_matches_golden("positions_detail", detail)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    for text in ["Rückkehrberatung braucht Zeit", "Jürgen Özdemir", "Der Paritätische Sachsen"]:
        assert text.encode() in response.content  # German characters unescaped
    assert [block["type"] for block in detail["body"]] == EVERY_BLOCK_TYPE


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("", ["sozialticket", "kita-gebuehren", "offener-brief", "rueckkehrberatung"]),
        ("-published", ["sozialticket", "kita-gebuehren", "offener-brief", "rueckkehrberatung"]),
        ("published", ["rueckkehrberatung", "offener-brief", "kita-gebuehren", "sozialticket"]),
        ("title", ["kita-gebuehren", "offener-brief", "rueckkehrberatung", "sozialticket"]),
    ],
)
def test_ordering_is_newest_first_unless_asked(client, hub, ordering, expected):
    query = {"ordering": ordering} if ordering else {}
    assert slugs(client.get(POSITIONS, query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=flucht-und-migration", ["offener-brief", "rueckkehrberatung"]),
        ("topic=armut", ["sozialticket", "kita-gebuehren", "rueckkehrberatung"]),
        (
            "topic=flucht-und-migration&topic=armut",
            ["sozialticket", "kita-gebuehren", "offener-brief", "rueckkehrberatung"],
        ),
        ("topic=gibt-es-nicht", []),
        ("topic=gibt-es-nicht&topic=flucht-und-migration", ["offener-brief", "rueckkehrberatung"]),
        ("organisation=paritaet", ["sozialticket", "rueckkehrberatung"]),
        ("organisation=diakonie", ["kita-gebuehren", "rueckkehrberatung"]),
        ("organisation=gibt-es-nicht", []),
        ("kind=position_paper", ["rueckkehrberatung"]),
        ("kind=statement", ["kita-gebuehren"]),
        ("kind=press_release", ["sozialticket"]),
        ("kind=open_letter", ["offener-brief"]),
        ("published_after=2023-03-01", ["sozialticket", "kita-gebuehren"]),
        ("published_after=2023-03-02", ["sozialticket"]),
        ("published_before=2022-11-15", ["offener-brief", "rueckkehrberatung"]),
        ("published_before=2022-11-14", ["rueckkehrberatung"]),
        (
            "published_after=2022-11-15&published_before=2023-03-01",
            ["kita-gebuehren", "offener-brief"],
        ),
        ("published_after=2024-05-01&published_before=2024-05-01", ["sozialticket"]),
        ("topic=armut&organisation=diakonie&kind=statement", ["kita-gebuehren"]),
        ("topic=armut&ordering=title", ["kita-gebuehren", "rueckkehrberatung", "sozialticket"]),
        ("q=Vertrauensverhältnis&topic=armut", ["rueckkehrberatung"]),
        ("q=Vertrauensverhältnis&kind=statement", []),
    ],
)
def test_filters(client, hub, query, expected):
    assert slugs(client.get(f"{POSITIONS}?{query}")) == expected


@pytest.mark.parametrize(
    ("word", "expected", "where"),
    [
        ("Sozialticket", ["sozialticket"], "title only"),
        ("Kinderarmut", ["kita-gebuehren"], "teaser only"),
        ("Dolmetscher", ["offener-brief"], "body only"),
        ("Vertrauensverhältnis", ["rueckkehrberatung"], "inside the PDF only"),
        ("Unbekanntwort", [], "nowhere"),
    ],
)
def test_q_finds_words_wherever_they_occur(client, hub, word, expected, where):
    assert slugs(client.get(POSITIONS, {"q": word})) == expected, where


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("published_after=2024-13-01", "published_after"),
        ("published_after=01.05.2024", "published_after"),
        ("published_before=gestern", "published_before"),
        ("ordering=-title", "ordering"),
        ("ordering=published&ordering=title", "ordering"),
        ("kind=pressemitteilung", "kind"),
        ("topic=Flucht%20und%20Migration", "topic"),
        ("organisation=", "organisation"),
        ("q=", "q"),
        ("sort=title", "sort"),
        ("limit=101", "limit"),
        ("locale=xx", "locale"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, hub, query, param):
    body_ = problem(client.get(f"{POSITIONS}?{query}"), 400)

    assert list(body_["errors"]) == [param]
    assert param in body_["detail"]


def test_dates_out_of_order_answer_400_naming_both(client, hub):
    query = "published_after=2024-05-02&published_before=2024-05-01"

    body_ = problem(client.get(f"{POSITIONS}?{query}"), 400)

    assert sorted(body_["errors"]) == ["published_after", "published_before"]
    assert "published_after, published_before" in body_["detail"]


def test_detail_takes_only_locale(client, hub):
    assert problem(client.get(f"{POSITIONS}rueckkehrberatung/?kind=statement"), 400)["errors"] == {
        "kind": ["Unknown parameter."]
    }
    problem(client.get(f"{POSITIONS}gibt-es-nicht/"), 404)


def test_paging_edges(client, hub):
    first = client.get(f"{POSITIONS}?limit=1&topic=armut").json()
    assert [p["slug"] for p in first["results"]] == ["sozialticket"]
    assert first["count"] == 3 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/positions/?topic=armut&limit=1&offset=1"
    assert slugs(client.get(first["next"])) == ["kita-gebuehren"]
    full = client.get(f"{POSITIONS}?limit=100").json()
    assert full["count"] == 4 and len(full["results"]) == 4 and full["next"] is None
    past = client.get(f"{POSITIONS}?offset=50").json()
    assert past["count"] == 4 and past["results"] == [] and past["next"] is None


def add_positions(count, site_tree, offset=0):
    """Positions with 2 topics (2 contacts each), 2 contacts, 2 organisations, image, PDF."""
    for i in range(offset, offset + count):
        with_media = LigaImageFactory(title=f"Bild {i}")  # renditions: see the caller
        people = people_with_media(f"p{i}", with_media)
        topics = [
            TopicPageFactory(parent=site_tree.topics, slug=f"t{i}-{n}", contacts=people)
            for n in range(2)
        ]
        PositionPageFactory(
            parent=site_tree.positions,
            slug=f"position-{i}",
            image=with_media,
            document=LigaDocumentFactory(title=f"Papier {i}"),
            topics=topics,
            contacts=people,
            organisations=[MemberOrganisationFactory(logo=with_media) for _ in range(2)],
        )


def test_query_count_does_not_grow_with_positions_or_relations(
    client, site_tree, django_capture_on_commit_callbacks
):
    filtered_url = f"{POSITIONS}?limit=100&topic=t0-0&topic=t3-1&kind=position_paper"
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(1, site_tree)
    client.get(POSITIONS)  # warm Wagtail's cached site root paths
    small, _ = count_queries(client, f"{POSITIONS}?limit=100")
    small_filtered, _ = count_queries(client, filtered_url)
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(29, site_tree, offset=1)

    large, response = count_queries(client, f"{POSITIONS}?limit=100")

    results = response.json()["results"]
    assert len(results) == 30
    assert all(
        len(p["topics"]) == 2 and len(p["contacts"]) == 2 and len(p["organisations"]) == 2
        for p in results
    )
    assert all(p["image"]["renditions"] and p["document"] for p in results)
    assert all(
        len(c["topics"]) == 2 and c["photo"] and c["organisation"]["logo"]
        for p in results
        for c in p["contacts"]
    )
    large_filtered, response = count_queries(client, filtered_url)
    assert len(response.json()["results"]) == 2
    assert (large, large_filtered) == (small, small_filtered)


def test_detail_query_count_does_not_grow_with_blocks_or_relations(
    client, hub, django_capture_on_commit_callbacks
):
    client.get(f"{POSITIONS}rueckkehrberatung/")
    small, _ = count_queries(client, f"{POSITIONS}rueckkehrberatung/")
    with django_capture_on_commit_callbacks(execute=True):
        images = [LigaImageFactory(title=f"Bild {i}") for i in range(3)]
    documents = [LigaDocumentFactory(title=f"Anlage {i}") for i in range(3)]
    more = [TopicPageFactory(parent=hub.site_tree.topics) for _ in range(3)]
    topics = [hub.migration, hub.armut, *more]
    blocks = [
        json.loads(every_block(topic, document, image))
        for topic, document, image in zip(topics, documents, images, strict=False)
    ]
    PositionPageFactory(
        parent=hub.site_tree.positions,
        slug="gross",
        body=json.dumps([{**b, "id": f"{b['id']}-{n}"} for n, bs in enumerate(blocks) for b in bs]),
        image=images[0],
        document=documents[0],
        topics=topics,
        contacts=[hub.lehmann, hub.oezdemir, ContactFactory(key="dritte")],
        organisations=[hub.paritaet, hub.diakonie, MemberOrganisationFactory()],
    )

    large, response = count_queries(client, f"{POSITIONS}gross/")

    assert len(response.json()["body"]) == 15 and len(response.json()["topics"]) == 5
    assert large == small
