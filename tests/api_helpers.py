"""Helpers for API tests: query counting at two data sizes and golden-file comparison."""

import json
import os
import re
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontend_api.cache import retire_all
from frontend_api.readmodel.maintain import flush

GOLDEN_DIR = Path(__file__).parent / "golden"
PUBLIC_HOST = re.compile(r"http://testserver(?=[/\"])")
HEX_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}(?=\.[a-z]+\")")


def count_queries(client, url) -> tuple[int, object]:
    """Queries of building the response of ``url`` (never a cached copy).

    The test's own changes are rendered into the read model first: a real change is
    rendered when it commits, never inside the request that reads it.
    """
    flush()
    retire_all()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response


def normalise(data):
    """Replace what differs between runs (hosts, ids, timestamps) by placeholders."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    text = PUBLIC_HOST.sub("https://HOST", text)
    text = HEX_SUFFIX.sub("_RANDOM", text)
    text = re.sub(r'("id": )\d+', r'\1"ID"', text)
    text = re.sub(r'("updated": )"[^"]+"', r'\1"TIMESTAMP"', text)
    text = re.sub(r"/documents/\d+/", "/documents/ID/", text)
    text = re.sub(r"/(pages|contacts|images)/\d+/", r"/\1/ID/", text)
    return json.loads(text)


def assert_matches_golden(name: str, data) -> None:
    """Compare ``data`` with ``tests/golden/<name>.json``; UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN_DIR / f"{name}.json"
    actual = normalise(data)
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            raise AssertionError(f"golden file {path} is missing")
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected
