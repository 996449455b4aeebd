"""Hostile PDFs for the upload tests (and the benchmarks): each hides one kind of content the
hub refuses (``core.pdf``), in a file small enough to write by hand (``core.pdfgen``)."""

import struct
import zlib

from core.pdfgen import make_pdf, write_pdf

CATALOG = b"<< /Type /Catalog /Pages 2 0 R%s >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]%s >>"


def one_page_pdf(catalog_extra=b"", page_extra=b"", *more: bytes) -> bytes:
    """A one-page PDF with ``catalog_extra`` and ``page_extra`` inside the catalog and the
    page dictionaries; ``more`` are objects 4, 5, … for them to refer to."""
    return write_pdf([CATALOG % catalog_extra, ONE_PAGE, PAGE % page_extra, *more])


def html_polyglot() -> bytes:
    """An HTML page that is also a PDF: a browser runs its script, a PDF reader shows a page."""
    html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script><!--\n"
    return html + make_pdf(["Harmlos aussehendes Papier"])


def open_action_javascript() -> bytes:
    return one_page_pdf(b" /OpenAction 4 0 R", b"", b"<< /S /JavaScript /JS (app.alert(1)) >>")


def document_javascript() -> bytes:
    """JavaScript in the document's name tree (run when the file opens)."""
    return one_page_pdf(
        b" /Names << /JavaScript 4 0 R >>",
        b"",
        b"<< /Names [(start) 5 0 R] >>",
        b"<< /S /JavaScript /JS (app.alert(2)) >>",
    )


def page_additional_action_javascript() -> bytes:
    """JavaScript run when the page is opened (the page's /AA)."""
    return one_page_pdf(b"", b" /AA << /O << /S /JavaScript /JS (app.alert(3)) >> >>")


def embedded_html_file() -> bytes:
    html = b"<html><script>alert(1)</script></html>"
    return one_page_pdf(
        b" /Names << /EmbeddedFiles 4 0 R >>",
        b"",
        b"<< /Names [(angebot.html) 5 0 R] >>",
        b"<< /Type /Filespec /F (angebot.html) /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (len(html), html),
    )


def file_attachment_annotation() -> bytes:
    return one_page_pdf(
        b"",
        b" /Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (x.exe) >>",
    )


def link(action: bytes) -> bytes:
    """A one-page PDF whose page has a link annotation running ``action``."""
    return one_page_pdf(
        b"",
        b" /Annots [4 0 R]",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A 5 0 R >>",
        action,
    )


def launch_action() -> bytes:
    return link(b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\calc.exe) >>")


def submit_form_action() -> bytes:
    return link(b"<< /S /SubmitForm /F << /FS /URL /F (https://example.invalid/) >> >>")


def uri_link() -> bytes:
    """A plain web link: allowed."""
    return link(b"<< /S /URI /URI (https://www.liga-sachsen.de/) >>")


def xfa_form() -> bytes:
    xfa = b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>"
    return one_page_pdf(
        b" /AcroForm << /Fields [] /XFA 4 0 R >>",
        b"",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(xfa), xfa),
    )


def many_pages(pages: int = 5000, claimed: int | None = None) -> bytes:
    """A PDF of ``pages`` pages (one page object named ``pages`` times); its page tree claims
    ``claimed`` pages (by default the truth)."""
    kids = b" ".join([b"3 0 R"] * pages)
    count = pages if claimed is None else claimed
    return write_pdf(
        [
            CATALOG % b"",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            PAGE % b"",
        ]
    )


def object_stream_bomb(inflated_mb: int = 60) -> bytes:
    """A PDF of about 59 KB whose one object stream inflates to ``inflated_mb`` MB: an array
    of zeros that the page's annotations name, so reading the page's objects parses it (tens
    of millions of numbers, gigabytes as Python objects)."""
    header = b"5 0 "
    body = b"[" + b"0 " * (inflated_mb * 1024 * 1024 // 2) + b"]"
    packed = zlib.compress(header + body, 9)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    objects = [
        CATALOG % b"",
        ONE_PAGE,
        PAGE % b" /Annots 5 0 R",
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(header), len(packed), packed),
    ]
    for number, obj in enumerate(objects, start=1):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offsets[number], 0) for number in range(1, 5)]
    rows += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, offsets[6], 0)]
    table = b"".join(rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        len(table)
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)
