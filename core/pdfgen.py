"""A tiny, dependency-free PDF 1.4 writer.

The demo content bundle and the test suite need real PDFs: several pages, German text with
umlauts that a PDF reader (and our full-text extraction) can read back. Pulling in a PDF
library for that would add a runtime or test dependency for a few kilobytes of output, so this
module writes the file by hand: a catalog, a page tree, one page per string, the built-in
Helvetica font with /WinAnsiEncoding (cp1252) and a correct cross-reference table.

There are no timestamps and no file /ID, so the same input always gives the same bytes.
"""

from __future__ import annotations

import textwrap

__all__ = ["LINES_PER_PAGE", "WRAP_WIDTH", "make_pdf", "write_pdf"]

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
FONT_SIZE = 10
LEADING = 13
WRAP_WIDTH = 90
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def _literal(text: str) -> bytes:
    """Encode ``text`` as the body of a PDF literal string (cp1252, escaped)."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _text_string(text: str) -> bytes:
    """Encode ``text`` for the document information dictionary (UTF-16BE with BOM)."""
    if not text:
        return b"()"
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, WRAP_WIDTH, break_on_hyphens=False) or [""])
    return lines


def _content_stream(text: str) -> bytes:
    lines = _wrap(text)
    if len(lines) > LINES_PER_PAGE:
        raise ValueError(
            f"page text needs {len(lines)} lines but only {LINES_PER_PAGE} fit; "
            "split it into more pages"
        )
    top = PAGE_HEIGHT - MARGIN - FONT_SIZE
    ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, top)]
    ops.append(b"(" + _literal(lines[0]) + b") Tj")
    ops.extend(b"(" + _literal(line) + b") '" for line in lines[1:])
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(pages: list[str], title: str = "") -> bytes:
    """Return a PDF with one A4 page per item of ``pages``.

    Each item is plain text; newlines separate paragraphs and long lines are wrapped at
    ``WRAP_WIDTH`` characters. A page holds at most ``LINES_PER_PAGE`` lines after wrapping,
    more raise ``ValueError``. Characters outside cp1252 are written as ``?``.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    page_ids = [5 + 2 * index for index in range(len(pages))]
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title %s /Producer (core.pdfgen) >>" % _text_string(title),
    ]
    for page_id, text in zip(page_ids, pages, strict=True):
        stream = _content_stream(text)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))

    return write_pdf(objects, info=4)


def write_pdf(objects: list[bytes], info: int | None = None) -> bytes:
    """The file of ``objects`` (numbered from 1, the first is the catalog) with a correct
    cross-reference table; ``info`` is the number of the document information object."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_offset = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info_entry = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\n" % (size, info_entry)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)
