"""Lists count their items up to ``FRONTEND_API_COUNT_LIMIT`` (docs/api.md): a longer list
says the limit and pages on with ``next``; the count comes with the page, in its query."""

import pytest

from tests.api_helpers import count_queries

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"


def page(client, query: str) -> dict:
    response = client.get(f"{POSITIONS}?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def slugs(data: dict) -> list[str]:
    return [item["slug"] for item in data["results"]]


def test_a_list_longer_than_the_limit_says_the_limit_and_pages_on(client, hub, settings):
    settings.FRONTEND_API_COUNT_LIMIT = 2
    every = slugs(page(client, "limit=100"))
    assert len(every) == 4

    first = page(client, "limit=1")
    assert first["count"] == 2 and slugs(first) == every[:1]
    # ``next`` follows the items, not the count: all four are reached.
    seen, data = [], first
    while True:
        seen += slugs(data)
        if data["next"] is None:
            break
        data = client.get(data["next"]).json()
        assert data["count"] == 2
    assert seen == every


def test_below_the_limit_the_count_is_exact(client, hub, settings):
    settings.FRONTEND_API_COUNT_LIMIT = 4

    assert page(client, "limit=1")["count"] == 4
    assert page(client, "limit=1&topic=armut")["count"] == 3
    assert page(client, "limit=1&offset=3")["count"] == 4
    assert page(client, "offset=50")["count"] == 4


def test_the_count_comes_with_the_page(client, hub):
    whole, response = count_queries(client, f"{POSITIONS}?limit=100")
    paged, _ = count_queries(client, f"{POSITIONS}?limit=1")
    deep, _ = count_queries(client, f"{POSITIONS}?limit=1&offset=2")

    assert response.json()["count"] == 4 and response.json()["next"] is None
    assert paged == deep == whole == 3  # locales; page with its count; related entries


@pytest.mark.parametrize(
    "query",
    [
        "topic=armut",
        "organisation=paritaet",
        "topic=armut&topic=flucht-und-migration",  # a paper naming both is one paper
        "topic=armut&organisation=paritaet",
        "topic=armut&kind=statement",
        "topic=armut&locale=en",
    ],
)
def test_a_filtered_count_is_the_number_of_items_listed(client, hub, query):
    listed = page(client, f"{query}&limit=100")
    assert listed["count"] == len(listed["results"])
    assert page(client, f"{query}&limit=1")["count"] == len(listed["results"])
