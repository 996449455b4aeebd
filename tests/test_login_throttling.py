"""Login throttling (django-axes): per user name and per client address, a German message on
the admin's login page, unlocking by a superuser, the proxy header only when configured."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKS = "/admin/lockouts/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        username="editor", email="editor@example.org", password=ADMIN_PASSWORD
    )


def log_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, superuser, settings):
    for _attempt in range(60):
        assert log_in(client, "redaktion", "falsch").status_code in (200, 429)

    response = log_in(client, "redaktion", ADMIN_PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in html
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60} Minuten" in html
    assert 'name="password"' in html  # the login page itself, with the lock as its error


def test_a_locked_user_name_is_locked_from_any_address_and_others_are_not(
    superuser, editor, settings
):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "redaktion", "falsch")

    elsewhere = Client(REMOTE_ADDR="198.51.100.2")
    assert log_in(elsewhere, "redaktion", ADMIN_PASSWORD).status_code == 429
    assert not logged_in(elsewhere)
    # Another user from another address logs in; from the attacker's address nobody does.
    assert log_in(elsewhere, "editor", ADMIN_PASSWORD).status_code == 302
    assert logged_in(elsewhere)
    assert log_in(attacker, "editor", ADMIN_PASSWORD).status_code == 429


def test_a_superuser_sees_the_locks_and_unlocks_them(client, superuser, editor, settings):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(attacker, "redaktion", "falsch")
    client.force_login(editor)

    listing = client.get(LOCKS)
    assert listing.status_code == 200
    assert "redaktion" in listing.content.decode()
    assert "203.0.113.7" in listing.content.decode()
    assert LOCKS in client.get("/admin/").content.decode()  # in the settings menu

    for kind, value in (("username", "redaktion"), ("ip_address", "203.0.113.7")):
        assert client.post(f"{LOCKS}unlock/", {"kind": kind, "value": value}).status_code == 302

    assert "203.0.113.7" not in client.get(LOCKS).content.decode()
    assert log_in(attacker, "redaktion", ADMIN_PASSWORD).status_code == 302


def test_only_superusers_see_the_locks(client, translator):
    client.force_login(translator)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    assert client.get(LOCKS)["Location"] == "/admin/"
    assert (
        client.post(f"{LOCKS}unlock/", {"kind": "username", "value": "x"})["Location"] == "/admin/"
    )
    assert LOCKS not in client.get("/admin/").content.decode()


def test_the_proxy_header_is_read_only_when_configured(client, superuser, settings):
    log_in(client, "redaktion", "falsch", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}

    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    log_in(client, "redaktion", "falsch", HTTP_X_FORWARDED_FOR="192.0.2.99, 192.0.2.1")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "127.0.0.1",
        "192.0.2.1",  # the address the proxy saw, not the one the client wrote before it
    }
