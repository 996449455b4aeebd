"""A stand-in for a CDN's purge endpoint: a local HTTP server that records what it is sent."""

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class RecordingServer:
    """Answers every request with ``status``, ``body`` (JSON for a dict) and ``headers``, and
    keeps the requests in ``requests``. Use it as a context manager."""

    def __init__(self, status: int = 200, body=b"", headers: dict | None = None):
        self.status, self.headers = status, headers or {}
        self.body = json.dumps(body).encode() if isinstance(body, dict) else body
        self.requests: list[Recorded] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handler(self):
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                recorder.requests.append(
                    Recorded(self.command, self.path, dict(self.headers), self.rfile.read(length))
                )
                self.send_response(recorder.status)
                for name, value in recorder.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(recorder.body)))
                self.end_headers()
                self.wfile.write(recorder.body)

            do_GET = do_POST = do_PURGE = answer

            def log_message(self, format, *args):  # noqa: A002 - the base class's name
                pass  # the test reads ``requests``

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
