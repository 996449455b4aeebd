"""``search/?q=``: mixed results with ``type``, order and paging, filters, visibility and text.
Errors, the schema and query counts: tests/test_api_search_contract.py.

The content is built with the apps' factories (small, so each expectation can be read off
``tests.search_helpers.build_hub``); the golden file is a search over the demo bundle.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from contacts.factories import ContactFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.api_helpers import assert_matches_golden
from tests.builders import as_if_saved
from tests.search_helpers import (
    FUTURE,
    LEHMANN,
    MIGRATION,
    PAST,
    RUECKKEHR,
    SEARCH,
    build_hub,
    names,
    search,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(site_tree):
    return build_hub(site_tree)


# --- results -------------------------------------------------------------------------------


def test_demo_search_matches_golden_file(client, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made on commit
        call_command("import_content", "demo/bundle", stdout=io.StringIO())

    data = client.get(SEARCH, {"q": "Migration"}).json()

    assert_matches_golden("search_demo_migration", data)
    types = [item["type"] for item in data["results"]]
    assert types == ["topic", "position", "position", "position", "contact", "contact"]


def test_each_result_is_its_endpoints_list_item_with_type(client, hub):
    results = client.get(SEARCH, {"q": "Migration"}).json()["results"]

    assert names(results) == [MIGRATION, RUECKKEHR, LEHMANN]
    listed = {
        kind: client.get(f"/api/v1/{kind}s/").json()["results"]
        for kind in ("topic", "position", "contact")
    }
    for result in results:
        item = {key: value for key, value in result.items() if key != "type"}
        assert item in listed[result["type"]], result["type"]
    assert list(results[0]) == ["type", *listed["topic"][0]]  # `type` first, nothing else new


def test_topics_and_positions_are_ranked_together_before_contacts(client, hub):
    """The topic matched best above (title); here a position does: pages are not grouped."""
    word = "Wohnungslosigkeit"
    PositionPageFactory(parent=hub.site_tree.positions, title=word, teaser=f"{word} beenden.")
    intro = f"<p>Wohnraum fehlt in vielen Städten; am Ende droht {word}, davor hilft Beratung.</p>"
    TopicPageFactory(parent=hub.site_tree.topics, title="Wohnen", slug="wohnen", intro=intro)
    ContactFactory(given_name="Eva", role=f"Referentin {word}")

    assert search(client, word) == [
        ("position", "wohnungslosigkeit"),
        ("topic", "wohnen"),
        ("contact", "Eva Lehmann"),
    ]


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["topic"], [MIGRATION]),
        (["position"], [RUECKKEHR]),
        (["contact"], [LEHMANN]),
        (["topic", "contact"], [MIGRATION, LEHMANN]),
        (["position", "position"], [RUECKKEHR]),
        (["contact", "position", "topic"], [MIGRATION, RUECKKEHR, LEHMANN]),
    ],
)
def test_type_filter_is_repeatable_and_any_type_matches(client, hub, types, expected):
    assert search(client, "Migration", type=types) == expected


@pytest.mark.parametrize(
    ("word", "expected", "where"),
    [
        ("Vertrauensverhältnis", [RUECKKEHR], "inside the PDF only"),
        ("Positionspapier", [RUECKKEHR], "the PDF's title only"),
        ("Dolmetscher", [("position", "offener-brief")], "a position's body only"),
        ("Menschenrecht", [MIGRATION], "a topic's body only"),
        ("ungleich", [("topic", "armut")], "a topic's intro only"),
        ("Mobilität", [("position", "sozialticket")], "a teaser only"),
        ("Özdemir", [("contact", "Jürgen Özdemir")], "a contact's name"),
        ("Grundsicherung", [("topic", "armut"), ("contact", "Jürgen Özdemir")], "title, role"),
        ("Armut Sachsen", [("topic", "armut")], "every word, in any field"),
        ("Armut Dolmetscher", [], "not every word in one item"),
        ("Unbekanntwort", [], "nowhere"),
    ],
)
def test_q_finds_words_wherever_they_occur(client, hub, word, expected, where):
    assert search(client, word) == expected, where


# --- visibility ----------------------------------------------------------------------------


def restrict(kind):
    # Any restriction hides a page from the public; its password or groups do not matter.
    return lambda page: PageViewRestriction.objects.create(page=page, restriction_type=kind)


def schedule(page):
    page.unpublish()
    page.go_live_at = FUTURE
    page.save_revision().publish()  # approved, but not live before go_live_at


HIDDEN_STATES = {
    "unpublished": lambda page: page.unpublish(),
    "scheduled": schedule,
    # Still live (the scheduler has not run yet), yet hidden at once.
    "expired": lambda page: (
        type(page).objects.filter(pk=page.pk).update(expire_at=PAST),
        as_if_saved(page),
    ),
    "password": restrict(PageViewRestriction.PASSWORD),
    "login": restrict(PageViewRestriction.LOGIN),
    "groups": restrict(PageViewRestriction.GROUPS),
    "restricted-parent": lambda page: restrict(PageViewRestriction.LOGIN)(page.get_parent()),
}


@pytest.mark.parametrize("hide", list(HIDDEN_STATES.values()), ids=list(HIDDEN_STATES))
def test_hidden_pages_are_never_found(client, site_tree, hide):
    """A visible page of each type with the same word (expiring in the future) proves the
    search itself finds them."""
    for kind, factory, index in [
        ("topic", TopicPageFactory, site_tree.topics),
        ("position", PositionPageFactory, site_tree.positions),
    ]:
        factory(parent=index, slug=f"sichtbar-{kind}", title="Zauberwort", expire_at=FUTURE)
        # Below a page of its own, so that hiding its parent hides nothing else.
        parent = factory(parent=index, slug=f"eltern-{kind}", title="Eltern")
        hide(factory(parent=parent, slug=f"verborgen-{kind}", title="Zauberwort"))

    assert sorted(search(client, "Zauberwort")) == [
        ("position", "sichtbar-position"),
        ("topic", "sichtbar-topic"),
    ]


def test_draft_expired_and_other_locales_contacts_are_never_found(client, hub, locale_en):
    ContactFactory(key="entwurf", given_name="Zauberwort", live=False)
    ContactFactory(key="abgelaufen", given_name="Zauberwort", expire_at=PAST)
    ContactFactory(key="englisch", given_name="Zauberwort", locale=locale_en)
    ContactFactory(key="sichtbar", given_name="Zauberwort", family_name="Sichtbar")

    assert search(client, "Zauberwort") == [("contact", "Zauberwort Sichtbar")]


@pytest.mark.parametrize("nested", [False, True], ids=["private", "nested-below-private"])
def test_words_only_inside_a_private_pdf_find_nothing(client, hub, nested):
    assert search(client, "Vertrauensverhältnis") == [RUECKKEHR]
    private = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )

    hub.pdf.collection = private.add_child(name="Vorstand") if nested else private
    hub.pdf.save()

    assert search(client, "Vertrauensverhältnis") == []
    assert search(client, "Positionspapier") == []  # the PDF's title
    assert search(client, "Vertrauensverhältnis", type="position") == []
    # Words the position shows itself still find it, without its PDF.
    [item] = client.get(SEARCH, {"q": "Rückkehrberatung"}).json()["results"]
    assert (item["type"], item["slug"], item["document"]) == (*RUECKKEHR, None)


def test_only_the_requested_locale_is_searched(client, hub, locale_en):
    english = hub.armut.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Poverty and basic income"
    english.slug = "poverty"
    english.save_revision().publish()
    ContactFactory(key="en-adviser", given_name="Ann", family_name="Poor", locale=locale_en)

    assert search(client, "Poverty") == []
    assert search(client, "Poverty", locale="en") == [("topic", "poverty")]
    assert search(client, "Poor", locale="en") == [("contact", "Ann Poor")]
    assert search(client, "Grundsicherung", locale="en") == []  # only in the German title
    [item] = client.get(SEARCH, {"q": "Poverty", "locale": "en"}).json()["results"]
    assert item["api_url"] == "http://testserver/api/v1/topics/poverty/?locale=en"
    assert search(client, "Armut", locale="uk") == []  # a language without content yet


# --- paging --------------------------------------------------------------------------------


def test_paging_with_limit_1_visits_every_result_once_in_order(client, hub):
    # Pages and contacts with the same text: (nearly) equal matches.
    for i in range(3):
        PositionPageFactory(parent=hub.site_tree.positions, slug=f"gleich-{i}", title="Armut")
        ContactFactory(key=f"gleich-{i}", given_name=f"Armut{i}", role="Armut")
    everything = search(client, "Armut")
    assert len(everything) == 1 + 3 + 1 + 3  # the topic and positions, then contacts

    seen, url = [], f"{SEARCH}?q=Armut&limit=1"
    while url:
        page = client.get(url).json()
        assert page["count"] == len(everything)
        seen += names(page["results"])
        url = page["next"]

    assert seen == everything


def test_paging_links_and_offset_past_the_end(client, hub):
    only = client.get(SEARCH, {"q": "Migration", "limit": 2, "type": ["topic", "contact"]})
    assert only.json()["count"] == 2 and only.json()["next"] is None

    page = client.get(SEARCH, {"q": "Migration", "limit": 1, "offset": 1}).json()
    assert names(page["results"]) == [RUECKKEHR]
    assert page["next"] == "http://testserver/api/v1/search/?q=Migration&limit=1&offset=2"
    assert page["previous"] == "http://testserver/api/v1/search/?q=Migration&limit=1"

    past = client.get(SEARCH, {"q": "Migration", "offset": 50}).json()
    assert past["count"] == 3 and past["results"] == [] and past["next"] is None


# --- text ----------------------------------------------------------------------------------


def test_german_characters_are_unescaped(client, hub):
    response = client.get(SEARCH, {"q": "Rückkehrberatung Zeit"})

    assert response["Content-Type"] == "application/json; charset=utf-8"
    for text in ["Rückkehrberatung braucht Zeit", "Der Paritätische Sachsen", "unabhängige"]:
        assert text.encode() in response.content
    assert b"\\u00" not in response.content


# Spaces only are a `q` without a word too (values are never trimmed, see test_api_errors.py).
@pytest.mark.parametrize("q", ['"', "***", "(", "-", "«»", '"*"', "¿?", "\\", "  "])
def test_q_without_any_word_finds_nothing(client, hub, q):
    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200, response.content
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("q", ['"Armut', 'Armut"', "Armut*", "(Armut)", "+Armut", "-Armut"])
def test_search_syntax_in_q_is_ignored_and_its_words_searched(client, hub, q):
    assert ("topic", "armut") in search(client, q)
