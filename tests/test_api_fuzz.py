"""Schemathesis against the API's own OpenAPI schema: every GET operation, a few hundred
generated requests each (valid ones and invalid ones), sent through the WSGI application and
checked with every response check, on a small hub of content (positions with topics,
contacts, organisations and a translation)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from tests.schema_helpers import SCHEMA

pytestmark = pytest.mark.django_db

# Per operation and mode: 200 requests per operation, half valid, half invalid.
MAX_EXAMPLES = 100

# Every check schemathesis has is enabled unless configured off, and none is here (server
# errors, status codes, content types, response schemas and headers, valid data accepted,
# invalid data rejected …); no examples are remembered between runs.
CONFIG = SchemathesisConfig.from_dict({"generation": {"database": "none"}})


@pytest.fixture
def keep_the_tests_connection():
    """Requests go through Django's WSGI handler, whose request signals close "old" database
    connections: inside the test's transaction that closes the test's own connection
    (PostgreSQL; SQLite's in-memory database is never closed). Django's test client
    disconnects the same receiver for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(hub, locale_en, settings, keep_the_tests_connection):
    # One client sends every request from one address: without this, requests past the
    # anonymous quota would answer 429 (the limits have tests of their own: test_api_keys).
    settings.API_ANON_RATE = "100000000/min"
    english = hub.rueckkehr.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Strengthening return counselling"
    english.save_revision().publish()
    return schemathesis.openapi.from_wsgi(f"{SCHEMA}?format=json", WSGIHandler(), config=CONFIG)


def get_operations(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    return [operation for operation in operations if operation.method.upper() == "GET"]


def dates_in_order(case) -> bool:
    """``published_after`` ≤ ``published_before``: a rule between two parameters, which an
    OpenAPI schema can only state in words (it does, in both descriptions). A valid request
    keeps it; tests/test_api_errors.py checks that breaking it answers 400 naming both."""
    query = case.query or {}
    after, before = query.get("published_after"), query.get("published_before")
    return not (isinstance(after, str) and isinstance(before, str) and after > before)


def no_made_up_sync_token(case) -> bool:
    """A sync token is valid only as the hub signed it, which a schema cannot describe: a
    generated one answers 400 ("Not a sync token of this hub"). Valid requests of sync/ start
    a full sync; tests/test_api_sync.py follows real tokens and checks altered ones."""
    return not (case.operation.path.endswith("/sync/") and "token" in (case.query or {}))


def valid_request(case) -> bool:
    return dates_in_order(case) and no_made_up_sync_token(case)


def fuzz(operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        strategy = strategy.filter(valid_request)

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,  # the same requests on every run
        database=None,
        deadline=None,
        # The hub is built once for all examples (they only read); requests may be slow.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=strategy)
    def run(case):
        case.call_and_validate()

    run()


def test_every_get_operation_keeps_its_schema(api_schema):
    operations = get_operations(api_schema)
    # Five lists, four details, locales/, sync/ and preview/ (the schema and docs views
    # document no operation).
    assert len(operations) == 12
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode)
