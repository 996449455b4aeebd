"""Signed webhooks to member sites: one delivery per publish, retried with the same
``webhook-id`` on the contract's schedule, once even across a worker restart, ``410``
disabling the endpoint, private addresses refused, secrets rotated with an overlap.

A real receiver (``tests.webhook_helpers``) listens on 127.0.0.1 as ``receiver.test`` (the
tests' resolver answers that name) and checks every signature with ``standardwebhooks``.
"""

import os
import signal
import socket
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from contacts.models import Contact
from integration.delivery import claim
from integration.models import ChangeEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from integration.tasks import send_webhook
from ops.signals import scheduler_ticked
from tests.builders import organisation, person, position, topic
from tests.test_worker_scheduler import an_hour_ago, scheduled
from tests.webhook_helpers import RECEIVER_HOST, start_receiver
from tests.worker_helpers import queued, run_worker, waiting

pytestmark = pytest.mark.django_db

# A name that the tests' resolver sends to 127.0.0.1 but that no setting allows.
REBOUND_HOST = "rebound.example.org"


@pytest.fixture
def fake_dns(monkeypatch):
    """``receiver.test`` and ``rebound.example.org`` resolve to 127.0.0.1."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in (RECEIVER_HOST, REBOUND_HOST):
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def receiver(settings, database_tasks, fake_dns):
    settings.WEBHOOK_ALLOW_HTTP_HOSTS = [RECEIVER_HOST]
    settings.WEBHOOK_RETRY_JITTER = 0
    receiver, stop = start_receiver()
    yield receiver
    stop()


@pytest.fixture
def endpoint(receiver, site_tree):
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation("paritaet"), url=receiver.url()
    )
    receiver.secrets = [endpoint.secret]
    return endpoint


@pytest.fixture
def armut(site_tree):
    return topic(site_tree, "armut")


def publish_position(site_tree, armut, **fields):
    page = position(site_tree, topics=[armut], live=False, **fields)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)  # as published, live


def delivery_of(endpoint) -> WebhookDelivery:
    return WebhookDelivery.objects.get(endpoint=endpoint)


def statuses(delivery) -> list:
    return list(delivery.attempts.values_list("status_code", flat=True))


def let_time_pass(seconds: float) -> None:
    """Everything waiting for a moment ``seconds`` from now is due (the test does not wait)."""
    shift = timedelta(seconds=seconds)
    for delivery in WebhookDelivery.objects.exclude(next_attempt_at=None):
        delivery.next_attempt_at -= shift
        delivery.save(update_fields=["next_attempt_at"])
    for row in waiting(send_webhook):
        if row.run_after:
            DBTaskResult.objects.filter(pk=row.pk).update(run_after=row.run_after - shift)


def test_publishing_a_position_sends_one_signed_delivery(endpoint, receiver, site_tree, armut):
    page = publish_position(site_tree, armut, title="Armut hat Ursachen", slug="armut-ursachen")

    run_worker()

    [request] = receiver.accepted
    assert request.verified_with == [endpoint.secret]
    assert request.payload["type"] == "position.published"
    assert request.payload["data"] == {
        "id": page.pk,
        "slug": "armut-ursachen",
        "locale": "de",
        "api_url": "http://testserver/api/v1/positions/armut-ursachen/",
        "url": page.full_url.replace("http://localhost", "http://testserver"),
    }
    delivery = delivery_of(endpoint)
    assert request.webhook_id == delivery.message_id
    assert delivery.state == "delivered"
    assert statuses(delivery) == [204]
    assert len(receiver.received) == 1


def test_receiver_failing_twice_gets_the_same_webhook_id_until_it_answers(
    endpoint, receiver, site_tree, armut, settings
):
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 0]
    receiver.answers = [(500, {}), (500, {})]

    publish_position(site_tree, armut)
    run_worker()

    assert len(receiver.received) == 3
    assert len({request.webhook_id for request in receiver.received}) == 1
    assert all(request.verified_with for request in receiver.received)
    delivery = delivery_of(endpoint)
    assert delivery.state == "delivered"
    assert statuses(delivery) == [500, 500, 204]


def test_retries_follow_the_schedule_and_retry_after_replaces_the_next_delay(
    endpoint, receiver, site_tree, armut
):
    receiver.answers = [(500, {}), (503, {"Retry-After": "120"}), (429, {"Retry-After": "7200"})]
    publish_position(site_tree, armut)

    def outcome_of_next_attempt(waited: float) -> str:
        let_time_pass(waited)
        run_worker()
        # What each attempt's task answered, e.g. "retry in 5 s".
        return queued(send_webhook).filter(status="SUCCESSFUL").last().return_value

    assert outcome_of_next_attempt(0) == "retry in 5 s", "the contract's first delay"
    assert outcome_of_next_attempt(5) == "retry in 120 s", "Retry-After replaces 30 s"
    assert outcome_of_next_attempt(120) == "retry in 3600 s", "Retry-After: at most an hour"
    assert delivery_of(endpoint).state == "pending"
    assert statuses(delivery_of(endpoint)) == [500, 503, 429]


def test_a_delivery_that_fails_past_the_schedule_is_kept_as_failed(
    endpoint, receiver, site_tree, armut, settings
):
    settings.WEBHOOK_RETRY_DELAYS = [0]
    receiver.answers = [(500, {}), (502, {})]

    publish_position(site_tree, armut)
    run_worker()

    delivery = delivery_of(endpoint)
    assert delivery.state == "failed"
    assert statuses(delivery) == [500, 502]
    assert len(receiver.received) == 2


def test_a_worker_stopped_with_sigterm_mid_retry_delivers_once_after_restart(
    endpoint, receiver, site_tree, armut, settings
):
    settings.WEBHOOK_RETRY_DELAYS = [0]
    receiver.answers = [(500, {})]
    # The worker gets SIGTERM while its request is at the receiver.
    receiver.on_request = lambda: os.kill(os.getpid(), signal.SIGTERM)

    publish_position(site_tree, armut)
    run_worker()  # attempt 1 fails; SIGTERM arrives meanwhile: the worker stops after it

    assert len(receiver.received) == 1
    assert delivery_of(endpoint).state == "pending"
    receiver.on_request = None

    run_worker()  # started again
    run_worker()

    assert [r.webhook_id for r in receiver.received] == [delivery_of(endpoint).message_id] * 2
    assert delivery_of(endpoint).state == "delivered"
    assert statuses(delivery_of(endpoint)) == [500, 204]


def test_a_retry_whose_task_was_lost_is_sent_once_by_the_next_worker(
    endpoint, receiver, site_tree, armut
):
    receiver.answers = [(500, {})]
    publish_position(site_tree, armut)
    run_worker()
    waiting(send_webhook).delete()  # e.g. a queue restored from a backup without it
    let_time_pass(60)

    run_worker()  # a starting worker enqueues what is overdue
    run_worker()

    assert len(receiver.received) == 2
    assert statuses(delivery_of(endpoint)) == [500, 204]


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_once_its_claim_ends(
    endpoint, receiver, site_tree, armut
):
    publish_position(site_tree, armut)
    delivery = delivery_of(endpoint)
    assert claim(delivery.pk) is not None  # the dying worker had taken it

    run_worker()
    assert receiver.received == [], "another worker leaves a claimed delivery alone"

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1),
        next_attempt_at=timezone.now() - timedelta(minutes=5),
    )
    run_worker()
    run_worker()

    assert len(receiver.accepted) == 1
    assert delivery_of(endpoint).state == "delivered"


def test_410_disables_the_endpoint(endpoint, receiver, site_tree, armut):
    receiver.answers = [(410, {})]

    publish_position(site_tree, armut)
    run_worker()
    publish_position(site_tree, armut, slug="noch-eins")
    run_worker()

    endpoint.refresh_from_db()
    assert endpoint.state == "disabled"
    assert delivery_of(endpoint).state == "failed"
    assert len(receiver.received) == 1


def test_a_name_resolving_to_a_private_address_is_refused_at_send_time(receiver, site_tree, armut):
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation("paritaet"),
        url=f"https://{REBOUND_HOST}:{receiver.port}/hooks",
    )

    publish_position(site_tree, armut)
    run_worker()

    assert receiver.received == []
    attempt = WebhookAttempt.objects.get(delivery__endpoint=endpoint)
    assert attempt.outcome == "refused"
    assert "127.0.0.1" in attempt.error
    endpoint.refresh_from_db()
    assert endpoint.state == "refused"


def test_during_a_rotation_both_secrets_sign(endpoint, receiver, site_tree, armut):
    old = endpoint.secret
    new = endpoint.rotate_secret()
    receiver.secrets = [old, new]

    publish_position(site_tree, armut)
    run_worker()

    [request] = receiver.received
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert request.verified_with == [old, new]
    for secret in (old, new):
        Webhook(secret).verify(request.body, request.headers)


def test_after_the_overlap_only_the_new_secret_signs(endpoint, receiver, site_tree, armut):
    old = endpoint.secret
    new = endpoint.rotate_secret(overlap=timedelta(0))
    receiver.secrets = [old, new]

    publish_position(site_tree, armut)
    run_worker()

    assert receiver.received[0].verified_with == [new]


def test_event_types_and_filters_narrow_what_an_endpoint_gets(endpoint, receiver, site_tree, armut):
    endpoint.event_types = ["contact.published"]
    endpoint.save()
    other_topic = topic(site_tree, "flucht-und-migration")
    by_topic = WebhookEndpoint.objects.create(
        organisation=endpoint.organisation, url=receiver.url(path="/armut"), topic=armut
    )

    publish_position(site_tree, armut, slug="zur-armut")
    page = position(site_tree, topics=[other_topic], live=False, slug="zur-flucht")
    page.save_revision().publish()
    run_worker()

    assert not WebhookDelivery.objects.filter(endpoint=endpoint).exists()
    [only] = WebhookDelivery.objects.filter(endpoint=by_topic)
    assert only.event.slug == "zur-armut"


def test_unpublishing_and_deleting_contacts_are_events(endpoint, receiver, site_tree):
    contact = person("m-lehmann", live=False)
    contact.save_revision().publish()
    contact = Contact.objects.get(pk=contact.pk)
    contact.unpublish()
    contact = Contact.objects.get(pk=contact.pk)
    contact.save_revision().publish()
    Contact.objects.get(pk=contact.pk).delete()

    run_worker()

    assert [r.payload["type"] for r in receiver.accepted] == [
        "contact.published",
        "contact.unpublished",
        "contact.published",
        "contact.unpublished",
    ]
    assert receiver.accepted[0].payload["data"]["api_url"].endswith(f"/contacts/{contact.pk}/")


def test_a_rolled_back_publish_leaves_no_event_and_sends_nothing(
    endpoint, receiver, site_tree, armut
):
    page = position(site_tree, topics=[armut], live=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the import failed later")

    run_worker()

    assert not ChangeEvent.objects.exists()
    assert receiver.received == []


def test_the_scheduler_tick_publishing_and_expiring_sends_events(
    endpoint, receiver, site_tree, armut
):
    waiting_page = position(site_tree, topics=[armut], live=False, slug="geplant")
    scheduled(waiting_page)
    expiring = publish_position(site_tree, armut, slug="abgelaufen")
    expiring.expire_at = an_hour_ago()
    expiring.save()

    run_worker()

    events = {(r.payload["type"], r.payload["data"]["slug"]) for r in receiver.accepted}
    assert ("position.published", "geplant") in events
    assert ("position.unpublished", "abgelaufen") in events


def test_the_tick_forgets_changes_older_than_any_accepted_sync_token(
    endpoint, receiver, site_tree, armut
):
    publish_position(site_tree, armut, slug="alt")
    run_worker()
    publish_position(site_tree, armut, slug="neu")  # its delivery is still pending
    ChangeEvent.objects.update(occurred_at=timezone.now() - timedelta(days=32))

    scheduler_ticked.send(sender=None)  # what every scheduler tick sends

    assert list(ChangeEvent.objects.values_list("slug", flat=True)) == ["neu"]
    assert WebhookDelivery.objects.get().event.slug == "neu", "a pending delivery stays"
