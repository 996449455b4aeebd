"""``search/?q=``: errors, the OpenAPI schema and query counts."""

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_schema_validator import validate as validate_instance

from contacts.factories import ContactFactory, MemberOrganisationFactory
from core.factories import LigaDocumentFactory, LigaImageFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.api_helpers import count_queries
from tests.search_helpers import SEARCH, build_hub, problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(site_tree):
    return build_hub(site_tree)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("", "q"),
        ("limit=5", "q"),
        ("q=", "q"),
        ("q=" + "a" * 201, "q"),
        ("q=Armut&q=Migration", "q"),
        ("q=Armut&type=person", "type"),
        ("q=Armut&type=topic&type=topics", "type"),
        ("q=Armut&type=", "type"),
        ("q=Armut&limit=101", "limit"),
        ("q=Armut&limit=0", "limit"),
        ("q=Armut&offset=-1", "offset"),
        ("q=Armut&locale=xx", "locale"),
        ("q=Armut&sort=title", "sort"),
        ("q=Armut&topic=armut", "topic"),
    ],
)
def test_bad_parameters_answer_400_naming_them(client, hub, query, param):
    body = problem(client.get(f"{SEARCH}?{query}"), 400)

    assert list(body["errors"]) == [param]
    assert param in body["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_answer_405_whatever_the_query(client, hub, method):
    for url in (SEARCH, f"{SEARCH}?q=Armut", f"{SEARCH}?q=Armut&foo=1"):
        problem(getattr(client, method)(url), 405)


# --- schema --------------------------------------------------------------------------------


def test_schema_documents_a_list_of_typed_results_and_real_answers_fit(client, hub):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"][SEARCH]["get"]
    [q] = [param for param in operation["parameters"] if param["name"] == "q"]
    assert q["required"] is True and q["schema"]["maxLength"] == 200
    union = schema["components"]["schemas"]["SearchResult"]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == {"topic", "position", "contact"}

    data = client.get(SEARCH, {"q": "Migration"}).json()

    assert {item["type"] for item in data["results"]} == {"topic", "position", "contact"}
    validate_instance(
        data,
        {
            "components": schema["components"],
            **operation["responses"]["200"]["content"]["application/json"]["schema"],
        },
        cls=OAS31Validator,
        format_checker=oas31_format_checker,
    )


# --- query counts --------------------------------------------------------------------------


def add_matches(count, site_tree, offset=0):
    """Per item: a topic, a position (image, PDF, topics, contacts, organisations) and two
    contact people (photo, organisation logo), all matching ``Suchwort``."""
    link = f'<p><a linktype="page" id="{site_tree.positions.pk}">Positionen</a></p>'
    for i in range(offset, offset + count):
        image = LigaImageFactory(title=f"Bild {i}")  # renditions: see the caller
        people = [
            ContactFactory(role="Suchwort", photo=image, organisation=organisation)
            for organisation in MemberOrganisationFactory.create_batch(2, logo=image)
        ]
        topic = TopicPageFactory(
            parent=site_tree.topics, title=f"Suchwort {i}", image=image, contacts=people, intro=link
        )
        PositionPageFactory(
            parent=site_tree.positions,
            title=f"Suchwort {i}",
            image=image,
            document=LigaDocumentFactory(title=f"Papier {i}"),
            topics=[topic],
            contacts=people,
            organisations=MemberOrganisationFactory.create_batch(2, logo=image),
        )


def test_query_count_does_not_grow_with_results(
    client, site_tree, django_capture_on_commit_callbacks
):
    url = f"{SEARCH}?q=Suchwort&limit=100"
    with django_capture_on_commit_callbacks(execute=True):
        add_matches(1, site_tree)
    client.get(url)  # warm Wagtail's cached site root paths
    small, response = count_queries(client, url)
    types = [item["type"] for item in response.json()["results"]]
    assert sorted(types[:2]) == ["position", "topic"] and types[2:] == ["contact", "contact"]
    with django_capture_on_commit_callbacks(execute=True):
        add_matches(29, site_tree, offset=1)

    large, response = count_queries(client, url)

    page = response.json()
    assert page["count"] == 30 * 4 and len(page["results"]) == 100
    by_type = {kind: [r for r in page["results"] if r["type"] == kind] for kind in types}
    assert [len(by_type[kind]) for kind in ("topic", "position", "contact")] == [30, 30, 40]
    assert all(
        p["image"]["renditions"] and p["document"] and len(p["organisations"]) == 2
        for p in by_type["position"]
    )
    assert all(len(p["contacts"]) == 2 and p["topics"] for p in by_type["position"])
    assert all(t["image"]["renditions"] and len(t["contacts"]) == 2 for t in by_type["topic"])
    assert all(c["photo"] and c["organisation"]["logo"] and c["topics"] for c in by_type["contact"])
    assert large == small
