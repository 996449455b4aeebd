"""The script file, the stylesheet it carries, and the headers of framed embed pages."""

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SCRIPT_PATH = Path(__file__).resolve().parent / "static" / "embeds" / "v1" / "liga-embed.js"
CSS_IN_SCRIPT = re.compile(r"/\* liga-embed-css \*/ `(?P<css>[^`]*)` /\* /liga-embed-css \*/")


@dataclass(frozen=True)
class Script:
    """``liga-embed.js`` as served: its bytes, ETag and the stylesheet inside it."""

    content: bytes
    etag: str
    css: str
    css_hash: str  # for the embed pages' Content-Security-Policy

    @property
    def digest(self) -> str:
        """The version in the file's immutable URL (``liga-embed.<digest>.js``): the first
        12 hex digits of its content hash, as in the ETag."""
        return self.etag.strip('"')[:12]


def script() -> Script:
    """The script file, read once per change of the file (a stat per call, so an edit shows
    without a restart while the file is not re-read for every request)."""
    return _read(SCRIPT_PATH.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _read(mtime_ns: int) -> Script:
    content = SCRIPT_PATH.read_bytes()
    match = CSS_IN_SCRIPT.search(content.decode())
    if match is None:
        raise RuntimeError(f"{SCRIPT_PATH} has no /* liga-embed-css */ stylesheet")
    css = match["css"]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return Script(
        content=content,
        etag=f'"{hashlib.sha256(content).hexdigest()[:32]}"',
        css=css,
        css_hash=f"'sha256-{digest}'",
    )


def frame_ancestors() -> str:
    """Who may frame the embed pages: ``EMBED_FRAME_ANCESTORS`` as CSP sources (commas or
    spaces between them; default ``*``, any site)."""
    value = getattr(settings, "EMBED_FRAME_ANCESTORS", "*")
    sources = value.split() if isinstance(value, str) else list(value)
    sources = [part for source in sources for part in source.split(",") if part.strip()]
    return " ".join(part.strip() for part in sources) or "*"


def content_security_policy() -> str:
    """The embed pages run no script and load nothing: their one inline stylesheet is
    allowed by its hash, and only ``frame_ancestors()`` may frame them."""
    return (
        f"default-src 'none'; style-src {script().css_hash}; base-uri 'none'; "
        f"form-action 'none'; frame-ancestors {frame_ancestors()}"
    )
