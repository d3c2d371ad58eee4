"""A memory match the file format cannot carry is left out; the rest of the file is filled."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.conftest import build_memory
from tm.unit import TranslationUnit, Variant
from tui.cli import main

POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{a}"
msgstr ""

msgid "{b}"
msgstr ""
"""


@pytest.mark.parametrize(
    ("src", "tgt", "texts"),
    [
        ("en", "zh-CN", (("Bell", "响\0铃"), ("Parameters", "参数"))),
        ("zh-CN", "en", (("响铃", "Bell\0"), ("参数", "Parameters"))),
    ],
)
def test_a_nul_in_a_match_leaves_that_entry_empty(tmp_path: Path, capsys, src, tgt, texts):
    (a, a_tgt), (b, b_tgt) = texts
    db = build_memory(
        tmp_path / "mem.db",
        [
            TranslationUnit(variants=[Variant(src, a), Variant(tgt, a_tgt)]),
            TranslationUnit(variants=[Variant(src, b), Variant(tgt, b_tgt)]),
        ],
    )
    pot = tmp_path / "new.pot"
    pot.write_text(POT.format(a=a, b=b), encoding="utf-8")
    out = tmp_path / "new.po"
    argv = ["--db", str(db), "pretranslate", str(pot), "-o", str(out), "--json"]
    assert main(argv + ["--src", src, "--tgt", tgt]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unwritable"] == 1 and report["files_failed"] == 0
    filled = {e.msgid: e.msgstr for e in polib.pofile(str(out))}
    assert filled == {a: "", b: b_tgt}
