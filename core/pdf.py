"""Inspection of uploaded PDFs.

Position papers are served to the public and indexed, so an upload must really be a PDF, and
a harmless one: the bytes are sniffed and parsed (the file name proves nothing), and a PDF
with active content (JavaScript, launch actions, embedded files, form submission, XFA forms)
or with another file in front of it (a polyglot) is refused with a message naming what was
found. Parsing happens in a limited child process (``core.sandbox``). At upload only the
structural check runs (a PDF, open, with pages, nothing active: its page count); the text,
which search needs, is read by the worker (``core.tasks.read_document_text``) in the same kind
of limited process.

Settings: ``LIGA_PDF_MAX_PAGES`` (2,000) besides the child's limits (``core.sandbox``).
"""

import hashlib
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.sandbox import child_limits, run_child

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_PAGES = 2000

MESSAGES = {
    "not_pdf": _("This file is not a PDF (its content is not PDF data, whatever its name)."),
    "pdf_encrypted": _("This PDF is encrypted or password-protected; please upload an open PDF."),
    "pdf_unreadable": _("This PDF is damaged and cannot be read."),
    "pdf_empty": _("This PDF has no pages."),
    "pdf_limits": _(
        "Reading this PDF takes more than the allowed %(cpu)s seconds of computing time or "
        "%(memory)s MB of memory, so it may be damaged or built to overload the server. "
        "Please save it again as a PDF (for example with “Print to PDF”) and upload that file."
    ),
    "pdf_too_many_pages": _(
        "This PDF has %(pages)s pages; at most %(max_pages)s pages are allowed."
    ),
    "pdf_active_content": _(
        "This PDF contains %(found)s; such content is not allowed. Please save it again "
        "without it (for example with “Print to PDF”) and upload that file."
    ),
}
# What the child found, named for editors (core/upload_inspect.py's kinds).
FOUND = {
    "prefix": _("other data before the start of the PDF (for example an HTML page)"),
    "javascript": "JavaScript",
    "launch": _("actions that start programs (/Launch)"),
    "embedded_file": _("embedded files"),
    "submit_form": _("form actions that send or import data"),
    "xfa": _("an XFA form"),
}


def found_text(found: dict[str, list[str]]) -> str:
    """``{"javascript": ["/OpenAction"], "embedded_file": ["/Names"]}`` → “JavaScript
    (/OpenAction) and embedded files”, in the active language. Only for JavaScript does the
    place say something to an editor: when it runs."""
    parts = []
    for kind, label in FOUND.items():
        if kind in found:
            places = found[kind] if kind == "javascript" else []
            parts.append(f"{label} ({', '.join(places)})" if places else str(label))
    return get_text_list(parts, gettext("and"))


# Lazy, so the message is worded in the language it is shown in, not the one it was made in.
found_text_lazy = lazy(found_text, str)


# Page counts of PDFs that passed the check, by content and limits: the importer checks a
# bundle's PDFs before writing anything and the model checks them again when saving, and one
# child process per file is enough. Small and bounded; only ever holds successes.
CHECKED: dict[tuple[str, int, int, int], int] = {}
CHECKED_MAX = 64
CHECKED_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfInfo:
    """What the hub stores about a PDF: its page count and its text."""

    page_count: int
    text: str


def max_pages() -> int:
    return int(getattr(settings, "LIGA_PDF_MAX_PAGES", DEFAULT_MAX_PAGES))


def refusal(answer: dict) -> ValidationError:
    """The editor's message for the child's ``{"error": …}`` answer."""
    code = "pdf_limits" if answer["error"] == "limits" else answer["error"]
    params = None
    if code == "pdf_limits":
        cpu, memory = child_limits()
        params = {"cpu": cpu, "memory": memory}
    elif code == "pdf_too_many_pages":
        params = {"pages": answer["page_count"], "max_pages": max_pages()}
    elif code == "pdf_active_content":
        params = {"found": found_text_lazy(answer["found"])}
    return ValidationError(MESSAGES[code], code=code, params=params)


def inspect_pdf(data: bytes, *, text: bool = True) -> PdfInfo:
    """Parse ``data`` as a PDF (in a limited child process) and return its page count and,
    with ``text``, its text (else ``""``).

    Raises ``ValidationError`` with a message for editors when the bytes are not a readable,
    unencrypted PDF with at least one and at most ``LIGA_PDF_MAX_PAGES`` pages and no active
    content, or when reading them exceeds the limits.
    """
    # Bytes before the header are refused by the child, naming them (a polyglot); without
    # the header near the start the file is no PDF at all.
    if PDF_MAGIC not in data[:1024]:
        raise refusal({"error": "not_pdf"})
    key = (hashlib.sha1(data, usedforsecurity=False).hexdigest(), *child_limits(), max_pages())
    if not text and key in CHECKED:
        return PdfInfo(page_count=CHECKED[key], text="")
    answer = run_child(data, "text" if text else "check", max_pages())
    if "error" in answer:
        raise refusal(answer)
    with CHECKED_LOCK:  # web processes may serve uploads from several threads
        while len(CHECKED) >= CHECKED_MAX:
            CHECKED.pop(next(iter(CHECKED)))
        CHECKED[key] = answer["page_count"]
    return PdfInfo(page_count=answer["page_count"], text=answer["text"])
