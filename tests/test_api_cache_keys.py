"""The response cache retires only what a change shows: each response remembers its surrogate
keys, each change stamps its keys (the ones the CDN purges), and a 304 needs no body."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontend_api.cache import api_cache, response_key

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"


def queries_of(client, url, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), response.content
    return len(captured), response


def warm(client, *urls) -> None:
    for url in urls:
        client.get(url)
        assert queries_of(client, url)[0] == 0, f"{url} is not served from the cache"


def test_a_publish_retires_what_shows_the_position_and_nothing_else(client, hub):
    other_position = f"{POSITIONS}kita-gebuehren/"
    other_lists = ["/api/v1/contacts/", "/api/v1/organisations/", "/api/v1/topics/"]
    changed = f"{POSITIONS}offener-brief/"
    warm(client, POSITIONS, changed, other_position, *other_lists)

    hub.brief.title = "Dolmetscher in jeder Unterkunft"
    hub.brief.save_revision().publish()

    built, response = queries_of(client, POSITIONS)
    assert built > 0
    assert "Dolmetscher in jeder Unterkunft" in {i["title"] for i in response.json()["results"]}
    built, response = queries_of(client, changed)
    assert built > 0 and response.json()["title"] == "Dolmetscher in jeder Unterkunft"
    for url in (other_position, *other_lists):
        assert queries_of(client, url)[0] == 0, f"{url} went cold though it does not show it"


def test_a_renamed_topic_retires_the_positions_that_list_it(client, hub):
    kita = f"{POSITIONS}kita-gebuehren/"  # lists "armut" only
    brief = f"{POSITIONS}offener-brief/"  # lists "flucht-und-migration" only
    warm(client, kita, brief)

    hub.armut.title = "Armut und Teilhabe"
    hub.armut.save_revision().publish()

    built, response = queries_of(client, kita)
    assert built > 0
    assert [topic["title"] for topic in response.json()["topics"]] == ["Armut und Teilhabe"]
    assert queries_of(client, brief)[0] == 0


def test_a_response_built_before_the_commit_is_not_served_after_it(
    client, hub, django_capture_on_commit_callbacks
):
    detail = f"{POSITIONS}sozialticket/"
    with django_capture_on_commit_callbacks(execute=True):
        hub.ticket.title = "Sozialticket für alle"
        hub.ticket.save_revision().publish()
        # Another server builds the response meanwhile (here: before the commit's callbacks).
        client.get(detail)
        assert queries_of(client, detail)[0] == 0

    built, response = queries_of(client, detail)
    assert built > 0 and response.json()["title"] == "Sozialticket für alle"


def test_a_matching_etag_is_answered_without_the_body(client, hub, rf):
    detail = f"{POSITIONS}kita-gebuehren/"
    etag = client.get(detail)["ETag"]
    # The body is gone from the cache (evicted): the head alone answers a revalidation.
    head = api_cache().get(response_key(rf.get(detail)))
    api_cache().delete(f"{response_key(rf.get(detail))}:{head['etag']}")

    queries, response = queries_of(client, detail, if_none_match=etag)

    assert (queries, response.status_code, response.content) == (0, 304, b"")
    assert response["ETag"] == etag
    assert "position:" in response["Surrogate-Key"]
    # Without a validator the body is built again, then served from the cache.
    assert queries_of(client, detail)[0] > 0
    assert queries_of(client, detail)[0] == 0


def test_an_unacceptable_accept_is_refused_also_when_cached(client, hub):
    client.get(POSITIONS)

    response = client.get(POSITIONS, headers={"accept": "text/csv"})

    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"
