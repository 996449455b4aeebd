"""A member site's webhook receiver on 127.0.0.1, in a thread: it checks each request's
Standard Webhooks signature with the ``standardwebhooks`` package and records it.

``answers`` lists the statuses (and headers) of the next responses; when it runs out, the
receiver answers 204. Each received request is kept with its headers, body and whether its
signature verified with the receiver's secret(s).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.ports import free_port

RECEIVER_HOST = "receiver.test"


@dataclass
class Received:
    headers: dict
    body: bytes
    verified_with: list[str]

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    port: int
    secrets: list[str] = field(default_factory=list)
    answers: list[tuple[int, dict]] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    # Called as each request arrives (e.g. to stop the worker that sends it).
    on_request: object = None

    def url(self, host: str = RECEIVER_HOST, path: str = "/hooks") -> str:
        return f"http://{host}:{self.port}{path}"

    def verify(self, headers: dict, body: bytes) -> list[str]:
        """The secrets whose signature the request carries (checked by ``standardwebhooks``)."""
        verified = []
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            verified.append(secret)
        return verified

    @property
    def accepted(self) -> list[Received]:
        """Requests that carried a valid signature."""
        return [request for request in self.received if request.verified_with]


def start_receiver():
    """Start a receiver; returns ``(receiver, stop)``."""
    port = free_port()
    receiver = Receiver(port=port)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {name.lower(): value for name, value in self.headers.items()}
            receiver.received.append(Received(headers, body, receiver.verify(headers, body)))
            if receiver.on_request is not None:
                receiver.on_request()
            status, extra = receiver.answers.pop(0) if receiver.answers else (204, {})
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return receiver, stop
