"""The API's read model: entries rendered when content changes, composed per response.

What is served must never differ from the content: a publish is visible on the next request,
a renamed topic, contact or organisation shows in every position that lists it, an expired
link target loses its href at once, and privacy changes take effect in their own transaction.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from contacts.factories import ContactFactory, MemberOrganisationFactory
from frontend_api.models import Entry, EntrySchema
from frontend_api.readmodel import maintain, store
from frontend_api.readmodel.render import SLOT, render_signature
from positions.factories import PositionPageFactory
from tests.api_helpers import count_queries
from tests.builders import move, private_collection, restrict

POSITIONS = "/api/v1/positions/"
pytestmark = pytest.mark.django_db


def entry_of(page) -> Entry:
    return Entry.objects.get(kind="position", object_id=page.pk)


def listed(client, **params) -> dict:
    response = client.get(POSITIONS, params)
    assert response.status_code == 200, response.content
    return {item["slug"]: item for item in response.json()["results"]}


def test_a_publish_is_rendered_when_it_commits_not_when_it_is_read(
    hub, django_capture_on_commit_callbacks
):
    maintain.flush()
    position = hub.rueckkehr
    position.title = "Rückkehrberatung braucht Zeit und Geld"
    with django_capture_on_commit_callbacks(execute=True):
        position.save_revision().publish()

    assert not maintain.pending()
    assert "Rückkehrberatung braucht Zeit und Geld" in entry_of(position).data


def test_a_published_change_is_served_on_the_next_request(client, hub):
    client.get(POSITIONS)
    hub.kita.teaser = "Kita-Gebühren senken, jetzt."
    hub.kita.save_revision().publish()

    assert listed(client)["kita-gebuehren"]["teaser"] == "Kita-Gebühren senken, jetzt."
    detail = client.get(f"{POSITIONS}kita-gebuehren/").json()
    assert detail["teaser"] == "Kita-Gebühren senken, jetzt."


def test_a_renamed_topic_shows_in_every_position_that_lists_it(client, hub):
    hub.armut.title = "Armut und soziale Teilhabe"
    hub.armut.save_revision().publish()

    positions = listed(client)
    for slug in ("rueckkehrberatung", "kita-gebuehren", "sozialticket"):
        titles = [topic["title"] for topic in positions[slug]["topics"]]
        assert "Armut und soziale Teilhabe" in titles, slug
    contact = positions["rueckkehrberatung"]["contacts"][1]
    assert [topic["title"] for topic in contact["topics"]] == [
        "Armut und soziale Teilhabe",
        "Flucht und Migration",
    ]


def test_a_renamed_contact_and_organisation_show_in_every_position_naming_them(client, hub):
    hub.lehmann.role = "Referentin für Migration und Teilhabe"
    hub.lehmann.save_revision().publish()
    hub.paritaet.name = "Paritätischer Wohlfahrtsverband Sachsen"
    hub.paritaet.save_revision().publish()

    positions = listed(client)
    lehmann = positions["rueckkehrberatung"]["contacts"][0]
    assert lehmann["role"] == "Referentin für Migration und Teilhabe"
    assert lehmann["organisation"]["name"] == "Paritätischer Wohlfahrtsverband Sachsen"
    for slug in ("rueckkehrberatung", "sozialticket"):
        names = [org["name"] for org in positions[slug]["organisations"]]
        assert "Paritätischer Wohlfahrtsverband Sachsen" in names, slug


def test_unpublishing_and_deleting_remove_the_entry(client, hub):
    maintain.flush()
    assert entry_of(hub.kita) and entry_of(hub.ticket)

    hub.kita.unpublish()
    hub.ticket.delete()
    maintain.flush()

    assert not Entry.objects.filter(object_id__in=[hub.kita.pk, hub.ticket.pk]).exists()
    assert {"kita-gebuehren", "sozialticket"}.isdisjoint(listed(client))


def test_an_expired_link_target_loses_its_href_the_moment_it_expires(client, hub, monkeypatch):
    """The stored body links the topic; when the topic's ``expire_at`` passes (before the
    scheduler unpublishes it), the body is rendered anew on reading."""
    hub.migration.expire_at = timezone.now() + datetime.timedelta(hours=1)
    hub.migration.save_revision().publish()
    before = client.get(f"{POSITIONS}rueckkehrberatung/").json()
    assert "flucht-und-migration" in str(before["body"])
    assert entry_of(hub.rueckkehr).refresh_after == hub.migration.expire_at

    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get(f"{POSITIONS}rueckkehrberatung/").json()

    assert "flucht-und-migration" not in str(after["body"])
    assert "<a>" in str(after["body"])
    assert entry_of(hub.rueckkehr).refresh_after is None


def test_a_view_restriction_hides_the_page_within_its_own_transaction(client, hub):
    maintain.flush()
    restrict(hub.kita, PageViewRestriction.LOGIN)

    assert not maintain.pending()  # decided without waiting for a commit or a read
    assert entry_of(hub.kita).restricted
    assert "kita-gebuehren" not in listed(client)


def test_a_document_moved_to_a_private_collection_leaves_the_entry_at_once(client, hub):
    maintain.flush()
    assert '"document":{' in entry_of(hub.rueckkehr).data

    move(hub.pdf, private_collection())
    maintain.flush()

    assert '"document":null' in entry_of(hub.rueckkehr).data
    assert listed(client)["rueckkehrberatung"]["document"] is None


def test_content_cannot_forge_a_slot(client, hub):
    """The slot marker is a control character that JSON text never holds unescaped."""
    hub.kita.teaser = f"Gebühren {SLOT}topics{SLOT} senken"
    hub.kita.save_revision().publish()

    item = listed(client)["kita-gebuehren"]

    assert item["teaser"] == f"Gebühren {SLOT}topics{SLOT} senken"
    assert [topic["slug"] for topic in item["topics"]] == ["armut"]


@pytest.mark.parametrize("size", [0, 25])
def test_list_and_detail_read_at_most_four_queries_at_any_size(client, hub, size):
    for n in range(size):
        PositionPageFactory(
            parent=hub.site_tree.positions,
            slug=f"mehr-{n}",
            topics=[hub.armut, hub.migration],
            contacts=[hub.lehmann, ContactFactory(key=f"person-{n}")],
            organisations=[MemberOrganisationFactory(key=f"mitzeichner-{n}"), hub.diakonie],
        )

    queries, response = count_queries(client, f"{POSITIONS}?limit=100")
    assert len(response.json()["results"]) == 4 + size
    assert queries <= 4
    for url in (
        f"{POSITIONS}rueckkehrberatung/",
        f"{POSITIONS}?topic=armut&kind=position_paper",
        f"{POSITIONS}?locale=en&fallback=true&ordering=title",
    ):
        queries, _ = count_queries(client, url)
        assert queries <= 4, url


def test_rebuilding_renders_the_same_entries(hub):
    maintain.flush()
    before = {
        (kind, pk): v for kind, pk, v in Entry.objects.values_list("kind", "object_id", "version")
    }

    call_command("rebuild_api_entries", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = {
        (kind, pk): v for kind, pk, v in Entry.objects.values_list("kind", "object_id", "version")
    }
    assert after == before and len(before) == 2 + 4 + 2 + 2
    assert EntrySchema.objects.get().version == render_signature()


def test_migrate_renders_entries_of_another_version_anew(hub):
    maintain.flush()
    EntrySchema.objects.update(version="older")
    Entry.objects.filter(object_id=hub.kita.pk).update(data="{}")

    store.ensure_current()

    assert EntrySchema.objects.get().version == render_signature()
    assert '"slug":"kita-gebuehren"' in entry_of(hub.kita).data


def test_a_render_that_fails_after_commit_is_left_to_the_worker(
    hub, monkeypatch, django_capture_on_commit_callbacks
):
    """Committed content is never lost to a failed render: the worker's task renders it."""
    maintain.flush()
    calls = []
    original = store.render

    def failing_once(kind, ids):
        calls.append(kind)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        original(kind, ids)

    monkeypatch.setattr(store, "render", failing_once)
    hub.kita.title = "Kita-Gebühren abschaffen"
    with django_capture_on_commit_callbacks(execute=True):
        hub.kita.save_revision().publish()

    # The immediate task backend of the tests runs the retry at once.
    assert len(calls) >= 2 and not maintain.pending()
    assert "Kita-Gebühren abschaffen" in entry_of(hub.kita).data


def test_reading_unchanged_entries_renders_nothing(client, hub):
    client.get(POSITIONS)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"{POSITIONS}?offset=1")
    assert not any("INSERT" in query["sql"] for query in captured.captured_queries)


def test_a_changed_public_base_url_renders_every_entry_anew(client, hub, settings):
    maintain.flush()
    assert "http://testserver/positionen/" in entry_of(hub.rueckkehr).data
    settings.PUBLIC_BASE_URL = "https://hub.example.org"

    item = listed(client)["rueckkehrberatung"]

    assert item["url"] == "https://hub.example.org/positionen/rueckkehrberatung/"
    assert item["contacts"][0]["photo"]["url"].startswith("https://hub.example.org/media/")


def test_the_worker_renders_entries_of_other_settings_on_its_tick(hub, settings):
    from ops.signals import scheduler_ticked

    maintain.flush()
    EntrySchema.objects.update(version="other settings")

    scheduler_ticked.send(sender=None)

    assert EntrySchema.objects.get().version == render_signature()
