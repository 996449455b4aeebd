"""The webhook outbox: deliveries written with the change, sent by the worker after commit."""

import uuid

from django.utils import timezone

from integration.models import (
    EVENT_TYPES,
    DeliveryState,
    EndpointState,
    WebhookDelivery,
    WebhookEndpoint,
)
from ops.queue import enqueue_on_commit


def queue_deliveries(event) -> list[WebhookDelivery]:
    """A delivery of ``event`` for every active endpoint that wants it, and its task.

    The task row is written in this transaction too (``enqueue_on_commit``): the worker sees
    it when the change commits, and never if it rolls back."""
    if event.event_type not in EVENT_TYPES:
        return []
    endpoints = WebhookEndpoint.objects.filter(state=EndpointState.ACTIVE).select_related("topic")
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            message_id=f"msg_{uuid.uuid4().hex}",
            next_attempt_at=now,
        )
        for endpoint in endpoints
        if endpoint.wants(event)
    )
    for delivery in deliveries:
        enqueue_send(delivery)
    return deliveries


def enqueue_send(delivery: WebhookDelivery) -> None:
    from integration.tasks import send_webhook

    enqueue_on_commit(send_webhook, delivery.pk)


def resend(delivery: WebhookDelivery) -> None:
    """Send a failed (or any) delivery again, with its ``webhook-id``: the admin's action."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=timezone.now(), claimed_until=None
    )
    enqueue_send(delivery)
