"""Inspection of uploaded PDFs.

Position papers are served to the public and indexed, so an upload must really be a PDF:
the bytes are sniffed and parsed (the file name proves nothing). Parsing happens in a child
process with CPU-time and memory limits (``core/pdf_inspect.py``), because a crafted PDF can
keep a parser busy for minutes or make it allocate gigabytes, and a web process must never
grow or stall for an upload. At upload only the quick structural check runs (a PDF, open,
with pages: its page count); the text, which search needs, is read by the worker
(``core.tasks.read_document_text``) in the same kind of limited process.

Settings: ``LIGA_PDF_CPU_SECONDS`` (20) and ``LIGA_PDF_MEMORY_MB`` (512) limit the child;
it is killed after ``3 × CPU + 10`` seconds of wall-clock time should it ever wait instead
of compute.
"""

import hashlib
import json
import logging
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
CHILD_SCRIPT = Path(__file__).with_name("pdf_inspect.py")
DEFAULT_CPU_SECONDS = 20
DEFAULT_MEMORY_MB = 512
# The child's environment: nothing of ours (database URL, keys) near untrusted bytes.
CHILD_ENV = {"LANG": "C.UTF-8"}

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
}


# Page counts of PDFs that passed the check, by content and limits: the importer checks a
# bundle's PDFs before writing anything and the model checks them again when saving, and one
# child process per file is enough. Small and bounded; only ever holds successes.
CHECKED: dict[tuple[str, int, int], int] = {}
CHECKED_MAX = 64
CHECKED_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfInfo:
    """What the hub stores about a PDF: its page count and its text."""

    page_count: int
    text: str


def pdf_limits() -> tuple[int, int]:
    """(CPU seconds, memory in MB) that reading one PDF may use."""
    return (
        int(getattr(settings, "LIGA_PDF_CPU_SECONDS", DEFAULT_CPU_SECONDS)),
        int(getattr(settings, "LIGA_PDF_MEMORY_MB", DEFAULT_MEMORY_MB)),
    )


def refusal(code: str) -> ValidationError:
    cpu, memory = pdf_limits()
    params = {"cpu": cpu, "memory": memory} if code == "pdf_limits" else None
    return ValidationError(MESSAGES[code], code=code, params=params)


def run_child(data: bytes, mode: str) -> dict:
    """Run ``core/pdf_inspect.py`` on ``data`` under the limits and return its answer."""
    cpu, memory = pdf_limits()
    command = [sys.executable, "-I", str(CHILD_SCRIPT), mode, str(cpu), str(memory * 1024**2)]
    try:
        # A fixed command: our own interpreter and script, the limits as numbers.
        completed = subprocess.run(  # noqa: S603
            command,
            input=data,
            capture_output=True,
            timeout=3 * cpu + 10,
            check=False,
            env=CHILD_ENV,
        )
    except subprocess.TimeoutExpired:
        logger.warning("PDF inspection killed after its wall-clock timeout (mode %s)", mode)
        return {"error": "pdf_limits"}
    if completed.returncode < 0:
        # SIGXCPU/SIGKILL at the CPU limit; an allocation failing under the memory limit in C
        # code may also end in SIGSEGV or SIGABRT. Either way the file is refused, not the
        # upload answered with an error page.
        logger.warning(
            "PDF inspection killed by %s at its limits (%s s CPU, %s MB; mode %s)",
            signal.Signals(-completed.returncode).name,
            cpu,
            memory,
            mode,
        )
        return {"error": "pdf_limits"}
    stderr = completed.stderr.decode("utf-8", "replace")[-2000:]
    if completed.returncode != 0:
        # Our child answers every PDF, even a broken one, with JSON and exit code 0. Anything
        # else is the memory limit hit outside the parser (e.g. reading the input), or a broken
        # installation, which must not be reported to an editor as a broken file.
        if "MemoryError" in stderr:
            return {"error": "pdf_limits"}
        raise RuntimeError(f"PDF inspection failed ({completed.returncode}): {stderr}")
    return json.loads(completed.stdout)


def inspect_pdf(data: bytes, *, text: bool = True) -> PdfInfo:
    """Parse ``data`` as a PDF (in a limited child process) and return its page count and,
    with ``text``, its text (else ``""``).

    Raises ``ValidationError`` with a message for editors when the bytes are not a readable,
    unencrypted PDF with at least one page, or when reading them exceeds the limits.
    """
    # The header may be preceded by a little garbage, as the PDF specification tolerates.
    if PDF_MAGIC not in data[:1024]:
        raise refusal("not_pdf")
    key = (hashlib.sha1(data, usedforsecurity=False).hexdigest(), *pdf_limits())
    if not text and key in CHECKED:
        return PdfInfo(page_count=CHECKED[key], text="")
    answer = run_child(data, "text" if text else "check")
    if "error" in answer:
        if answer.get("detail"):
            logger.info("Refused PDF (%s): %s", answer["error"], answer["detail"])
        raise refusal(answer["error"])
    with CHECKED_LOCK:  # web processes may serve uploads from several threads
        while len(CHECKED) >= CHECKED_MAX:
            CHECKED.pop(next(iter(CHECKED)))
        CHECKED[key] = answer["page_count"]
    return PdfInfo(page_count=answer["page_count"], text=answer["text"])
