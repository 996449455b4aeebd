"""moto's standalone S3 server (``python -m moto.server``) in a process of its own: an
S3-compatible store behind ``AWS_S3_ENDPOINT_URL``, answering real HTTP like MinIO would.

It refuses anonymous reads of private objects and allows them for ``public-read`` ones
(tests/test_media_s3_server.py), so a test of the production stack can check from outside
that documents are not readable in the bucket and images are.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

from tests.ports import free_port


@contextmanager
def moto_server(timeout: float = 30):
    """Start the server on a free port; yields its endpoint URL (``http://127.0.0.1:PORT``)."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto's server did not start on {endpoint}") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def anonymous_get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET without credentials, as a browser sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
