"""API keys and rate limits through HTTP: 401 for a bad key, 429 when a quota is spent, the
RateLimit headers on every answer (a cache hit too), keys counted apart from the address,
quotas shared through Redis, the usage report, and ``manage.py apikeys``."""

import io
import re
import shutil
import subprocess
import sys
import textwrap
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from access import ratelimit, usage
from access.models import ApiKey, ApiKeyUsage
from contacts.factories import MemberOrganisationFactory
from tests.responses import problem

pytestmark = pytest.mark.django_db

POSITIONS = "/api/v1/positions/"
# The middle of a window of every length the tests use: no window ends during a test.
FIXED_TIME = 1_800_000_000 + 30


@pytest.fixture(autouse=True)
def small_quotas(settings, monkeypatch):
    settings.API_ANON_RATE = "3/min"
    settings.API_KEY_RATE = "5/min"
    monkeypatch.setattr(ratelimit, "now", lambda: FIXED_TIME)


@pytest.fixture
def organisation(db):
    return MemberOrganisationFactory(key="paritaet", name="Der Paritätische Sachsen")


@pytest.fixture
def api_key(organisation):
    key, secret = ApiKey.issue(organisation, "Website")
    return key, secret


def keyed(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_anonymous_answers_carry_the_policy_and_what_is_left(client, site_tree):
    first = client.get(POSITIONS)
    second = client.get(POSITIONS)  # served from the response cache

    assert first["RateLimit-Policy"] == '"anon";q=3;w=60'
    assert first["RateLimit"] == '"anon";r=2;t=30'
    assert second["RateLimit"] == '"anon";r=1;t=30'
    assert second.content == first.content


def test_errors_304s_and_the_docs_are_counted_and_labelled(client, site_tree):
    etag = client.get(POSITIONS)["ETag"]
    not_modified = client.get(POSITIONS, HTTP_IF_NONE_MATCH=etag)
    missing = client.get("/api/v1/nothing-here/")

    assert not_modified.status_code == 304
    assert not_modified["RateLimit"] == '"anon";r=1;t=30'
    assert missing.status_code == 404
    assert missing["RateLimit"] == '"anon";r=0;t=30'


def test_a_spent_quota_answers_429_with_retry_after_and_a_problem(client, site_tree):
    for _ in range(3):
        assert client.get(POSITIONS).status_code == 200

    refused = client.get(POSITIONS)

    body = problem(refused, 429)
    assert body["title"] == "Too Many Requests"
    assert "30 seconds" in body["detail"]
    assert refused["Retry-After"] == "30"
    assert refused["RateLimit"] == '"anon";r=0;t=30'


def test_quotas_are_per_address(client, site_tree):
    for _ in range(3):
        client.get(POSITIONS, REMOTE_ADDR="192.0.2.1")

    assert client.get(POSITIONS, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(POSITIONS, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_trusted_proxy_header_names_the_client(client, site_tree, settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    for _ in range(3):
        client.get(POSITIONS, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client.get(POSITIONS, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert client.get(POSITIONS, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_keyed_requests_have_their_own_quota_and_never_spend_the_address(
    client, site_tree, api_key
):
    _, secret = api_key
    answers = [client.get(POSITIONS, **keyed(secret)) for _ in range(5)]

    assert [a.status_code for a in answers] == [200] * 5
    assert answers[0]["RateLimit-Policy"] == '"key";q=5;w=60'
    assert answers[-1]["RateLimit"] == '"key";r=0;t=30'
    assert client.get(POSITIONS, **keyed(secret)).status_code == 429
    # The same address without the key still has its whole anonymous quota.
    assert client.get(POSITIONS)["RateLimit"] == '"anon";r=2;t=30'


def test_a_keyed_request_is_served_the_same_cached_answer(client, site_tree, api_key):
    _, secret = api_key
    anonymous = client.get(POSITIONS)

    with_key = client.get(POSITIONS, **keyed(secret))

    assert with_key.content == anonymous.content
    assert with_key["ETag"] == anonymous["ETag"]
    assert "Authorization" not in with_key.get("Vary", "")


@pytest.mark.parametrize(
    "header",
    ["Bearer liga_not-a-key", "Basic dXNlcjpwYXNz", "Bearer", "Token liga_x"],
)
def test_an_unknown_key_or_scheme_answers_401_never_anonymous(client, site_tree, header):
    answer = client.get(POSITIONS, HTTP_AUTHORIZATION=header)

    body = problem(answer, 401)
    assert body["title"] == "Unauthorized"
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert answer["RateLimit-Policy"] == '"anon";q=3;w=60'


def test_a_revoked_key_answers_401_at_once(client, site_tree, api_key):
    key, secret = api_key
    assert client.get(POSITIONS, **keyed(secret)).status_code == 200

    key.revoke()

    body = problem(client.get(POSITIONS, **keyed(secret)), 401)
    assert "revoked" in body["detail"]


def test_a_bad_key_answers_401_even_when_the_address_is_spent(client, site_tree):
    for _ in range(4):
        client.get(POSITIONS)

    assert client.get(POSITIONS).status_code == 429
    assert client.get(POSITIONS, HTTP_AUTHORIZATION="Bearer liga_wrong").status_code == 401


def test_paths_outside_the_api_are_not_limited(client, site_tree):
    answers = [client.get("/") for _ in range(5)]

    assert all("RateLimit" not in answer for answer in answers)


def test_a_redis_outage_lets_requests_through(client, site_tree, settings, caplog):
    from tests.ports import closed_port

    location = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {"default": {"BACKEND": "ops.cache.TolerantRedisCache", "LOCATION": location}}
    answers = [client.get(POSITIONS) for _ in range(5)]

    assert [a.status_code for a in answers] == [200] * 5
    assert answers[-1]["RateLimit"] == '"anon";r=3;t=30'
    assert "Rate limit not counted" in caplog.text


# --- shared by processes --------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A real redis-server of its own, as the cache of this process."""
    import redis

    from tests.ports import free_port

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - a fixed command of the test
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    connection = redis.Redis(port=port)
    for _ in range(200):
        try:
            connection.ping()
            break
        except redis.exceptions.ConnectionError:
            server.poll()
            assert server.returncode is None, "redis-server did not start"
            time.sleep(0.05)
    location = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": {"BACKEND": "ops.cache.TolerantRedisCache", "LOCATION": location}}
    yield location
    server.terminate()
    server.wait()


def spend_in_another_process(location: str, address: str, requests: int) -> None:
    """Count ``requests`` of ``address`` from a separate Python process sharing Redis."""
    code = textwrap.dedent(
        f"""
        import django
        django.setup()
        from django.test import override_settings
        from access import ratelimit
        ratelimit.now = lambda: {FIXED_TIME}
        cache = {{"BACKEND": "ops.cache.TolerantRedisCache", "LOCATION": {location!r}}}
        with override_settings(CACHES={{"default": cache}}, API_ANON_RATE="3/min"):
            for _ in range({requests}):
                ratelimit.hit("anon", {address!r})
        """
    )
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.test", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)  # noqa: S603


def test_quotas_are_shared_by_processes_through_redis(client, site_tree, redis_cache):
    spend_in_another_process(redis_cache, "203.0.113.9", 2)

    answer = client.get(POSITIONS, REMOTE_ADDR="203.0.113.9")

    assert answer["RateLimit"] == '"anon";r=0;t=30'
    assert client.get(POSITIONS, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(POSITIONS, REMOTE_ADDR="203.0.113.10").status_code == 200


# --- usage ----------------------------------------------------------------------------------


def test_requests_per_key_and_day_are_written_and_reported(
    client, site_tree, api_key, organisation, wagtail_admin_client
):
    key, secret = api_key
    other, other_secret = ApiKey.issue(organisation, "Intranet")
    for _ in range(3):
        client.get(POSITIONS, **keyed(secret))
    client.get(POSITIONS, **keyed(other_secret))
    client.get(POSITIONS)  # anonymous: no key to count

    usage.flush()
    usage.flush()  # flushing again counts nothing twice

    counts = dict(ApiKeyUsage.objects.values_list("key__name", "count"))
    assert counts == {"Website": 3, "Intranet": 1}
    key.refresh_from_db()
    assert key.last_used is not None

    client.get(POSITIONS, **keyed(secret))
    report = wagtail_admin_client.get(reverse("access_usage"))  # flushes before showing
    assert report.status_code == 200
    assert ApiKeyUsage.objects.get(key=key).count == 4
    html = report.content.decode()
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", html, re.S)
    assert any("Website" in cell for cell in cells) and any("Intranet" in cell for cell in cells)
    assert "4" in cells and "1" in cells


# --- the command and the admin --------------------------------------------------------------


def test_apikeys_create_prints_the_key_once_on_its_last_line(client, site_tree, organisation):
    out = io.StringIO()
    call_command("apikeys", "create", "--organisation", "paritaet", "--name", "Website", stdout=out)

    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith("liga_") and len(secret) > 40
    key = ApiKey.objects.get()
    assert key.prefix == secret[:13] and secret not in key.digest
    assert client.get(POSITIONS, **keyed(secret))["RateLimit-Policy"].startswith('"key"')

    listing = io.StringIO()
    call_command("apikeys", "list", stdout=listing)
    assert key.prefix in listing.getvalue() and secret not in listing.getvalue()

    call_command("apikeys", "revoke", key.prefix, stdout=io.StringIO())
    assert client.get(POSITIONS, **keyed(secret)).status_code == 401


def test_apikeys_create_refuses_an_unknown_organisation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no member organisation"):
        call_command("apikeys", "create", "--organisation", "nope", "--name", "x")


def test_the_admin_lists_keys_without_the_key_and_revokes_one(
    client, site_tree, api_key, wagtail_admin_client
):
    key, secret = api_key
    listing = wagtail_admin_client.get(reverse("access_apikey:index"))
    assert listing.status_code == 200
    assert key.prefix in listing.content.decode() and secret not in listing.content.decode()

    edit = wagtail_admin_client.get(reverse("access_apikey:edit", args=[key.pk]))
    assert edit.status_code == 200 and secret not in edit.content.decode()
    new_url = reverse("access_apikey:index") + "new/"  # keys are made by manage.py only
    assert wagtail_admin_client.get(new_url).status_code == 404

    revoke_url = reverse("access_apikey:revoke", args=[key.pk])
    assert wagtail_admin_client.get(revoke_url).status_code == 200
    wagtail_admin_client.post(revoke_url)

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert client.get(POSITIONS, **keyed(secret)).status_code == 401
