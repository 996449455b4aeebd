"""A change purges the CDN by surrogate keys (``frontend_api.purge``, ``ops.cdn``): the keys of
what changed, once the transaction commits, in one task, with one request per CDN.

The CDNs here are local servers that record what they are sent (``tests.cdn_helpers``); the
tasks run at once (ImmediateBackend). ``test_cdn_varnish.py`` does the same with varnishd.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from core.renditions import image_renditions
from frontend_api.cache import api_cache, stamp_key
from ops import cdn
from ops.retry import RetriesExhausted
from positions.factories import PositionPageFactory
from tests.cdn_helpers import RecordingServer

pytestmark = pytest.mark.django_db

EVERYTHING = {"locales"} | {f"locale:{code}" for code, _ in django_settings.LANGUAGES}


@pytest.fixture
def varnish(settings):
    """A Varnish stand-in as FRONTEND_CACHE_VARNISH_URL (ask for it after ``hub``, so that
    building the hub purges nothing)."""
    with RecordingServer(headers={"xkey-purged": "3"}) as server:
        settings.FRONTEND_CACHE_VARNISH_URL = server.url
        yield server


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs what the block registered for its commit, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def purges(server) -> list[set[str]]:
    """The keys of each purge request ``server`` received (all ``PURGE /``)."""
    assert all((r.method, r.path) == ("PURGE", "/") for r in server.requests)
    return [set(r.headers["xkey-purge"].split(" ")) for r in server.requests]


def key(kind, item) -> str:
    return f"{kind}:{item.translation_key}"


def publish(page, title):
    page.title = title
    page.save_revision().publish()


# Which keys a change purges


def test_publishing_a_position_purges_its_key_and_its_list_once(hub, varnish, commit):
    with commit():
        publish(hub.rueckkehr, "Rückkehrberatung braucht Vertrauen")

    assert purges(varnish) == [{key("position", hub.rueckkehr), "positions"}]


def test_unpublishing_deleting_or_creating_a_live_position_purges_it(hub, varnish, commit):
    with commit():
        Page.objects.get(pk=hub.kita.pk).specific.unpublish()
    with commit():
        Page.objects.get(pk=hub.ticket.pk).delete()
    with commit():
        new = PositionPageFactory(parent=hub.site_tree.positions, slug="neu")

    assert purges(varnish) == [
        {key("position", hub.kita), "positions"},
        {key("position", hub.ticket), "positions"},
        {key("position", new), "positions"},
    ]


def test_a_topic_purges_the_people_it_names(hub, varnish, commit):
    # Their responses list the topics naming them: a topic naming them anew changes them.
    with commit():
        publish(hub.migration, "Flucht, Migration und Integration")

    assert purges(varnish) == [
        {key("topic", hub.migration), "topics"}
        | {key("contact", hub.lehmann), key("contact", hub.oezdemir)}
    ]


def test_contacts_and_organisations_purge_when_published_not_when_drafted(hub, varnish, commit):
    with commit():
        hub.lehmann.role = "Leiterin Migration"
        hub.lehmann.save_revision()  # a draft: nothing public changed
    with commit():
        hub.lehmann.save_revision().publish()
    with commit():
        hub.diakonie.name = "Diakonie Sachsen e. V."
        hub.diakonie.save_revision().publish()

    assert purges(varnish) == [
        {key("contact", hub.lehmann), "contacts"},
        {key("organisation", hub.diakonie), "organisations"},
    ]


def test_images_and_documents_purge_by_id(hub, varnish, commit):
    with commit():
        hub.lead.title = "Ankunft in Dresden"
        hub.lead.save()
    with commit():
        hub.pdf.title = "Positionspapier (2. Auflage)"
        hub.pdf.save()

    assert purges(varnish) == [
        {f"image:{hub.lead.pk}", "images"},
        {f"document:{hub.pdf.pk}", "documents"},
    ]


def test_moving_a_position_purges_it_moving_a_section_purges_everything(hub, varnish, commit):
    tree = hub.site_tree
    with commit():
        Page.objects.get(pk=hub.brief.pk).move(tree.home, pos="last-child")
    with commit():  # every position below it has a new URL
        Page.objects.get(pk=tree.positions.pk).move(tree.topics, pos="last-child")

    assert purges(varnish) == [{key("position", hub.brief), "positions"}, EVERYTHING]


def test_structural_changes_purge_everything(hub, varnish, commit):
    with commit():
        PageViewRestriction.objects.create(
            page=hub.site_tree.positions, restriction_type=PageViewRestriction.LOGIN
        )
    with commit():
        publish(hub.site_tree.topics, "Themen der LIGA")

    assert purges(varnish) == [EVERYTHING, EVERYTHING]


# When, how often, where to


def test_nothing_is_purged_before_the_commit(hub, varnish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        publish(hub.rueckkehr, "Noch nicht")

    assert varnish.requests == []
    for callback in callbacks:
        callback()
    assert purges(varnish) == [{key("position", hub.rueckkehr), "positions"}]


def test_a_rolled_back_change_purges_nothing(hub, varnish, commit):
    with commit():
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(hub.rueckkehr, "Zurückgenommen")
            raise RuntimeError("the editor's request fails")
        publish(hub.kita, "Kita-Gebühren abschaffen")

    assert purges(varnish) == [{key("position", hub.kita), "positions"}]


def test_one_transaction_is_one_purge(hub, varnish, commit):
    with commit(), transaction.atomic():
        publish(hub.rueckkehr, "Rückkehrberatung braucht Vertrauen")
        publish(hub.kita, "Kita-Gebühren abschaffen")
        hub.oezdemir.save_revision().publish()

    assert purges(varnish) == [
        {key("position", hub.rueckkehr), key("position", hub.kita), "positions"}
        | {key("contact", hub.oezdemir), "contacts"}
    ]


def test_an_import_is_one_purge_and_its_translations_purge_no_other_keys(
    site_tree, varnish, commit
):
    with commit():
        call_command("import_content", str(django_settings.BASE_DIR / "demo/bundle"), verbosity=0)

    # The import is one transaction; wagtail-localize publishes the complete translations
    # after it commits, in transactions of their own, under their sources' keys.
    imported, *translated = purges(varnish)
    assert {"positions", "topics", "contacts", "organisations"} <= imported
    assert sum(k.startswith("position:") for k in imported) == 9  # the demo's nine positions
    assert translated and all(keys <= imported for keys in translated)


def test_the_purge_comes_after_the_commits_other_work(hub, varnish, commit, monkeypatch):
    # The CDN asks again at once: by then the API's cache must be retired (a response built
    # between change and commit is dropped on commit) and the image's renditions made.
    seen = {}
    send = cdn.PendingPurge.__call__

    image_stamp = stamp_key(f"image:{hub.lead.pk}")

    def observe(pending):
        seen["stamp"] = api_cache().get(image_stamp)
        seen["renditions"] = hub.lead.renditions.count()
        send(pending)

    with commit():
        hub.lead.renditions.all().delete()
    monkeypatch.setattr(cdn.PendingPurge, "__call__", observe)
    with commit():
        hub.lead.save()
        before_commit = api_cache().get(image_stamp)

    assert purges(varnish)[-1] == {f"image:{hub.lead.pk}", "images"}
    assert seen["stamp"] > before_commit
    assert seen["renditions"] == len(image_renditions())


def test_without_a_cdn_nothing_is_enqueued_or_sent(hub, commit, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("nothing may be sent or enqueued")

    monkeypatch.setattr(cdn.requests, "request", refuse)
    monkeypatch.setattr(cdn.requests, "post", refuse)
    monkeypatch.setattr(cdn.PendingPurge, "__call__", refuse)
    with commit():
        publish(hub.rueckkehr, "Ohne CDN")

    assert cdn.configured_backends() == []


# The backends


def test_varnish_gets_one_purge_request_naming_all_keys():
    with RecordingServer(headers={"xkey-purged": "7"}) as server:
        report = cdn.VarnishXkeyBackend(server.url + "/ignored/path").purge(["positions", "a:1"])

    [request] = server.requests
    assert (request.method, request.path) == ("PURGE", "/")
    assert request.headers["xkey-purge"] == "positions a:1"
    assert report == f"{server.url}/: 7 objects"


def test_cloudflare_gets_the_tags_in_batches_of_thirty():
    tags = [f"position:{n}" for n in range(65)]
    with RecordingServer(body={"success": True, "errors": [], "result": {}}) as server:
        report = cdn.CloudflareTagBackend("token-1", "zone-1", api=server.url).purge(tags)

    assert [r.json()["tags"] for r in server.requests] == [tags[:30], tags[30:60], tags[60:]]
    for request in server.requests:
        assert (request.method, request.path) == ("POST", "/zones/zone-1/purge_cache")
        assert request.headers["Authorization"] == "Bearer token-1"
    assert report == "65 tags in 3 calls"


def test_settings_choose_the_backends(settings):
    settings.FRONTEND_CACHE_VARNISH_URL = "http://127.0.0.1:6081, http://10.0.0.2:6081"
    settings.CLOUDFLARE_API_TOKEN, settings.CLOUDFLARE_ZONE_ID = "token-1", "zone-1"

    backends = cdn.configured_backends()

    assert [(type(b).__name__, b.url) for b in backends] == [
        ("VarnishXkeyBackend", "http://127.0.0.1:6081/"),
        ("VarnishXkeyBackend", "http://10.0.0.2:6081/"),
        (
            "CloudflareTagBackend",
            "https://api.cloudflare.com/client/v4/zones/zone-1/purge_cache",
        ),
    ]


def test_a_failing_cdn_fails_the_task_after_trying_every_backend(settings, caplog, monkeypatch):
    answer = {"success": False, "errors": [{"code": 1134, "message": "Tag purge not allowed"}]}
    with (
        RecordingServer(status=503) as varnish,
        RecordingServer(status=400, body=answer) as cloudflare,
    ):
        settings.FRONTEND_CACHE_VARNISH_URL = varnish.url
        settings.CLOUDFLARE_API_TOKEN, settings.CLOUDFLARE_ZONE_ID = "token-1", "zone-1"
        monkeypatch.setattr(cdn, "CLOUDFLARE_API", cloudflare.url)
        # Run at once (no queue to retry from), the task's failure is final: the purge's own
        # error is its cause. The worker's retries are tested below.
        with pytest.raises(RetriesExhausted) as exhausted:
            cdn.purge_surrogate_keys.call(["positions"])

    failure = exhausted.value.__cause__
    assert isinstance(failure, cdn.PurgeError)
    assert len(varnish.requests) == len(cloudflare.requests) == 1
    assert "varnish: Varnish at" in str(failure) and "503" in str(failure)
    assert "cloudflare: Cloudflare answered 400: Tag purge not allowed" in str(failure)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    purge_errors = [message for message in errors if message.startswith("CDN purge failed")]
    assert len(purge_errors) == 2 and all("keys: positions" in m for m in purge_errors)


def test_half_a_cloudflare_configuration_is_an_error(settings):
    settings.CLOUDFLARE_API_TOKEN = "token-1"

    assert [error.id for error in cdn.check_cdn_settings(None)] == ["ops.E101"]


@pytest.mark.django_db
def test_a_cdn_that_fails_is_asked_again_with_the_same_keys_by_the_worker(
    settings, database_tasks, task_log
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tests.worker_helpers import run_worker, waiting

    with RecordingServer(status=503) as server:
        settings.FRONTEND_CACHE_VARNISH_URL = server.url
        cdn.purge_surrogate_keys.enqueue(["positions", "position:abc"])
        run_worker()
        (retry,) = waiting(cdn.purge_surrogate_keys)
        server.status = 200
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        run_worker()

    assert [r.headers["xkey-purge"] for r in server.requests] == ["positions position:abc"] * 2
    assert not waiting(cdn.purge_surrogate_keys).exists()
    assert "CDN purge failed" in task_log.text
