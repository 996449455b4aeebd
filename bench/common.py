"""Constants and helpers shared by the benchmark modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on the path; the project root belongs there.
sys.path[0] = str(ROOT)
SETTINGS = "cms.settings.bench"
os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS

DATA_DIR = ROOT / "bench" / ".data"
REPORT = ROOT / "docs" / "benchmarks.md"
HOST = "127.0.0.1"
KINDS = ["position_paper", "statement", "press_release", "open_letter"]
COLOURS = ["teal", "navy", "maroon", "olive", "purple", "gray", "orange", "green"]


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


# docs/benchmarks.md from this line on is bench/churn.py's section; bench/report.py keeps it.
CHURN_MARKER = "<!-- publish-churn: written by bench/churn.py, kept by bench/report.py -->"
# The section "At scale" is bench/scale.py's; it stands before the publish-churn section, so
# bench/churn.py (which replaces what follows its marker) and bench/report.py keep it.
SCALE_MARKER = "<!-- at-scale: written by bench/scale.py, kept by bench/report.py -->"
