"""Scheduled publishing without cron: the worker keeps one chain of scheduler ticks, and a tick
publishes what is due and unpublishes what has expired, pages and snippets alike."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from wagtail.models import Page, PageLogEntry, Revision

from contacts.factories import ContactFactory
from contacts.models import Contact
from ops.tasks import ensure_tick, scheduler_tick
from positions.factories import PositionPageFactory
from tests.worker_helpers import queued, run_worker, waiting

pytestmark = pytest.mark.django_db


def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


def scheduled(obj):
    """Save a revision of ``obj`` to go live at a time that has now passed: what the
    database holds once the moment an editor chose for "publish on …" has come."""
    obj.go_live_at = an_hour_ago()
    revision = obj.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=obj.go_live_at)
    return revision


def test_the_tick_publishes_a_scheduled_page_and_unpublishes_an_expired_one(
    database_tasks, site_tree
):
    waiting_page = PositionPageFactory(parent=site_tree.positions, title="Neu", live=False)
    scheduled(waiting_page)
    expired_page = PositionPageFactory(parent=site_tree.positions, title="Alt")
    expired_page.expire_at = an_hour_ago()
    expired_page.save()

    run_worker()

    waiting_page.refresh_from_db()
    expired_page.refresh_from_db()
    assert waiting_page.live and waiting_page.go_live_at is not None
    assert not expired_page.live and expired_page.expired
    actions = set(PageLogEntry.objects.values_list("action", flat=True))
    assert {"wagtail.publish.scheduled", "wagtail.unpublish.scheduled"} <= actions
    assert queued(scheduler_tick).first().return_value == {
        "unpublished": 1,
        "published": 1,
        "failed": 0,
    }


def test_the_tick_publishes_a_scheduled_contact_and_unpublishes_an_expired_one(
    database_tasks, site_tree
):
    waiting_contact = ContactFactory(family_name="Neumann", live=False)
    scheduled(waiting_contact)
    expired_contact = ContactFactory(family_name="Altmann", expire_at=an_hour_ago())

    run_worker()

    waiting_contact = Contact.objects.get(pk=waiting_contact.pk)
    expired_contact = Contact.objects.get(pk=expired_contact.pk)
    assert waiting_contact.live
    assert not expired_contact.live and expired_contact.expired


def test_after_the_tick_the_next_one_waits_for_the_interval(database_tasks, settings):
    settings.LIGA_SCHEDULER_INTERVAL = 20

    run_worker()

    assert queued(scheduler_tick).first().status == TaskResultStatus.SUCCESSFUL
    following = waiting(scheduler_tick).get()
    assert following.priority > 0, "ticks go before a backlog of other work"
    delay = following.run_after - following.enqueued_at
    assert timedelta(seconds=19) < delay <= timedelta(seconds=20)


def test_two_workers_starting_keep_one_chain_of_ticks(database_tasks):
    run_worker("--worker-id", "worker-a")
    run_worker("--worker-id", "worker-b")

    assert waiting(scheduler_tick).count() == 1
    assert queued(scheduler_tick).filter(status=TaskResultStatus.SUCCESSFUL).count() == 1


def test_two_ticks_that_meet_merge_into_one_chain(database_tasks):
    # However two chains came about, the first tick to finish sees the other waiting.
    scheduler_tick.enqueue()
    scheduler_tick.enqueue()

    run_worker()

    assert queued(scheduler_tick).filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    assert waiting(scheduler_tick).count() == 1


def test_a_worker_for_other_queues_starts_no_tick(database_tasks):
    run_worker("--queue-name", "reports")

    assert not queued(scheduler_tick).exists()


def test_an_object_that_fails_to_publish_is_logged_and_the_rest_still_goes_live(
    database_tasks, site_tree, monkeypatch, task_log
):
    broken = PositionPageFactory(parent=site_tree.positions, title="Kaputt", live=False)
    broken_revision = scheduled(broken)
    fine = PositionPageFactory(parent=site_tree.positions, title="Heil", live=False)
    scheduled(fine)
    publish = Revision.publish

    def publish_or_fail(revision, *args, **kwargs):
        if revision.pk == broken_revision.pk:
            raise RuntimeError("storage unavailable")
        return publish(revision, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish_or_fail)

    run_worker()

    assert Page.objects.get(pk=fine.pk).live
    assert not Page.objects.get(pk=broken.pk).live
    assert queued(scheduler_tick).first().return_value["failed"] == 1
    assert any(r.levelno == logging.ERROR and "Kaputt" in r.getMessage() for r in task_log.records)
    assert waiting(scheduler_tick).count() == 1, "the chain goes on"


def test_without_a_queue_there_is_no_chain_of_ticks(db):
    # make run (ImmediateBackend): a tick would run at once, forever; none is kept.
    assert ensure_tick() is False
