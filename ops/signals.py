"""Signals of the worker process, for apps that have work to check when it starts."""

from django.dispatch import Signal

# Sent by ``manage.py db_worker`` once it is registered and before it takes its first task
# (keyword argument ``worker_id``). Receivers enqueue tasks; they should not do the work.
worker_started = Signal()

# Sent by the scheduler's tick (``ops.tasks.scheduler_tick``) every
# ``LIGA_SCHEDULER_INTERVAL`` seconds, after publishing what is due: receivers do small periodic
# work or enqueue it (webhook deliveries whose task was lost, API usage counters).
scheduler_ticked = Signal()
