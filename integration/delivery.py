"""Sending one delivery: claim it in the database, sign, send, record, decide what follows.

A delivery is claimed with one conditional ``UPDATE`` (pending, due, not claimed by a live
sender), so two workers, or a task run again after its worker died, never send it together;
its ``next_attempt_at`` and ``attempt_count`` live in the row, so a worker stopped between two
attempts loses nothing: the next attempt's task waits in the queue, and the scheduler's tick
re-enqueues any due delivery whose task went missing (``integration.tasks``).
"""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from standardwebhooks import Webhook

from integration.http import Refused, post, resolve
from integration.models import (
    AttemptOutcome,
    DeliveryState,
    EndpointState,
    WebhookAttempt,
    WebhookDelivery,
)
from ops.retry import next_delay

logger = logging.getLogger("liga.tasks")

# The contract's schedule: seconds before each retry (PRODUCT.md), ±10% jitter.
DEFAULT_RETRY_DELAYS = (5, 30, 120, 600, 1800, 3600, 10800, 21600, 43200, 86400)
DEFAULT_JITTER = 0.1
# A Retry-After header replaces the next delay, up to an hour.
MAX_RETRY_AFTER = 3600
# A claim outlives the longest request (timeout 15 s) with room to record it.
CLAIM_SECONDS = 120


def retry_delays() -> tuple[float, ...]:
    return tuple(getattr(settings, "WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def delay_after(attempt: int, retry_after: float | None) -> float | None:
    """Seconds before the attempt after failed attempt ``attempt``; None when none follows."""
    delays = retry_delays()
    if attempt > len(delays):
        return None
    if retry_after is not None:
        return min(retry_after, MAX_RETRY_AFTER)
    jitter = float(getattr(settings, "WEBHOOK_RETRY_JITTER", DEFAULT_JITTER))
    return next_delay(
        attempt, backoff=0, factor=1, max_delay=max(delays), jitter=jitter, delays=delays
    )


def claim(delivery_id: int) -> WebhookDelivery | None:
    """Take a due delivery for this worker, or None when it is not due or someone has it."""
    now = timezone.now()
    taken = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, state=DeliveryState.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)


def signed_headers(delivery: WebhookDelivery, body: str, sent_at) -> dict[str, str]:
    """Standard Webhooks headers; during a secret rotation one signature per secret,
    space-separated, so the receiver may check with either."""
    signatures = [
        Webhook(secret).sign(delivery.message_id, sent_at, body)
        for secret in delivery.endpoint.signing_secrets()
    ]
    return {
        "Content-Type": "application/json",
        "User-Agent": "LIGA-Hub-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


def send(delivery_id: int) -> str:
    """One attempt of a delivery if it is due; returns what happened (for the task log)."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "not due"
    endpoint = delivery.endpoint
    if endpoint.state != EndpointState.ACTIVE:
        finish(delivery, DeliveryState.FAILED)
        return f"endpoint {endpoint.get_state_display()}"
    body = json.dumps(delivery.event.payload(), ensure_ascii=False, separators=(",", ":"))
    started = timezone.now()
    try:
        target = resolve(endpoint.url)
    except Refused as exc:
        return refused(delivery, started, str(exc))
    answer = post(target, body.encode(), signed_headers(delivery, body, started))
    ok = answer.status is not None and 200 <= answer.status < 300
    attempt = WebhookAttempt(
        delivery=delivery,
        started_at=started,
        outcome=AttemptOutcome.DELIVERED if ok else AttemptOutcome.FAILED,
        status_code=answer.status,
        duration_ms=answer.duration_ms,
        response_excerpt=answer.excerpt,
        error=answer.error,
    )
    with transaction.atomic():
        attempt.save()
        delivery.attempt_count += 1
        if ok:
            delivery.delivered_at = timezone.now()
            return finish(delivery, DeliveryState.DELIVERED)
        if answer.status == 410:
            endpoint.state = EndpointState.DISABLED
            endpoint.save(update_fields=["state"])
            logger.warning("Webhook endpoint %s answered 410 and is disabled", endpoint.url)
            return finish(delivery, DeliveryState.FAILED)
        return schedule_retry(delivery, answer.retry_after if answer.status else None)


def refused(delivery: WebhookDelivery, started, reason: str) -> str:
    """The URL's name resolves to an address the hub does not send to: log the attempt as
    refused and mark the endpoint refused until an operator looks at it."""
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, started_at=started, outcome=AttemptOutcome.REFUSED, error=reason
        )
        delivery.attempt_count += 1
        delivery.endpoint.state = EndpointState.REFUSED
        delivery.endpoint.save(update_fields=["state"])
        logger.warning("Webhook to %s refused: %s", delivery.endpoint.url, reason)
        return finish(delivery, DeliveryState.FAILED)


def finish(delivery: WebhookDelivery, state: str) -> str:
    delivery.state = state
    delivery.next_attempt_at = None
    delivery.claimed_until = None
    delivery.save(
        update_fields=["state", "attempt_count", "delivered_at", "next_attempt_at", "claimed_until"]
    )
    return state


def schedule_retry(delivery: WebhookDelivery, retry_after: float | None) -> str:
    delay = delay_after(delivery.attempt_count, retry_after)
    if delay is None:
        logger.error(
            "Webhook %s to %s failed after %d attempts",
            delivery.message_id,
            delivery.endpoint.url,
            delivery.attempt_count,
        )
        return finish(delivery, DeliveryState.FAILED)
    delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    delivery.claimed_until = None
    delivery.save(update_fields=["attempt_count", "next_attempt_at", "claimed_until"])
    from integration.tasks import enqueue_attempt

    enqueue_attempt(delivery.pk, delivery.next_attempt_at)
    return f"retry in {delay:.0f} s"
