"""Builds small content bundles on disk for importer tests."""

import copy
import io
import json
from pathlib import Path

from PIL import Image

from core.pdfgen import make_pdf


def jpeg_bytes(colour=(40, 90, 160), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


BASE_CONTENT = {
    "format": "liga-content-bundle/1",
    "locale": "de",
    "organisations": [
        {
            "key": "paritaet",
            "name": "Der Paritätische Sachsen",
            "short_name": "Paritätischer",
            "website": "https://www.parisax.de",
            "logo": "images/logo.jpg",
        },
        {"key": "awo", "name": "AWO Landesverband Sachsen", "short_name": "AWO"},
    ],
    "contacts": [
        {
            "key": "m-lehmann",
            "honorific": "Dr.",
            "given_name": "Maria",
            "family_name": "Lehmann",
            "role": "Referentin Flucht und Migration",
            "organisation": "paritaet",
            "email": "maria.lehmann@example.org",
            "phone": "0351 82871-199",
            "photo": {"file": "images/photo.jpg", "alt": "Porträt von Maria Lehmann"},
        }
    ],
    "topics": [
        {
            "slug": "migration",
            "title": "Flucht und Migration",
            "intro": "<p>Jeder Mensch soll sicher sein vor Verfolgung.</p>",
            "body": "<h2>Unsere Arbeit</h2><p>Beratung <b>vor Ort</b>.</p>",
            "contacts": ["m-lehmann"],
            "image": {"file": "images/topic.jpg", "alt": "Symbolbild: Beratung"},
        },
        {"slug": "pflege", "title": "Pflege", "intro": "<p>Gute Pflege für alle.</p>"},
    ],
    "positions": [
        {
            "slug": "rueckkehrberatung",
            "title": "Positionspapier zur Rückkehrberatung",
            "teaser": "Eine erfolgreiche Rückkehrberatung orientiert sich an den Bedarfen.",
            "body": "<p>Die Verbände engagieren sich seit Jahren.</p>",
            "kind": "position_paper",
            "published": "2020-07-21",
            "topics": ["migration", "pflege"],
            "contacts": ["m-lehmann"],
            "organisations": ["paritaet", "awo"],
            "image": {
                "file": "images/position.jpg",
                "alt": "Symbolbild: Frau mit Kleinkind in einer Beratungssituation",
            },
            "document": {"file": "docs/paper.pdf", "title": "Positionspapier Rückkehrberatung"},
        }
    ],
}


def write_bundle(root: Path, content: dict | None = None, files: dict | None = None) -> Path:
    """Write ``content`` (default: a small valid bundle) and its media below ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    media = {
        "images/logo.jpg": jpeg_bytes((200, 30, 30)),
        "images/photo.jpg": jpeg_bytes((30, 200, 30)),
        "images/topic.jpg": jpeg_bytes((30, 30, 200)),
        "images/position.jpg": jpeg_bytes((120, 120, 30)),
        "docs/paper.pdf": make_pdf(["Rückkehrberatung in Würde", "Herkunftsländerinformationen"]),
    }
    media.update(files or {})
    for relative, data in media.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    content = copy.deepcopy(BASE_CONTENT) if content is None else content
    (root / "content.json").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return root


def base_content() -> dict:
    """A fresh, mutable copy of the valid bundle content."""
    return copy.deepcopy(BASE_CONTENT)
