"""``contacts/``: shape, filters, visibility and query counts of the contact people endpoint."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaImageFactory
from home.factories import TopicPageFactory
from home.models import TopicContact
from tests import responses
from tests.api_helpers import assert_matches_golden, count_queries
from tests.builders import (
    build_people,
    draft,
    expire,
    move,
    private_collection,
    restrict,
    restrict_parent,
    restricted,
    shift_dates,
    unpublish,
)

pytestmark = pytest.mark.django_db

CONTACTS = "/api/v1/contacts/"


def names(response) -> list[str]:
    return responses.results(response, "name")


def problem(response, status):
    body = responses.problem(response, status)
    assert body["status"] == status and body["detail"]
    return body


@pytest.fixture
def people(site_tree, django_capture_on_commit_callbacks):
    """Three contact people of two organisations, named for two topics."""
    return build_people(site_tree, django_capture_on_commit_callbacks)


def test_contacts_list_and_detail_match_golden_files(client, people):
    listed = client.get(f"{CONTACTS}?limit=2").json()
    assert_matches_golden("contacts_list", listed)
    detail = client.get(f"{CONTACTS}{people['lehmann'].pk}/").json()
    assert_matches_golden("contacts_detail", detail)


def test_contacts_are_ordered_by_family_and_given_name(client, people):
    ContactFactory(key="a-lehmann", given_name="Anna", family_name="Lehmann", organisation=None)

    assert names(client.get(CONTACTS)) == [
        "Katrin Bauer",
        "Anna Lehmann",
        "Dr. Maria Lehmann",
        "Jürgen Özdemir",
    ]


def test_a_contact_shows_its_visible_topics_by_title(client, people):
    body = client.get(f"{CONTACTS}{people['oezdemir'].pk}/").json()

    assert body["topics"] == [
        {
            "slug": "armut",
            "title": "Armut und Grundsicherung",
            "api_url": "http://testserver/api/v1/topics/armut/",
        },
        {
            "slug": "flucht-und-migration",
            "title": "Flucht und Migration",
            "api_url": "http://testserver/api/v1/topics/flucht-und-migration/",
        },
    ]
    assert body["api_url"] == f"http://testserver/api/v1/contacts/{people['oezdemir'].pk}/"


def test_a_topic_linked_twice_is_listed_once(client, people):
    TopicContact.objects.create(page=people["armut"], contact=people["bauer"], sort_order=5)
    TopicContact.objects.create(page=people["armut"], contact=people["bauer"], sort_order=6)

    body = client.get(f"{CONTACTS}{people['bauer'].pk}/").json()

    assert [topic["slug"] for topic in body["topics"]] == ["armut"]
    assert names(client.get(f"{CONTACTS}?topic=armut")) == [
        "Katrin Bauer",
        "Dr. Maria Lehmann",
        "Jürgen Özdemir",
    ]


def test_filter_by_topic_lists_only_its_contact_people(client, people):
    TopicPageFactory(
        parent=people["site_tree"].topics, title="Pflege", slug="pflege", contacts=[people["bauer"]]
    )

    assert names(client.get(f"{CONTACTS}?topic=pflege")) == ["Katrin Bauer"]
    assert names(client.get(f"{CONTACTS}?topic=armut")) == ["Dr. Maria Lehmann", "Jürgen Özdemir"]


def test_filter_by_organisation_lists_only_its_contact_people(client, people):
    assert names(client.get(f"{CONTACTS}?organisation=diakonie")) == ["Jürgen Özdemir"]
    assert names(client.get(f"{CONTACTS}?organisation=paritaet&topic=armut")) == [
        "Dr. Maria Lehmann"
    ]


@pytest.mark.parametrize("query", ["topic=gibt-es-nicht", "organisation=gibt-es-nicht"])
def test_unknown_topic_or_organisation_gives_an_empty_list(client, people, query):
    body = client.get(f"{CONTACTS}?{query}").json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("topic=Bad%20Slug!", "topic"),
        ("organisation=%C3%BC", "organisation"),
        ("topic=", "topic"),
        ("topic=armut&topic=pflege", "topic"),
        ("q=Lehmann", "q"),
        ("limit=101", "limit"),
        ("locale=xx", "locale"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, people, query, param):
    body = problem(client.get(f"{CONTACTS}?{query}"), 400)

    assert list(body["errors"]) == [param]


def test_detail_takes_no_list_filters(client, people):
    body = problem(client.get(f"{CONTACTS}{people['bauer'].pk}/?topic=armut"), 400)

    assert body["errors"] == {"topic": ["Unknown parameter."]}


def test_draft_contacts_are_never_listed_nor_shown(client, people):
    draft = ContactFactory(
        key="entwurf", given_name="Erika", family_name="Entwurf", organisation=None, live=False
    )
    TopicContact.objects.create(page=people["armut"], contact=draft, sort_order=9)

    assert "Erika Entwurf" not in names(client.get(f"{CONTACTS}?limit=100"))
    assert "Erika Entwurf" not in names(client.get(f"{CONTACTS}?topic=armut"))
    problem(client.get(f"{CONTACTS}{draft.pk}/"), 404)


@pytest.mark.parametrize("path", ["999999/", "99999999999999999999999/", "lehmann/", "1/x/"])
def test_unknown_contact_answers_404_problem(client, people, path):
    problem(client.get(f"{CONTACTS}{path}"), 404)


def test_contacts_of_another_locale_are_listed_only_in_it(client, people, locale_en):
    english = ContactFactory(
        key="english",
        given_name="Mary",
        family_name="Lehman",
        organisation=None,
        email="mary@example.org",
        phone="0351 82871-160",
        locale=locale_en,
    )
    english_topic = TopicPageFactory(
        parent=people["site_tree"].topics,
        title="Migration",
        slug="migration",
        locale=locale_en,
        contacts=[english],
    )
    TopicContact.objects.create(page=people["armut"], contact=english, sort_order=7)

    assert "Mary Lehman" not in names(client.get(CONTACTS))
    problem(client.get(f"{CONTACTS}{english.pk}/"), 404)
    body = client.get(f"{CONTACTS}?locale=en").json()
    assert [contact["name"] for contact in body["results"]] == ["Mary Lehman"]
    [item] = body["results"]
    assert item["api_url"] == f"http://testserver/api/v1/contacts/{english.pk}/?locale=en"
    assert item["topics"] == [  # the German topic it is linked to is not in English
        {
            "slug": "migration",
            "title": english_topic.title,
            "api_url": "http://testserver/api/v1/topics/migration/?locale=en",
        }
    ]
    assert client.get(item["api_url"]).json() == item
    assert names(client.get(f"{CONTACTS}?locale=en&topic=armut")) == []
    assert client.get(f"{CONTACTS}?locale=uk").json()["count"] == 0


@pytest.mark.parametrize(
    ("hide", "still_shown"),
    [
        pytest.param(draft, ["armut"], id="draft"),
        pytest.param(unpublish, ["armut"], id="unpublished"),
        pytest.param(expire, ["armut"], id="expired-but-still-live"),
        pytest.param(restricted(PageViewRestriction.LOGIN), ["armut"], id="login"),
        pytest.param(restricted(PageViewRestriction.PASSWORD), ["armut"], id="password"),
        pytest.param(restricted(PageViewRestriction.GROUPS), ["armut"], id="groups"),
        pytest.param(restrict_parent, [], id="private-topic-index"),
    ],
)
def test_hidden_topics_never_appear_on_contacts(client, people, hide, still_shown):
    hide(people["migration"])

    listed = client.get(CONTACTS).json()["results"]
    detail = client.get(f"{CONTACTS}{people['lehmann'].pk}/").json()

    for contact in [*listed, detail]:
        assert "flucht-und-migration" not in [topic["slug"] for topic in contact["topics"]]
    assert [topic["slug"] for topic in detail["topics"]] == still_shown
    assert names(client.get(f"{CONTACTS}?topic=flucht-und-migration")) == []
    assert len(names(client.get(CONTACTS))) == 3  # the people themselves stay listed


def test_a_future_expiry_does_not_hide_a_topic(client, people):
    shift_dates(people["migration"], expire_at=datetime.timedelta(days=1))

    assert names(client.get(f"{CONTACTS}?topic=flucht-und-migration")) == [
        "Dr. Maria Lehmann",
        "Jürgen Özdemir",
    ]


def test_photo_in_a_private_collection_is_never_shown(client, people):
    private = private_collection()
    url = f"{CONTACTS}{people['lehmann'].pk}/"
    assert client.get(url).json()["photo"] is not None
    move(people["lehmann"].photo, private.add_child(name="Vorstand"))

    assert client.get(url).json()["photo"] is None
    assert client.get(CONTACTS).json()["results"][1]["photo"] is None


def test_german_characters_are_unescaped(client, people):
    response = client.get(CONTACTS)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Jürgen Özdemir".encode() in response.content
    assert "Der Paritätische Sachsen".encode() in response.content


def test_paging_keeps_filters_and_order(client, people):
    first = client.get(f"{CONTACTS}?topic=armut&limit=1").json()

    assert [c["family_name"] for c in first["results"]] == ["Lehmann"]
    assert first["next"] == "http://testserver/api/v1/contacts/?topic=armut&limit=1&offset=1"
    second = client.get(first["next"]).json()
    assert [c["family_name"] for c in second["results"]] == ["Özdemir"]
    assert second["next"] is None
    assert client.get(f"{CONTACTS}?offset=50").json()["results"] == []


def add_contacts(count, topics, photo, offset=0):
    for i in range(offset, offset + count):
        organisation = MemberOrganisationFactory(key=f"verband-{i}", logo=photo)
        contact = ContactFactory(
            key=f"kontakt-{i}", family_name=f"Name {i:03d}", organisation=organisation, photo=photo
        )
        for order, topic in enumerate(topics):
            TopicContact.objects.create(page=topic, contact=contact, sort_order=order)


def test_contact_queries_do_not_grow_with_contacts_or_topics(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = LigaImageFactory(title="Porträt")
    topics = [
        TopicPageFactory(parent=site_tree.topics, title=f"Thema {i}", slug=f"thema-{i}")
        for i in range(3)
    ]
    hidden = TopicPageFactory(parent=site_tree.topics, title="Intern", slug="intern")
    restrict(hidden)
    add_contacts(1, [*topics, hidden], photo)
    small, _ = count_queries(client, f"{CONTACTS}?limit=100")
    add_contacts(29, [*topics, hidden], photo, offset=1)

    large, response = count_queries(client, f"{CONTACTS}?limit=100")

    results = response.json()["results"]
    assert len(results) == 30
    assert all(len(contact["topics"]) == 3 and contact["photo"] for contact in results)
    assert all(contact["organisation"]["logo"]["renditions"] for contact in results)
    assert large == small
    filtered, _ = count_queries(
        client, f"{CONTACTS}?limit=100&topic=thema-1&organisation=verband-3"
    )
    # The organisation's key is read first, so the list's query holds it as a value.
    assert filtered == small + 1 <= 4
    detail, _ = count_queries(client, f"{CONTACTS}{results[0]['id']}/")
    assert detail <= small


@pytest.mark.django_db
def test_topic_filter_accepts_unicode_slugs(client):
    response = client.get("/api/v1/contacts/?topic=ältere-menschen")

    assert response.status_code == 200
    assert response.json()["count"] == 0
