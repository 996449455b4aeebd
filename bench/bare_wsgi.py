"""The baseline of bench/production.py: a WSGI app that answers every request with the bytes
and headers of one cached API response, read once at start-up (BARE_RESPONSE: a JSON file
``{"body_file", "headers"}``). What granian itself costs, with no Django in between."""

import json
import os
from pathlib import Path

_spec = json.loads(Path(os.environ["BARE_RESPONSE"]).read_text(encoding="utf-8"))
BODY = Path(_spec["body_file"]).read_bytes()
HEADERS = [(name, value) for name, value in _spec["headers"]] + [("Content-Length", str(len(BODY)))]
ETAG = dict(_spec["headers"]).get("ETag")


def application(environ, start_response):
    if ETAG and environ.get("HTTP_IF_NONE_MATCH") == ETAG:
        start_response("304 Not Modified", [("ETag", ETAG)])
        return [b""]
    start_response("200 OK", HEADERS)
    return [BODY]
