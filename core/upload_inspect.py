"""Read one uploaded PDF or image in a process of its own, under CPU-time and memory limits.

``core.sandbox`` runs this file as a script (``python -I core/upload_inspect.py MODE CPU
MEMORY LIMIT``) with the file on standard input, and reads one JSON object from standard
output: for a PDF ``{"page_count": n, "text": "…"}``, for an image ``{"width": w, "height":
h, "frames": n}``, or ``{"error": code, …}``. An upload is untrusted input, and a crafted one
can make a parser work for minutes or allocate gigabytes; here that can only cost this
short-lived process: the kernel stops it at ``CPU`` seconds of CPU time (SIGXCPU, then
SIGKILL one second later) and refuses it more than ``MEMORY`` bytes of address space
(``MemoryError``). The process that asked, a web worker or the task worker, never parses the
file itself and so never grows.

``LIMIT`` is the most pages a PDF may have (modes ``check`` and ``text``) or the most pixels
an image may have (mode ``image``).

The script imports nothing from Django or the project (it runs with ``-I``, isolated from the
environment and the working directory): only the standard library, pypdf and Pillow.
"""

import io
import json
import resource
import sys
import warnings

MODES = ("check", "text", "image")
PDF_MAGIC = b"%PDF-"
# Text beyond this is not needed for search and would only bloat the index.
MAX_EXTRACTED_CHARS = 200_000
# A PDF of many text-free pages would otherwise be walked in full for nothing.
MAX_PAGES_FOR_TEXT = 300
# Actions a viewer runs or that leave the document: refused wherever they occur (the kind of
# action is its /S). /URI and /GoTo links are fine.
REFUSED_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "submit_form",
    "/ImportData": "submit_form",
    "/GoToE": "embedded_file",
}
# Where an action sits, for the message: the last of these keys on the way to it.
TRIGGERS = ("/OpenAction", "/AA", "/Names", "/A", "/Next", "/Annots", "/AcroForm")


def apply_limits(cpu_seconds: int, memory_bytes: int) -> None:
    """Limit this process before it reads a byte of the upload."""
    # A process killed for its limits leaves no core file behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The soft limit sends SIGXCPU (which ends the process); the hard one, a second later,
    # SIGKILL, should anything catch the first.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


# PDFs


