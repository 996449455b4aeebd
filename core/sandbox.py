"""The child process that reads uploads: PDFs and images are parsed by ``core/upload_inspect.py``
in a process of its own with CPU-time and memory limits, because a crafted file can keep a
parser busy for minutes or make it allocate gigabytes, and a web process must never grow or
stall for an upload.

Settings: ``LIGA_PDF_CPU_SECONDS`` (20) and ``LIGA_PDF_MEMORY_MB`` (512) limit the child (for
images too); it is killed after ``3 × CPU + 10`` seconds of wall-clock time should it ever
wait instead of compute.
"""

import json
import logging
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CHILD_SCRIPT = Path(__file__).with_name("upload_inspect.py")
DEFAULT_CPU_SECONDS = 20
DEFAULT_MEMORY_MB = 512
# The child's environment: nothing of ours (database URL, keys) near untrusted bytes.
CHILD_ENV = {"LANG": "C.UTF-8"}


def child_limits() -> tuple[int, int]:
    """(CPU seconds, memory in MB) that reading one upload may use."""
    return (
        int(getattr(settings, "LIGA_PDF_CPU_SECONDS", DEFAULT_CPU_SECONDS)),
        int(getattr(settings, "LIGA_PDF_MEMORY_MB", DEFAULT_MEMORY_MB)),
    )


def run_child(data: bytes, mode: str, limit: int) -> dict:
    """Run ``core/upload_inspect.py`` in ``mode`` (``check``, ``text`` or ``image``) on
    ``data`` under the limits and return its answer; ``limit`` is the most pages or pixels.

    Every way the child can fail at its limits answers ``{"error": "limits"}``.
    """
    cpu, memory = child_limits()
    command = [
        sys.executable,
        "-I",
        str(CHILD_SCRIPT),
        mode,
        str(cpu),
        str(memory * 1024**2),
        str(limit),
    ]
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
        logger.warning("Upload inspection killed after its wall-clock timeout (mode %s)", mode)
        return {"error": "limits"}
    if completed.returncode < 0:
        # SIGXCPU/SIGKILL at the CPU limit; an allocation failing under the memory limit in C
        # code may also end in SIGSEGV or SIGABRT. Either way the file is refused, not the
        # upload answered with an error page.
        logger.warning(
            "Upload inspection killed by %s at its limits (%s s CPU, %s MB; mode %s)",
            signal.Signals(-completed.returncode).name,
            cpu,
            memory,
            mode,
        )
        return {"error": "limits"}
    stderr = completed.stderr.decode("utf-8", "replace")[-2000:]
    if completed.returncode != 0:
        # Our child answers every file, even a broken one, with JSON and exit code 0. Anything
        # else is the memory limit hit outside the parser (e.g. reading the input), or a broken
        # installation, which must not be reported to an editor as a broken file.
        if "MemoryError" in stderr:
            return {"error": "limits"}
        raise RuntimeError(f"Upload inspection failed ({completed.returncode}): {stderr}")
    answer = json.loads(completed.stdout)
    if answer.get("detail"):
        logger.info("Refused upload (%s): %s", answer["error"], answer["detail"])
    return answer
