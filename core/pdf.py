"""Inspection of uploaded PDFs.

Position papers are served to the public and indexed, so an upload must really be a PDF:
the bytes are sniffed and parsed (the file name proves nothing), and the page count and text
are extracted once, at upload, so that search can find words that occur only in the paper.
"""

import io
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# Text beyond this is not needed for search and would only bloat the index.
MAX_EXTRACTED_CHARS = 200_000
# A PDF of many text-free pages would otherwise be walked in full for nothing.
MAX_PAGES_FOR_TEXT = 300


@dataclass(frozen=True)
class PdfInfo:
    """What the hub stores about a PDF: its page count and its text."""

    page_count: int
    text: str


def inspect_pdf(data: bytes) -> PdfInfo:
    """Parse ``data`` as a PDF and return its page count and text.

    Raises ``ValidationError`` with a message for editors when the bytes are not a readable,
    unencrypted PDF with at least one page.
    """
    # The header may be preceded by a little garbage, as the PDF specification tolerates.
    if PDF_MAGIC not in data[:1024]:
        raise ValidationError(
            _("This file is not a PDF (its content is not PDF data, whatever its name)."),
            code="not_pdf",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is encrypted or password-protected; please upload an open PDF."),
                code="pdf_encrypted",
            )
        page_count = len(reader.pages)
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES_FOR_TEXT]:
            page_text = page.extract_text() or ""
            parts.append(page_text)
            size += len(page_text)
            if size >= MAX_EXTRACTED_CHARS:
                break
    except ValidationError:
        raise
    except Exception as exc:
        # The bytes are untrusted: whatever the parser trips over is a damaged PDF.
        logger.info("Refused unreadable PDF: %s", exc)
        raise ValidationError(
            _("This PDF is damaged and cannot be read."), code="pdf_unreadable"
        ) from exc
    if page_count == 0:
        raise ValidationError(_("This PDF has no pages."), code="pdf_empty")
    text = " ".join(" ".join(parts).split())[:MAX_EXTRACTED_CHARS]
    return PdfInfo(page_count=page_count, text=text)