def active_content(reader, data: bytes) -> dict[str, list[str]]:
    """What of the refused content ``reader``'s PDF holds: kind → where it sits
    (e.g. ``{"javascript": ["/OpenAction"]}``).

    Every object reachable from the trailer is visited (iteratively: nesting is untrusted),
    then every object of the cross-reference table that nothing reaches, since some viewers
    rebuild a damaged file from all its objects.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: dict[str, set[str]] = {}
    if not data.startswith(PDF_MAGIC):
        # Another file in front of the PDF (an HTML page, a ZIP): a polyglot.
        found["prefix"] = {""}
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[object, str]] = [(reader.trailer, "")]
    numbers = [(number, 0) for number in reader.xref_objStm]
    numbers += [(number, gen) for gen, table in reader.xref.items() for number in table]
    while stack or numbers:
        if not stack:
            number, generation = numbers.pop()
            if (number, generation) in seen:
                continue
            stack.append((IndirectObject(number, generation, reader), ""))
        value, where = stack.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            value = value.get_object()
        if isinstance(value, ArrayObject):
            stack.extend((item, where) for item in value)
        elif isinstance(value, DictionaryObject):
            for kind in dictionary_findings(value):
                found.setdefault(kind, set()).add(where)
            for name, item in value.items():
                stack.append((item, name if name in TRIGGERS else where))
    return {kind: sorted(places - {""}) for kind, places in found.items()}


def resolved(dictionary, key: str):
    """``dictionary[key]`` with an indirect value followed (pypdf's ``.get()`` does not)."""
    item = dictionary.get(key)
    return None if item is None else item.get_object()


def dictionary_findings(value) -> list[str]:
    """The kinds of refused content that one PDF dictionary is or names."""
    from pypdf.generic import DictionaryObject

    kinds = []
    action = REFUSED_ACTIONS.get(resolved(value, "/S"))
    if action:
        kinds.append(action)
    if "/JS" in value:
        kinds.append("javascript")
    names = resolved(value, "/Names")
    if isinstance(names, DictionaryObject):  # the catalog's name dictionary
        if "/JavaScript" in names:
            kinds.append("javascript")
        if "/EmbeddedFiles" in names:
            kinds.append("embedded_file")
    subtype = resolved(value, "/Subtype")
    if "/EF" in value or subtype in ("/FileAttachment", "/RichMedia"):
        kinds.append("embedded_file")
    if "/XFA" in value:
        kinds.append("xfa")
    return kinds


def inspect_pdf(data: bytes, with_text: bool, max_pages: int) -> dict:
    """Page count (and text) of ``data``, or ``{"error": code}`` for a PDF the hub refuses."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return {"error": "pdf_encrypted"}
    # The page tree's own count first: a file claiming too many pages is refused before its
    # page tree is built; the real count below catches one that lies.
    claimed = reader.root_object["/Pages"].get_object().get("/Count", 0)
    if isinstance(claimed, int) and claimed > max_pages:
        return {"error": "pdf_too_many_pages", "page_count": int(claimed)}
    page_count = len(reader.pages)
    if page_count == 0:
        return {"error": "pdf_empty"}
    if page_count > max_pages:
        return {"error": "pdf_too_many_pages", "page_count": page_count}
    found = active_content(reader, data)
    if found:
        return {"error": "pdf_active_content", "found": found}
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
    """Whether ``exc`` comes from the memory limit, from nesting too deep to follow or from
    one of pypdf's own limits (a stream that inflates beyond 75 MB).

    pypdf wraps some errors in its own (``PdfReadError: Error reading PDF file.``), so the
    whole chain of causes is searched; CPython reports some allocations that failed under
    ``RLIMIT_AS`` as ``SystemError: error return without exception set``.
    """
    from pypdf.errors import LimitReachedError

    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError | RecursionError | SystemError | LimitReachedError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


# Images


def inspect_image(data: bytes, max_pixels: int) -> dict:
    """Dimensions of the image in ``data`` after decoding it in full, or ``{"error": code}``.

    The pixel count is checked from the header, before anything is decoded; decoding then
    finds a truncated or damaged file.
    """
    from PIL import Image

    # Our own limit is checked below, with the exact count for the message.
    Image.MAX_IMAGE_PIXELS = None
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        frames = getattr(image, "n_frames", 1)
        if width * height * frames > max_pixels:
            return {"error": "image_too_many_pixels", "pixels": width * height * frames}
        image.load()
    return {"width": width, "height": height, "frames": frames}


def main(argv: list[str]) -> int:
    mode, cpu_seconds, memory_bytes, limit = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    if mode not in MODES:
        raise SystemExit(f"mode must be one of {MODES}")
    apply_limits(cpu_seconds, memory_bytes)
    warnings.simplefilter("ignore")
    # Encrypted PDFs are refused, never decrypted: the cryptography package (pypdf's first
    # choice of cipher library) is kept out of a process that reads untrusted bytes.
    sys.modules.setdefault("cryptography", None)
    # Imported here, outside the handler below: a broken installation must fail loudly (exit
    # code 1), not make every upload look damaged.
    import PIL.Image  # noqa: F401
    import pypdf  # noqa: F401

    data = sys.stdin.buffer.read()
    damaged = "image_invalid" if mode == "image" else "pdf_unreadable"
    try:
        if mode == "image":
            result = inspect_image(data, max_pixels=limit)
        else:
            result = inspect_pdf(data, with_text=mode == "text", max_pages=limit)
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: whatever breaks is damage
        detail = f"{type(exc).__name__}: {exc}"[:300]
        result = {"error": "limits" if hit_limit(exc) else damaged, "detail": detail}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
