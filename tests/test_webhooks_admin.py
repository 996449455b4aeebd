"""Registering webhook endpoints: ``manage.py webhooks`` and the admin (German), which shows
every attempt and sends a delivery again."""

import io
import socket

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from integration.models import (
    ChangeEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.admin_crawl import english
from tests.builders import organisation
from tests.users import with_admin_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def paritaet(db):
    return organisation("paritaet")


@pytest.fixture
def public_dns(monkeypatch):
    """``hooks.member.example`` resolves to a public address, ``intern.member.example`` to a
    private one (no real resolver is asked)."""
    answers = {"hooks.member.example": "93.184.215.14", "intern.member.example": "10.1.2.3"}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def webhooks(*args) -> list[str]:
    out = io.StringIO()
    call_command("webhooks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_add_prints_the_secret_alone_on_its_last_line(paritaet, public_dns):
    lines = webhooks(
        "add",
        "--organisation",
        "paritaet",
        "--url",
        "https://hooks.member.example/liga",
        "--event",
        "position.published",
        "--event",
        "position.unpublished",
    )

    endpoint = WebhookEndpoint.objects.get()
    assert lines[-1] == endpoint.secret
    assert lines[-1].startswith("whsec_")
    assert endpoint.secret not in "\n".join(lines[:-1])
    assert endpoint.organisation == paritaet
    assert endpoint.event_types == ["position.published", "position.unpublished"]
    assert endpoint.state == "active"


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.member.example/liga",  # plain http
        "https://10.0.0.5/liga",  # a private address
        "https://127.0.0.1/liga",  # loopback
        "https://169.254.169.254/latest",  # link-local (cloud metadata)
        "https://intern.member.example/liga",  # a name resolving to a private address
        "ftp://hooks.member.example/liga",
    ],
)
def test_add_refuses_urls_the_hub_must_not_call(paritaet, public_dns, url):
    with pytest.raises(CommandError, match="Refused"):
        webhooks("add", "--organisation", "paritaet", "--url", url)
    assert not WebhookEndpoint.objects.exists()


def test_add_accepts_plain_http_to_a_private_address_for_an_allowed_host(
    paritaet, settings, monkeypatch
):
    settings.WEBHOOK_ALLOW_HTTP_HOSTS = ["cms.intranet"]
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))
        ],
    )

    lines = webhooks("add", "--organisation", "paritaet", "--url", "http://cms.intranet/hook")

    assert lines[-1] == WebhookEndpoint.objects.get().secret


def test_add_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="No member organisation"):
        webhooks("add", "--organisation", "nobody", "--url", "https://example.org/")


def test_list_shows_each_endpoint_with_its_state_and_remove_deletes_one(paritaet):
    active = WebhookEndpoint.objects.create(organisation=paritaet, url="https://a.example/")
    gone = WebhookEndpoint.objects.create(
        organisation=paritaet, url="https://b.example/", state="disabled"
    )

    listed = webhooks("list")
    assert listed == [
        f"{active.pk}\tactive\tparitaet\thttps://a.example/\t*",
        f"{gone.pk}\tdisabled\tparitaet\thttps://b.example/\t*",
    ]

    webhooks("remove", str(gone.pk))
    assert list(WebhookEndpoint.objects.all()) == [active]
    with pytest.raises(CommandError):
        webhooks("remove", str(gone.pk))


def test_rotate_prints_the_new_secret_and_keeps_the_old_one_signing(paritaet):
    endpoint = WebhookEndpoint.objects.create(organisation=paritaet, url="https://a.example/")
    old = endpoint.secret

    lines = webhooks("rotate", str(endpoint.pk))

    endpoint.refresh_from_db()
    assert lines[-1] == endpoint.secret != old
    assert endpoint.signing_secrets() == [endpoint.secret, old]


# The admin


@pytest.fixture
def german_admin(client, superuser):
    client.force_login(with_admin_language(superuser, "de"))
    return client


@pytest.fixture
def failed_delivery(paritaet):
    endpoint = WebhookEndpoint.objects.create(organisation=paritaet, url="https://a.example/")
    event = ChangeEvent.objects.create(
        event_type="position.published",
        object_type="position",
        object_id=7,
        translation_key="6f1d8a43-57a4-4d8e-9f3c-2b1b0c1e2d3f",
        locale="de",
        slug="armut-hat-ursachen",
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event=event, message_id="msg_test", state="failed", attempt_count=1
    )
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=timezone.now(),
        outcome="failed",
        status_code=502,
        duration_ms=31,
        response_excerpt="Bad Gateway from the member site",
    )
    return delivery


def test_the_admin_shows_every_attempt_in_german(german_admin, failed_delivery):
    url = reverse("webhooks:inspect", args=[failed_delivery.endpoint_id])

    html = german_admin.get(url).content.decode()

    assert "Zustellungen" in html
    assert "HTTP 502" in html
    assert "Bad Gateway from the member site" in html
    assert "31 ms" in html
    assert "Erneut senden" in html
    assert failed_delivery.endpoint.secret in html
    # The page's own content (the superuser's sidebar is not this app's).
    main = html[html.index("<main") : html.index("</main>")]
    assert english(main, ("Bad Gateway from the member site",)) == []


def test_resend_sends_a_failed_delivery_again_with_its_webhook_id(
    german_admin, failed_delivery, django_capture_on_commit_callbacks
):
    url = reverse("webhooks:resend", args=[failed_delivery.pk])

    with django_capture_on_commit_callbacks() as sending:
        response = german_admin.post(url)

    assert response.status_code == 302
    assert len(sending) == 1, "its send task is enqueued when the change commits"
    failed_delivery.refresh_from_db()
    assert failed_delivery.state == "pending"
    assert failed_delivery.message_id == "msg_test"


def test_the_admin_refuses_an_endpoint_with_plain_http(german_admin, paritaet):
    response = german_admin.post(
        reverse("webhooks:add"),
        {"organisation": paritaet.pk, "url": "http://a.example/", "state": "active"},
    )

    assert response.status_code == 200
    assert "Only https URLs" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()
