"""The API's response cache: reads are served from it, every content change retires it at
once, an expiring page leaves on time, and the HTTP caching headers say the same."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page

from contacts.factories import ContactFactory
from core.factories import LigaImageFactory
from home.factories import TopicPageFactory
from positions.factories import PositionPageFactory
from tests.api_helpers import count_queries

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"


@pytest.fixture
def position(site_tree):
    return PositionPageFactory(
        parent=site_tree.positions,
        title="Rückkehrberatung stärken",
        slug="rueckkehrberatung",
        published=datetime.date(2025, 3, 1),
    )


def titles(client, url=POSITIONS) -> list[str]:
    return [item["title"] for item in client.get(url).json()["results"]]


def queries_of(client, url) -> int:
    """Queries of a request that may be served from the cache (count_queries never is)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_repeated_request_is_served_from_cache_without_queries(client, position):
    built, first = count_queries(client, POSITIONS)
    assert built > 0

    assert queries_of(client, POSITIONS) == 0
    assert client.get(POSITIONS).content == first.content


def test_parameter_order_does_not_matter(client, position):
    client.get(f"{POSITIONS}?limit=5&offset=0")

    assert queries_of(client, f"{POSITIONS}?offset=0&limit=5") == 0


def test_publishing_a_new_revision_shows_at_once(client, position):
    assert titles(client) == ["Rückkehrberatung stärken"]

    position.title = "Rückkehrberatung unabhängig halten"
    position.save_revision().publish()

    assert titles(client) == ["Rückkehrberatung unabhängig halten"]
    detail = client.get(f"{POSITIONS}rueckkehrberatung/").json()
    assert detail["title"] == "Rückkehrberatung unabhängig halten"


def test_saving_a_draft_does_not_change_what_is_served(client, position):
    assert titles(client) == ["Rückkehrberatung stärken"]

    position.title = "Entwurf eines neuen Titels"
    position.save_revision()

    assert titles(client) == ["Rückkehrberatung stärken"]


def test_unpublishing_hides_at_once(client, position):
    assert client.get(f"{POSITIONS}rueckkehrberatung/").status_code == 200

    Page.objects.get(pk=position.pk).specific.unpublish()

    assert titles(client) == []
    assert client.get(f"{POSITIONS}rueckkehrberatung/").status_code == 404


def test_new_page_is_listed_at_once(client, site_tree, position):
    assert len(titles(client)) == 1

    PositionPageFactory(parent=site_tree.positions, title="Pflege", slug="pflege")

    assert len(titles(client)) == 2


def test_deleting_a_page_removes_it_at_once(client, site_tree, position):
    topic = TopicPageFactory(parent=site_tree.topics, title="Armut", slug="armut")
    assert [t["slug"] for t in client.get("/api/v1/topics/").json()["results"]] == ["armut"]

    Page.objects.get(pk=topic.pk).delete()

    assert client.get("/api/v1/topics/").json()["results"] == []


def test_contact_edit_shows_at_once(client, db):
    contact = ContactFactory(given_name="Maria", family_name="Lehmann", role="Referentin")
    assert client.get("/api/v1/contacts/").json()["results"][0]["role"] == "Referentin"

    contact.role = "Leiterin"
    contact.save()

    assert client.get("/api/v1/contacts/").json()["results"][0]["role"] == "Leiterin"


def test_collection_made_private_hides_its_images_at_once(
    client, site_tree, django_capture_on_commit_callbacks
):
    internal = Collection.get_first_root_node().add_child(name="Intern")
    with django_capture_on_commit_callbacks(execute=True):
        image = LigaImageFactory(collection=internal)
    PositionPageFactory(parent=site_tree.positions, slug="mit-bild", image=image)
    assert client.get(f"{POSITIONS}mit-bild/").json()["image"] is not None

    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )

    assert client.get(f"{POSITIONS}mit-bild/").json()["image"] is None


def test_page_expiring_later_disappears_when_its_time_comes(client, position, monkeypatch):
    position.expire_at = timezone.now() + datetime.timedelta(hours=1)
    position.save_revision().publish()
    assert titles(client) == ["Rückkehrberatung stärken"]
    max_age = int(client.get(POSITIONS)["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 60

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert titles(client) == []


def test_max_age_never_reaches_past_the_next_expiry(client, position):
    position.expire_at = timezone.now() + datetime.timedelta(seconds=20)
    position.save_revision().publish()

    cache_control = client.get(POSITIONS)["Cache-Control"]

    assert "public" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) <= 20


def test_import_content_retires_cached_responses(client, site_tree, settings):
    assert client.get("/api/v1/topics/").json()["count"] == 0

    call_command("import_content", str(settings.BASE_DIR / "demo" / "bundle"), verbosity=0)

    assert client.get("/api/v1/topics/").json()["count"] == 5


def test_response_carries_etag_and_public_cache_control(client, position):
    response = client.get(POSITIONS)

    assert response["ETag"].startswith('"') and len(response["ETag"]) > 10
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert client.get(POSITIONS)["ETag"] == response["ETag"]


def test_matching_if_none_match_answers_304_without_a_body(client, position):
    etag = client.get(POSITIONS)["ETag"]

    response = client.get(POSITIONS, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_etag_changes_with_the_content(client, position):
    etag = client.get(POSITIONS)["ETag"]
    position.title = "Neuer Titel"
    position.save_revision().publish()

    response = client.get(POSITIONS, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_errors_are_neither_cached_nor_cacheable(client, position):
    first = client.get(f"{POSITIONS}?limit=1000")
    second = client.get(f"{POSITIONS}?limit=1000")

    assert first.status_code == second.status_code == 400
    assert "ETag" not in second and "public" not in second.get("Cache-Control", "")
    assert client.get(f"{POSITIONS}gibt-es-nicht/").status_code == 404


def test_zero_cache_seconds_turns_the_cache_off(client, position, settings):
    settings.FRONTEND_API_CACHE_SECONDS = 0
    client.get(POSITIONS)

    assert queries_of(client, POSITIONS) > 0
    assert "ETag" in client.get(POSITIONS)


def test_contact_expiring_later_disappears_when_its_time_comes(client, site_tree, monkeypatch):
    contact = ContactFactory(given_name="Maria", family_name="Lehmann")
    contact.expire_at = timezone.now() + datetime.timedelta(hours=1)
    contact.save()
    PositionPageFactory(parent=site_tree.positions, slug="mit-kontakt", contacts=[contact])
    assert client.get("/api/v1/contacts/").json()["count"] == 1
    assert len(client.get(f"{POSITIONS}mit-kontakt/").json()["contacts"]) == 1

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert client.get("/api/v1/contacts/").json()["count"] == 0
    assert client.get(f"{POSITIONS}mit-kontakt/").json()["contacts"] == []
