"""Benchmark: the worker's memory while it reads the text of many PDFs.

    .venv/bin/python bench/worker_pdf.py [--documents 50] [--pages 20] [--bombs 2]

Makes a throwaway hub (SQLite, media and cache in a temporary folder; tasks queued in the
database as in production), uploads ``--documents`` PDFs of ``--pages`` pages of German text
each, plus ``--bombs`` hostile ones (one content stream that takes seconds of CPU and hundreds
of MB to parse, on every page), then runs the worker (``manage.py db_worker --batch``) in this
process and reports its resident memory before and after, the largest child process, and the
time. For comparison it then parses the same PDFs with pypdf in this process, as the hub did
before PDFs were read in a child process. Nothing here is a test; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    sys.stdout.write(message + "\n")


def rss_kb() -> tuple[int, int]:
    """(current, peak) resident set size of this process in KB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def text_bomb(pages: int) -> bytes:
    """The hostile PDF of the worker's tests (one inflating content stream on every page)."""
    from tests.test_worker_pdf import text_bomb as test_text_bomb

    return test_text_bomb(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--bombs", type=int, default=2)
    parser.add_argument("--cpu-seconds", type=int, default=5, help="PDF_CPU_SECONDS")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="liga-bench-worker-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DEBUG": "false",  # no query log growing in memory
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "CACHE_DIR": str(folder / "cache"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PDF_CPU_SECONDS": str(args.cpu_seconds),
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    import logging

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from core.factories import root_collection
    from core.models import LigaDocument
    from core.pdfgen import LINES_PER_PAGE, make_pdf

    for name in ("liga.tasks", "django_tasks", "django_tasks_db", "core.pdf"):
        logging.getLogger(name).setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    line = "Die Freie Wohlfahrtspflege in Sachsen berät, begleitet und fordert Teilhabe für alle. "
    page_text = "\n".join([line] * (LINES_PER_PAGE // 2))
    pdfs = [
        make_pdf([f"Dokument {n}, Seite {p}\n{page_text}" for p in range(args.pages)])
        for n in range(args.documents)
    ] + [text_bomb(pages=10) for _ in range(args.bombs)]
    for n, data in enumerate(pdfs):
        document = LigaDocument(
            title=f"Dokument {n}",
            file=ContentFile(data, name=f"dokument-{n}.pdf"),
            collection=root_collection(),
        )
        document._set_document_file_metadata()
        document.save()

    before, _ = rss_kb()
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    elapsed = time.perf_counter() - started
    after, peak = rss_kb()
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    read = LigaDocument.objects.exclude(extracted_text="").count()
    total_pdf = sum(len(data) for data in pdfs)

    # The same PDFs parsed here, as before (pypdf in the process that asked).
    from pypdf import PdfReader

    in_process_started = time.perf_counter()
    for data in pdfs[: args.documents]:
        reader = PdfReader(io.BytesIO(data))
        " ".join(page.extract_text() for page in reader.pages)
    in_process_elapsed = time.perf_counter() - in_process_started
    in_process_after, in_process_peak = rss_kb()
    if args.bombs:
        # One page of a hostile PDF, which the worker's child processes absorbed.
        PdfReader(io.BytesIO(pdfs[-1])).pages[0].extract_text()
    bomb_after, bomb_peak = rss_kb()
    shutil.rmtree(folder)

    say(f"PDFs: {args.documents} × {args.pages} pages + {args.bombs} hostile, {total_pdf:,} bytes")
    say(f"text read for {read} documents; worker batch took {elapsed:.1f} s")
    say(f"worker RSS before the batch: {before / 1024:.1f} MB, after: {after / 1024:.1f} MB")
    say(f"worker peak RSS (whole run, incl. set-up): {peak / 1024:.1f} MB")
    say(f"largest child process: {child_peak / 1024:.1f} MB")
    say(
        f"in-process pypdf for the {args.documents} regular PDFs: {in_process_elapsed:.1f} s, "
        f"RSS after {in_process_after / 1024:.1f} MB, peak {in_process_peak / 1024:.1f} MB"
    )
    if args.bombs:
        say(
            f"in-process pypdf, one page of a hostile PDF: RSS after {bomb_after / 1024:.1f} MB, "
            f"peak {bomb_peak / 1024:.1f} MB"
        )
    say(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
