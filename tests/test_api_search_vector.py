"""Search that scales: on PostgreSQL each entry's stored ``tsvector`` (``frontend_api.readmodel
.search``), on SQLite Wagtail's backend. Both promise the same results; where the backends
differ (stemming, the cap on common words), each test states what the running one does.

The search tests of each endpoint (tests/test_api_search.py, test_api_positions.py,
test_api_topics.py) run unchanged on both.
"""

import datetime

import pytest
from django.db import connection
from wagtail.models import Collection

from core.factories import LigaDocumentFactory
from frontend_api.readmodel import search as vector_search
from positions.factories import PositionPageFactory
from tests.api_helpers import count_queries
from tests.builders import move, private_collection
from tests.responses import slugs
from tests.search_helpers import SEARCH, search
from tests.test_api_positions import add_positions

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def paper(site_tree):
    """A position whose PDF alone holds the word “Quartiersmanagement”."""
    pdf = LigaDocumentFactory(title="Anlage", pages=["Das Quartiersmanagement braucht Geld."])
    PositionPageFactory(
        parent=site_tree.positions, slug="quartier", title="Wohnen im Quartier", document=pdf
    )
    return pdf


def found(client, q, **params) -> tuple[list[str], list[tuple[str, str]]]:
    """What ``positions/?q=`` and ``search/?q=`` find."""
    return slugs(client.get(POSITIONS, {"q": q, **params})), search(client, q, **params)


# --- PDFs ----------------------------------------------------------------------------------


def test_a_word_only_in_a_public_pdf_finds_the_paper(client, paper):
    assert found(client, "Quartiersmanagement") == (["quartier"], [("position", "quartier")])


def test_a_pdf_that_becomes_private_stops_finding_its_paper_until_public_again(client, paper):
    move(paper, private_collection())

    assert found(client, "Quartiersmanagement") == ([], [])
    assert found(client, "Wohnen") == (["quartier"], [("position", "quartier")])  # its own words

    move(paper, Collection.get_first_root_node())

    assert found(client, "Quartiersmanagement") == (["quartier"], [("position", "quartier")])


def test_a_word_in_a_pdf_private_from_the_start_finds_nothing(client, site_tree):
    pdf = LigaDocumentFactory(collection=private_collection(), pages=["Ein Geheimwort steht hier."])
    PositionPageFactory(parent=site_tree.positions, slug="intern", title="Intern", document=pdf)

    assert found(client, "Geheimwort") == ([], [])
    assert found(client, "Intern") == (["intern"], [("position", "intern")])


# --- languages -----------------------------------------------------------------------------


def test_german_words_are_found_by_their_stem_where_the_database_stems(client, site_tree):
    """PostgreSQL stems German (``german``): “Kind” finds “Kinder”; Wagtail's SQLite backend
    matches the words as written."""
    PositionPageFactory(parent=site_tree.positions, slug="kinder", title="Kinder brauchen Schutz")

    assert found(client, "Kinder") == (["kinder"], [("position", "kinder")])
    stemmed = (["kinder"], [("position", "kinder")]) if on_postgresql() else ([], [])
    assert found(client, "Kind") == stemmed


def test_with_fallback_each_item_is_searched_in_its_own_language(client, site_tree, locale_en):
    PositionPageFactory(parent=site_tree.positions, slug="kinder", title="Kinder brauchen Schutz")
    source = PositionPageFactory(parent=site_tree.positions, slug="armut", title="Armut")
    english = source.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Children need protection"
    english.save_revision().publish()
    params = {"locale": "en", "fallback": "true"}

    assert found(client, "Kinder", **params) == (["kinder"], [("position", "kinder")])
    assert found(client, "Children", **params) == (["armut"], [("position", "armut")])
    # English stems too: “protect” finds “protection” on PostgreSQL.
    stemmed = (["armut"], [("position", "armut")]) if on_postgresql() else ([], [])
    assert found(client, "protect", **params) == stemmed


# --- a common word -------------------------------------------------------------------------


def test_a_common_word_lists_at_most_the_cap_of_the_newest(client, site_tree, monkeypatch):
    """PostgreSQL takes the newest ``CAP`` matches (ranked, ordered, counted among
    themselves); Wagtail's SQLite backend takes them all."""
    monkeypatch.setattr(vector_search, "CAP", 2)
    for day in (1, 2, 3):
        PositionPageFactory(
            parent=site_tree.positions,
            slug=f"tag-{day}",
            title="Gemeinsam",
            published=datetime.date(2024, 1, day),
        )
    newest = ["tag-3", "tag-2"] if on_postgresql() else ["tag-3", "tag-2", "tag-1"]

    listed = client.get(POSITIONS, {"q": "Gemeinsam"}).json()
    assert ([item["slug"] for item in listed["results"]], listed["count"]) == (newest, len(newest))
    oldest_first = slugs(client.get(POSITIONS, {"q": "Gemeinsam", "ordering": "published"}))
    assert oldest_first == newest[::-1]
    assert sorted(search(client, "Gemeinsam")) == sorted(("position", s) for s in newest)


# --- query counts --------------------------------------------------------------------------


def test_query_counts_of_q_do_not_grow_with_matches(
    client, site_tree, django_capture_on_commit_callbacks
):
    """Every position matches “Positionspapier” (its PDF's title)."""
    urls = [f"{POSITIONS}?limit=100&q=Positionspapier", f"{SEARCH}?limit=100&q=Positionspapier"]
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(1, site_tree)
    client.get(POSITIONS)  # warm Wagtail's cached site root paths
    small = [count_queries(client, url)[0] for url in urls]
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(19, site_tree, offset=1)

    large, pages = zip(*(count_queries(client, url) for url in urls), strict=True)

    assert [page.json()["count"] for page in pages] == [20, 20]
    assert list(large) == small
    # PostgreSQL: count, page, related entries (and a settings check). Wagtail's backend on
    # SQLite searches before the list is read, and checks private PDFs' words.
    assert large[0] <= (4 if on_postgresql() else 6)
