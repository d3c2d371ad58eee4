"""The command line starts fast: heavy libraries load only in the commands that use them.

A fresh-process ``concord tm lookup`` must answer in well under a second, so building the
parser may not import the segmenter, word lists, the UI toolkit or the extraction model.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "jieba",
    "wordfreq",
    "textual",
    "lemminflect",
    "glossary.extract",
    "glossary.checks",
    "translate",
)


def test_building_the_parser_imports_nothing_heavy() -> None:
    code = (
        "import sys, tui.cli; tui.cli.build_parser(); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
