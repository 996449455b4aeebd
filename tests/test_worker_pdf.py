"""PDFs are read in a child process with CPU-time and memory limits: a hostile PDF costs that
process, never the one that asked, and is refused with a message; the text of an upload is
read by the worker, and then search finds the words inside the PDF."""

import io
import logging
import resource
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from core.factories import LigaDocumentFactory
from core.models import LigaDocument
from core.pdf import inspect_pdf
from core.pdfgen import make_pdf, write_pdf
from core.tasks import read_document_text
from positions.factories import PositionPageFactory
from tests.test_documents import file_errors, pdf_upload, upload
from tests.worker_helpers import queued, run_worker

pytestmark = pytest.mark.django_db


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF whose objects are ``objects`` (the first is the catalog)."""
    return write_pdf(objects)


def text_bomb(pages: int = 50, operators: int = 900_000) -> bytes:
    """A 10 KB PDF whose pages all show one compressed content stream of ``operators`` text
    operators: a few MB once inflated, hundreds of MB and seconds of CPU per page once
    parsed, and just under pypdf's own limits per stream."""
    content = zlib.compress(b"BT /F1 1 Tf " + b"(a) Tj " * operators + b"ET", 9)
    kids = b" ".join([b"4 0 R"] * pages)
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content),
        ]
    )


def page_tree_bomb(pages: int = 99_000) -> bytes:
    """A 600 KB PDF that names one page 99,000 times: counting its pages builds 99,000
    page objects (about 100 MB)."""
    kids = b" ".join([b"3 0 R"] * pages)
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )


def max_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# Hostile PDFs


@pytest.mark.parametrize(
    ("cpu_seconds", "memory_mb", "killed_by"),
    [
        pytest.param(1, 512, "killed by SIGXCPU", id="cpu-limit"),
        pytest.param(30, 128, "", id="memory-limit"),
    ],
)
def test_a_hostile_pdf_is_refused_by_the_limited_child_and_this_process_does_not_grow(
    settings, caplog, cpu_seconds, memory_mb, killed_by
):
    settings.LIGA_PDF_CPU_SECONDS = cpu_seconds
    settings.LIGA_PDF_MEMORY_MB = memory_mb
    bomb = text_bomb()
    rss_before = max_rss_kb()

    with pytest.raises(ValidationError) as excinfo, caplog.at_level(logging.INFO, "core.sandbox"):
        inspect_pdf(bomb, text=True)

    assert excinfo.value.code == "pdf_limits"
    with translation.override("en"):
        assert f"{cpu_seconds} seconds of computing time or {memory_mb} MB" in str(
            excinfo.value.messages
        )
    with translation.override("de"):
        assert f"{cpu_seconds} Sekunden Rechenzeit oder {memory_mb} MB" in str(
            excinfo.value.messages
        )
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert killed_by in logged if killed_by else "MemoryError" in logged
    # Parsing it here would have taken well over 100 MB; the child took it, not us.
    assert max_rss_kb() - rss_before < 30 * 1024


def test_an_upload_whose_page_tree_exceeds_the_limits_is_refused_with_a_message(
    wagtail_admin_client, settings
):
    settings.LIGA_PDF_MEMORY_MB = 80
    settings.LIGA_PDF_MAX_PAGES = 100_000  # past the page limit: here the memory counts

    response = upload(wagtail_admin_client, pdf_upload(content=page_tree_bomb()))

    assert "80 MB of memory" in file_errors(response)
    assert not LigaDocument.objects.exists()


def test_an_encrypted_pdf_is_refused_with_a_message():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Geheim"]))))
    writer.encrypt("geheim", algorithm="RC4-128")
    encrypted = io.BytesIO()
    writer.write(encrypted)

    with pytest.raises(ValidationError) as excinfo:
        inspect_pdf(encrypted.getvalue(), text=False)

    assert excinfo.value.code == "pdf_encrypted"


# The text, read by the worker


def test_pdf_text_arrives_with_the_worker_and_then_search_finds_a_pdf_only_word(
    database_tasks, site_tree, client
):
    document = LigaDocumentFactory(
        pages=["Die Sozialraumorientierung bleibt unverzichtbar.", "Seite zwei"]
    )
    position = PositionPageFactory(parent=site_tree.positions, document=document)
    search = "/api/v1/positions/?q=Sozialraumorientierung"

    document.refresh_from_db()
    assert document.page_count == 2, "the page count is known from the upload check"
    assert document.extracted_text == ""
    assert client.get(search).json()["count"] == 0
    assert [row.args_kwargs["args"] for row in queued(read_document_text)] == [
        [document.pk, document.file_hash]
    ]

    run_worker()

    document.refresh_from_db()
    assert "Sozialraumorientierung" in document.extracted_text
    assert [item["slug"] for item in client.get(search).json()["results"]] == [position.slug]


def test_a_new_file_forgets_the_old_text_until_the_worker_has_read_it(database_tasks):
    document = LigaDocumentFactory(text="Alter Wortlaut zur Kinderarmut.")
    run_worker()

    document.file = pdf_upload(pages=["Neuer Wortlaut zur Quartiersarbeit."])
    document.save()
    document.refresh_from_db()
    assert document.extracted_text == ""

    run_worker()

    document.refresh_from_db()
    assert "Quartiersarbeit" in document.extracted_text
    assert "Kinderarmut" not in document.extracted_text


def test_a_text_task_for_a_file_replaced_since_changes_nothing(database_tasks):
    document = LigaDocumentFactory(text="Neuer Wortlaut")
    run_worker()

    assert read_document_text.call(document.pk, "hash-of-the-old-file") == "replaced"
    document.refresh_from_db()
    assert "Neuer Wortlaut" in document.extracted_text


def test_a_document_whose_text_exceeds_the_limits_keeps_its_page_count(
    database_tasks, settings, task_log
):
    settings.LIGA_PDF_CPU_SECONDS = 1
    document = LigaDocumentFactory(file=pdf_upload(content=text_bomb(pages=3)))

    run_worker()

    document.refresh_from_db()
    assert (document.page_count, document.extracted_text) == (3, "")
    assert queued(read_document_text).get().return_value == "refused"
    assert any(record.levelno == logging.WARNING for record in task_log.records)
