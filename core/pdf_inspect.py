"""Read one PDF in a process of its own, under CPU-time and memory limits.

``core.pdf`` runs this file as a script (``python -I core/pdf_inspect.py MODE CPU MEMORY``)
with the PDF on standard input, and reads one JSON object from standard output:
``{"page_count": n, "text": "…"}`` or ``{"error": code}``. A PDF is untrusted input, and a
crafted one can make a parser work for minutes or allocate gigabytes; here that can only cost
this short-lived process: the kernel stops it at ``CPU`` seconds of CPU time (SIGXCPU, then
SIGKILL one second later) and refuses it more than ``MEMORY`` bytes of address space
(``MemoryError``). The process that asked, a web worker or the task worker, never parses the
file itself and so never grows.

The script imports nothing from Django or the project (it runs with ``-I``, isolated from the
environment and the working directory): only the standard library and pypdf.
"""

import io
import json
import resource
import sys

MODES = ("check", "text")
# Text beyond this is not needed for search and would only bloat the index.
MAX_EXTRACTED_CHARS = 200_000
# A PDF of many text-free pages would otherwise be walked in full for nothing.
MAX_PAGES_FOR_TEXT = 300


def apply_limits(cpu_seconds: int, memory_bytes: int) -> None:
    """Limit this process before it reads a byte of the PDF."""
    # A process killed for its limits leaves no core file behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The soft limit sends SIGXCPU (which ends the process); the hard one, a second later,
    # SIGKILL, should anything catch the first.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def inspect(data: bytes, with_text: bool) -> dict:
    """Page count (and text) of ``data``, or ``{"error": code}`` for a PDF the hub refuses."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return {"error": "pdf_encrypted"}
    page_count = len(reader.pages)
    if page_count == 0:
        return {"error": "pdf_empty"}
    if not with_text:
        return {"page_count": page_count, "text": ""}
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES_FOR_TEXT]:
        page_text = page.extract_text() or ""
        parts.append(page_text)
        size += len(page_text)
        if size >= MAX_EXTRACTED_CHARS:
            break
    text = " ".join(" ".join(parts).split())[:MAX_EXTRACTED_CHARS]
    return {"page_count": page_count, "text": text}


def hit_limit(exc: BaseException | None) -> bool:
    """Whether ``exc`` comes from the memory limit or from nesting too deep to follow.

    pypdf wraps some errors in its own (``PdfReadError: Error reading PDF file.``), so the
    whole chain of causes is searched; CPython reports some allocations that failed under
    ``RLIMIT_AS`` as ``SystemError: error return without exception set``.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError | RecursionError | SystemError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def main(argv: list[str]) -> int:
    mode, cpu_seconds, memory_bytes = argv[1], int(argv[2]), int(argv[3])
    if mode not in MODES:
        raise SystemExit(f"mode must be one of {MODES}")
    apply_limits(cpu_seconds, memory_bytes)
    # Encrypted PDFs are refused, never decrypted: the cryptography package (pypdf's first
    # choice of cipher library) is kept out of a process that reads untrusted bytes.
    sys.modules.setdefault("cryptography", None)
    # Imported here, outside the handler below: a broken installation must fail loudly (exit
    # code 1), not make every PDF look damaged.
    import pypdf  # noqa: F401

    data = sys.stdin.buffer.read()
    try:
        result = inspect(data, with_text=mode == "text")
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: whatever breaks is damage
        detail = f"{type(exc).__name__}: {exc}"[:300]
        result = {"error": "pdf_limits" if hit_limit(exc) else "pdf_unreadable", "detail": detail}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
