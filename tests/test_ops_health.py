"""Health checks and request logs, as load balancers and operators use them."""

import json
import logging

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from ops.logs import JsonFormatter, RequestIdFilter
from tests.ports import closed_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_readyz_reports_every_check(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_an_unreachable_cache(client):
    redis = {
        "BACKEND": "ops.cache.TolerantRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    with override_settings(CACHES={"default": redis}):
        response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failing"] == ["cache"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error: ConnectionError")


def test_health_checks_answer_only_safe_methods(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/readyz").status_code == 200


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")
    second = client.get("/healthz")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID='x" forged\nline')

    assert kept["X-Request-ID"] == "lb-7f3a.42"
    assert replaced["X-Request-ID"] != 'x" forged\nline'
    assert len(replaced["X-Request-ID"]) == 32


def test_each_request_is_logged_with_method_path_status_duration_and_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="liga.requests"):
        response = client.get("/api/v1/nothing-here/", HTTP_X_REQUEST_ID="req-1")

    (record,) = [r for r in caplog.records if r.name == "liga.requests"]
    assert (record.method, record.path, record.status) == ("GET", "/api/v1/nothing-here/", 404)
    assert response.status_code == 404
    assert record.duration_ms >= 0
    assert record.request_id == "req-1"


def test_log_lines_are_json_objects_with_the_request_id():
    record = logging.LogRecord("liga.requests", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.status = 200
    RequestIdFilter().filter(record)

    line = JsonFormatter().format(record)

    data = json.loads(line)
    assert "\n" not in line
    assert data["level"] == "INFO"
    assert data["logger"] == "liga.requests"
    assert data["message"] == "GET / 200"
    assert data["request_id"] == "-"
    assert data["status"] == 200
    assert data["time"]


def unreachable_redis():
    from ops.cache import TolerantRedisCache

    return TolerantRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


def test_an_unreachable_redis_is_a_cache_miss_not_an_error(caplog):
    cache = unreachable_redis()

    with caplog.at_level(logging.WARNING, logger="liga.cache"):
        cache.set("key", "value")
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("key", "value") is False
        cache.delete("key")

    assert "Redis unreachable, cache set skipped" in caplog.text


def test_callers_that_must_know_see_the_unreachable_redis():
    import redis.exceptions

    cache = unreachable_redis()

    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.set("key", "value", strict=True)


def test_readyz_names_an_unreachable_object_storage(client):
    from tests.s3_media import media_settings, s3_environ

    environ = s3_environ(AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}")
    with media_settings(environ):
        response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"].startswith("error: EndpointConnectionError")
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"
