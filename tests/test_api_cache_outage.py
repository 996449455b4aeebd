"""While the shared cache (Redis) cannot be reached, a change is still saved, the API answers
without the cache, and the worker retires the responses cached before the change as soon as
Redis answers again (ops.cache.TolerantRedisCache, frontend_api.tasks)."""

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from frontend_api.cache import api_cache, keys_changed, stamp_key
from frontend_api.tasks import retire_cached_responses
from tests.ports import closed_port
from tests.worker_helpers import run_worker, waiting

# Commits happen (the retry is queued on commit); like every transactional test here, Wagtail's
# initial rows are restored after the flush (a flush without it re-creates the locales).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "outage": {
            "BACKEND": "ops.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.FRONTEND_API_CACHE_ALIAS = "outage"
    return settings


def test_a_change_during_an_outage_is_retired_by_the_worker_once_redis_answers(
    redis_down, database_tasks, caplog
):
    with transaction.atomic():
        keys_changed({"position:1", "positions"})
        keys_changed({"topic:2", "topics"})

    (retry,) = waiting(retire_cached_responses)
    assert "Cached API responses not retired" in caplog.text
    run_worker()  # Redis is still down: the attempt fails and waits for its next try
    (later,) = waiting(retire_cached_responses)
    assert later.pk != retry.pk

    redis_down.FRONTEND_API_CACHE_ALIAS = "default"  # Redis answers again
    api_cache().set(stamp_key("locale:de"), 0.0)  # a stamp from before the outage
    DBTaskResult.objects.filter(pk=later.pk).update(run_after=timezone.now())
    run_worker()

    # Every response carries the key of its language: all are retired.
    assert api_cache().get(stamp_key("locale:de")) > 0.0
    assert api_cache().get(stamp_key("locale:en")) > 0.0
    assert not waiting(retire_cached_responses).exists()


def test_the_api_answers_without_the_cache_while_redis_is_down(redis_down, client):
    response = client.get("/api/v1/locales/")

    assert response.status_code == 200
    assert response.json()["count"] >= 1
