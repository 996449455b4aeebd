"""Sending a webhook request to a member site without letting it reach the hub's network.

The URL's name is resolved once; every address must be public (not private, loopback,
link-local, reserved, …) unless the host is named exactly in ``WEBHOOK_ALLOW_HTTP_HOSTS``;
then the connection goes to that very address (the name only in ``Host`` and TLS SNI), so a
name that answers differently a moment later (DNS rebinding) cannot redirect the request.
Redirects are not followed.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from integration.models import allowed_http_hosts

EXCERPT_BYTES = 1024
DEFAULT_TIMEOUT = 15


class Refused(Exception):  # noqa: N818 - names the outcome
    """The URL, or the address its name resolves to, is not one the hub sends to."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str
    path: str


@dataclass
class Answer:
    """What one request came back with."""

    status: int | None = None
    excerpt: str = ""
    retry_after: float | None = None
    error: str = ""
    duration_ms: int = 0


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of ``url`` if the hub may send to it; else ``Refused``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise Refused(f"Not an http(s) URL: {url}")
    if parts.username or parts.password:
        raise Refused("URLs with credentials are not accepted.")
    if parts.scheme == "http" and host not in allowed_http_hosts():
        raise Refused(
            f"Only https URLs are accepted (plain http only for hosts in "
            f"WEBHOOK_ALLOW_HTTP_HOSTS): {url}"
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Refused(f"Bad port in {url}") from exc
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return parts.scheme, host, port, path


def resolve(url: str) -> Target:
    """Check ``url`` and the addresses its name resolves to now; ``Refused`` if any is not
    public (unless the host is allowed)."""
    scheme, host, port, path = check_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise Refused(f"{host} does not resolve: {exc}") from exc
    addresses = [info[4][0] for info in infos]
    if host not in allowed_http_hosts():
        for address in addresses:
            if not is_public_address(address):
                raise Refused(f"{host} resolves to {address}, which is not a public address.")
    return Target(scheme, host, port, addresses[0], path)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a checked address; ``Host`` still names the host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to a checked address, verifying the certificate for the host's name (SNI)."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self.address = target.address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` in seconds (the contract's form); an HTTP date or garbage: none."""
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    return max(0.0, seconds) if seconds is not None else None


def post(target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to ``target``; network errors and timeouts become ``Answer.error``."""
    timeout = float(getattr(settings, "WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT))
    connection_class = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(target, timeout)
    started = time.monotonic()
    answer = Answer()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        answer.status = response.status
        answer.retry_after = retry_after_seconds(response.getheader("Retry-After"))
        answer.excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as exc:
        answer.error = f"{type(exc).__name__}: {exc}"[:1000]
    finally:
        connection.close()
        answer.duration_ms = round((time.monotonic() - started) * 1000)
    return answer


def check_registration(url: str) -> str:
    """Refuse ``url`` (``Refused``) unless the hub may send to it; returns a warning (or
    ``""``) for a name that does not resolve yet: it is checked again at every send."""
    try:
        resolve(url)
    except Refused as exc:
        if isinstance(exc.__cause__, OSError):
            return str(exc)
        raise
    return ""
