"""The worker's side of webhooks: one task per attempt, and a sweep for lost ones.

Each attempt is a ``send_webhook`` task; a retry is enqueued with ``run_after`` set to the
delivery's ``next_attempt_at`` (backends that cannot defer a task, the ImmediateBackend of
``make run`` and most tests, leave it to the sweep). The sweep (``enqueue_due``) runs when a
worker starts and at every scheduler tick: it enqueues every pending delivery that has been
due for a while without being sent (its task was lost, or the backend could not defer it).
The claim in ``integration.delivery`` makes a duplicate task harmless. The sweep also forgets
changes older than any sync token that is still accepted.
"""

from datetime import timedelta

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from integration import delivery as sending
from integration.models import ChangeEvent, DeliveryState, WebhookDelivery
from ops.signals import scheduler_ticked, worker_started

# How long a due delivery may wait for its own task before the sweep enqueues another.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500
# The change log outlives the oldest sync token that does not answer 410 (30 days).
CHANGE_LOG_DAYS = timedelta(days=31)


@task()
def send_webhook(delivery_id: int) -> str:
    """One attempt of a delivery, if it is (still) due."""
    return sending.send(delivery_id)


def enqueue_attempt(delivery_id: int, run_after) -> None:
    backend = send_webhook.get_backend()
    if backend.supports_defer:
        send_webhook.using(run_after=run_after).enqueue(delivery_id)


def enqueue_due(grace: timedelta = SWEEP_GRACE) -> int:
    """Enqueue the deliveries that are overdue and not being sent; returns how many."""
    now = timezone.now()
    overdue = list(
        WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING, next_attempt_at__lte=now - grace
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for delivery_id in overdue:
        send_webhook.enqueue(delivery_id)
    return len(overdue)


def forget_old_changes() -> int:
    """Delete changes older than the sync tokens that could still ask for them (30 days, a
    day's margin), with their finished deliveries; returns how many changes went."""
    cutoff = timezone.now() - CHANGE_LOG_DAYS
    pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING).values("event_id")
    old = ChangeEvent.objects.filter(occurred_at__lt=cutoff).exclude(pk__in=pending)
    return old.delete()[1].get(ChangeEvent._meta.label, 0)


@receiver(worker_started, dispatch_uid="integration_sweep_on_start")
@receiver(scheduler_ticked, dispatch_uid="integration_sweep_on_tick")
def sweep(sender=None, **kwargs) -> None:
    enqueue_due()
    forget_old_changes()
