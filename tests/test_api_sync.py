"""``sync/``: a full sync in pages, then deltas from the change log with tombstones, per
locale; old tokens answer 410, altered ones 400; the query count is constant."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from wagtail.models import Page

from contacts.models import Contact
from positions.models import PositionPage
from tests.api_helpers import count_queries
from tests.builders import restrict
from tests.responses import ok, problem
from tests.test_api_positions import add_positions

pytestmark = pytest.mark.django_db

SYNC = "/api/v1/sync/"


def identity(item) -> tuple:
    return (item["type"], item.get("key") or item["id"])


def full_sync(client, url=SYNC) -> tuple[list[dict], str, int]:
    """Follow ``next_page_url`` to the end: every item, the sync URL, how many pages."""
    items, pages = [], 0
    while True:
        page = ok(client.get(url)).json()
        pages += 1
        assert page["deleted"] == []
        items.extend(page["items"])
        if "next_sync_url" in page:
            assert "next_page_url" not in page
            return items, page["next_sync_url"], pages
        url = page["next_page_url"]


def listed(client, endpoint: str, locale: str = "de") -> list[dict]:
    return ok(client.get(f"/api/v1/{endpoint}/?limit=100&locale={locale}")).json()["results"]


def test_a_full_sync_holds_what_the_lists_show_in_their_shape(client, hub, settings):
    settings.SYNC_PAGE_SIZE = 3

    items, sync_url, pages = full_sync(client)

    expected = {
        **{("organisation", o["key"]): o for o in listed(client, "organisations")},
        **{("topic", t["id"]): t for t in listed(client, "topics")},
        **{("contact", c["id"]): c for c in listed(client, "contacts")},
        **{("position", p["id"]): p for p in listed(client, "positions")},
    }
    assert len(items) == len(expected) == 10
    assert pages == 4, "10 items in pages of 3"
    for item in items:
        kind = item.pop("type")
        item_id = item.pop("id") if kind == "organisation" else item["id"]
        key = item["key"] if kind == "organisation" else item_id
        assert item == expected[(kind, key)]
    assert sync_url.startswith("http://testserver/api/v1/sync/?locale=de&token=")


def test_a_delta_carries_what_changed_and_tombstones_for_what_went(client, hub):
    _, sync_url, _ = full_sync(client)
    nothing = ok(client.get(sync_url)).json()
    assert (nothing["items"], nothing["deleted"]) == ([], [])

    kita = PositionPage.objects.get(pk=hub.kita.pk)
    kita.title = "Kita-Gebühren abschaffen"
    kita.save_revision().publish()
    PositionPage.objects.get(pk=hub.ticket.pk).unpublish()
    Contact.objects.get(pk=hub.oezdemir.pk).delete()
    delta = ok(client.get(nothing["next_sync_url"])).json()

    assert [(i["type"], i["slug"], i["title"]) for i in delta["items"]] == [
        ("position", "kita-gebuehren", "Kita-Gebühren abschaffen")
    ]
    tombstones = sorted(delta["deleted"], key=lambda t: t["type"])
    assert [{k: v for k, v in t.items() if k != "deleted_at"} for t in tombstones] == [
        {"type": "contact", "id": hub.oezdemir.pk, "locale": "de"},
        {"type": "position", "id": hub.ticket.pk, "slug": "sozialticket", "locale": "de"},
    ]
    assert all(t["deleted_at"] for t in tombstones)
    assert "next_sync_url" in delta

    later = ok(client.get(delta["next_sync_url"])).json()
    assert (later["items"], later["deleted"]) == ([], [])


def test_a_page_published_into_private_view_is_a_tombstone_not_an_item(client, hub):
    _, sync_url, _ = full_sync(client)
    brief = PositionPage.objects.get(pk=hub.brief.pk)
    restrict(brief)
    brief.save_revision().publish()

    delta = ok(client.get(sync_url)).json()

    assert delta["items"] == []
    assert [(t["type"], t["slug"]) for t in delta["deleted"]] == [("position", "offener-brief")]


def test_sync_is_per_locale(client, hub, locale_en):
    english = hub.kita.copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()

    items, sync_url, _ = full_sync(client, f"{SYNC}?locale=en")
    assert [(i["type"], i["slug"], i["locale"]) for i in items] == [
        ("position", "kita-gebuehren", "en")
    ]
    german = Page.objects.get(pk=hub.kita.pk).specific
    german.save_revision().publish()
    assert ok(client.get(sync_url)).json()["items"] == [], "a German change is not in English"
    assert "locale=en" in sync_url


def test_a_delta_longer_than_a_page_is_paged(client, hub, settings):
    settings.SYNC_PAGE_SIZE = 2
    _, sync_url, _ = full_sync(client)
    for page in (hub.kita, hub.ticket, hub.brief):
        PositionPage.objects.get(pk=page.pk).save_revision().publish()

    first = ok(client.get(sync_url)).json()
    second = ok(client.get(first["next_page_url"])).json()

    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert "next_sync_url" in second


def test_a_sync_token_older_than_30_days_answers_410(client, hub, monkeypatch):
    _, sync_url, _ = full_sync(client)
    in_31_days = time.time() + timedelta(days=31).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: in_31_days)

    body = problem(client.get(sync_url), 410)

    assert "start a full sync again" in body["detail"]


@pytest.mark.parametrize("token", ["abc", "eyJsIjoiZGUifQ:1vAbcd:forged"])
def test_an_altered_token_answers_400(client, hub, token):
    body = problem(client.get(f"{SYNC}?token={token}"), 400)
    assert "token" in body["errors"]


def test_a_token_of_another_locale_answers_400(client, hub, locale_en):
    _, sync_url, _ = full_sync(client)
    body = problem(client.get(sync_url.replace("locale=de", "locale=en")), 400)
    assert body["errors"]["token"] == ["This token belongs to another locale."]


def test_unknown_parameters_answer_400_and_nothing_is_cached(client, hub):
    problem(client.get(f"{SYNC}?fallback=true"), 400)
    response = client.get(SYNC)
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response


def test_sync_is_in_the_openapi_schema(client):
    schema = ok(client.get("/api/v1/schema/?format=json")).json()
    operation = schema["paths"]["/api/v1/sync/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"locale", "token"}
    assert {"200", "400", "410"} <= set(operation["responses"])


def test_full_sync_query_count_does_not_grow_with_content(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(1, site_tree)
    client.get(SYNC)  # warm Wagtail's cached site root paths
    small, _ = count_queries(client, SYNC)
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(9, site_tree, offset=1)

    large, response = count_queries(client, SYNC)

    assert len(response.json()["items"]) > 30
    assert large == small


def test_delta_query_count_does_not_grow_with_changes(
    client, site_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_positions(10, site_tree)
    _, sync_url, _ = full_sync(client)
    positions = list(PositionPage.objects.order_by("pk"))

    def delta_after_changing(pages) -> tuple[int, dict]:
        start = ok(client.get(sync_url)).json()["next_sync_url"]
        for page in pages:
            page.save_revision().publish()
        contact = Contact.objects.filter(live=True).first()
        contact.save_revision().publish()
        queries, response = count_queries(client, start)
        return queries, response.json()

    small, small_delta = delta_after_changing(positions[:2])
    large, large_delta = delta_after_changing(positions[2:10])

    assert (len(small_delta["items"]), len(large_delta["items"])) == (3, 9)
    assert large == small
