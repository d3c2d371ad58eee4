"""``concord tm ...`` end to end: import, lookup, concordance, export, stats, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SEED_TSV, SHARED
from tm.store import SQLiteStore
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
DTD = SHARED / "schemas" / "tmx14.dtd"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(db_path, capsys):
    code, out, _ = run(capsys, "tm", "import", str(SEED_TSV), "--src", "en", "--tgt", "zh-CN")
    assert code == 0, out
    return db_path


def test_import_reports_and_is_idempotent(seeded, capsys) -> None:
    with SQLiteStore(seeded) as store:
        first = store.count_units()
    assert first > 30
    code, out, _ = run(capsys, "tm", "import", str(SEED_TSV), "--src", "en", "--tgt", "zh-CN")
    assert code == 0 and "0 units added" in out
    with SQLiteStore(seeded) as store:
        assert store.count_units() == first


def test_lookup_both_directions_json(seeded, capsys) -> None:
    code, out, _ = run(
        capsys,
        "tm",
        "lookup",
        "Thank you!",
        "--src",
        "en",
        "--tgt",
        "zh-CN",
        "-n",
        "5",
        "--min",
        "75",
        "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["query"] == "Thank you!"
    best = result["matches"][0]
    assert set(best) >= {"score", "source", "target", "origin"}
    assert best["target"] == "谢谢。" and best["origin"].endswith(".tsv:17") or best["origin"]
    code, out, _ = run(
        capsys, "tm", "lookup", "第一财经：", "--src", "zh_CN", "--tgt", "en", "--json"
    )
    assert json.loads(out)["matches"][0]["target"] == "Yicai:"


def test_lookup_batch_file_prints_one_json_object_a_line(seeded, capsys, tmp_path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("Thank you.\nno such sentence anywhere at all\nYicai:\n", encoding="utf-8")
    code, out, _ = run(capsys, "tm", "lookup", "--file", str(queries), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [item["query"] for item in lines] == [
        "Thank you.",
        "no such sentence anywhere at all",
        "Yicai:",
    ]
    assert lines[1]["matches"] == [] and lines[2]["matches"][0]["target"] == "第一财经："


def test_lookup_without_match_exits_1_and_usage_errors_exit_2(seeded, capsys) -> None:
    assert run(capsys, "tm", "lookup", "zzzz qqqq")[0] == 1
    assert run(capsys, "tm", "lookup")[0] == 2
    assert run(capsys, "tm", "lookup", "x", "--min", "120")[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["tm", "lookup", "x", "--src", "not a tag!"])
    assert exc.value.code == 2


def test_concordance_text_and_json(seeded, capsys) -> None:
    code, out, _ = run(capsys, "tm", "concordance", "压舱石")
    assert code == 0 and "压舱石" in out and "state-owned capital" in out
    code, out, _ = run(capsys, "tm", "concordance", "national", "team", "--json")
    (line,) = json.loads(out)
    assert line["text"][line["start"] : line["end"]] == "national team"
    assert "国家队" in line["partner_text"]
    assert run(capsys, "tm", "concordance", "nonexistentword")[0] == 1


def test_stats_json(seeded, capsys) -> None:
    code, out, _ = run(capsys, "tm", "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["units"] > 30
    assert stats["languages"]["en"] == stats["units"]
    assert stats["origins"][0]["origin"] == str(SEED_TSV)


@pytest.mark.skipif(not DTD.exists(), reason="shared/schemas/tmx14.dtd is not beside the project")
def test_export_tmx_validates_and_reimports(seeded, capsys, tmp_path) -> None:
    out_file = tmp_path / "out.tmx"
    code, _, _ = run(capsys, "tm", "export", str(out_file), "--src", "en", "--tgt", "zh-CN")
    assert code == 0
    doc = etree.parse(str(out_file))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(doc), dtd.error_log
    other = tmp_path / "other.db"
    assert run(capsys, "--db", str(other), "tm", "import", str(out_file))[0] == 0
    with SQLiteStore(seeded) as a, SQLiteStore(other) as b:
        pairs_a = {(u.variant("en").text, u.variant("zh-CN").text) for u in a.iter_units()}
        pairs_b = {(u.variant("en").text, u.variant("zh-CN").text) for u in b.iter_units()}
        # Every unit keeps its origins (the seed file's lines), not the TMX's lines.
        origins_a = [u.origins for u in a.iter_units(with_origins=True)]
        assert [u.origins for u in b.iter_units(with_origins=True)] == origins_a
        assert origins_a[0][0].file == str(SEED_TSV)
    assert pairs_a == pairs_b


def test_export_po_and_tsv_zh_to_en(seeded, capsys, tmp_path) -> None:
    po = tmp_path / "zh-en.po"
    assert run(capsys, "tm", "export", str(po), "--src", "zh-CN", "--tgt", "en")[0] == 0
    text = po.read_text(encoding="utf-8")
    assert 'msgid "谢谢。"' in text and 'msgstr "Thank you."' in text
    tsv = tmp_path / "pairs.tsv"
    assert run(capsys, "tm", "export", str(tsv))[0] == 0
    assert "national team" in tsv.read_text(encoding="utf-8")


def test_export_unknown_extension_is_usage_error(seeded, capsys, tmp_path) -> None:
    code, _, err = run(capsys, "tm", "export", str(tmp_path / "x.docx"))
    assert code == 2 and "x.docx" in err


def test_import_tmx_variants_po_and_bad_files(db_path, capsys) -> None:
    tmx = FIXTURES / "tmx"
    code, _, err = run(capsys, "tm", "import", str(tmx / "malformed.tmx"))
    assert code == 2 and "malformed.tmx:" in err
    assert SQLiteStore(db_path).count_units() == 0
    # One bad file among good ones: without --keep-going nothing is imported ...
    good = [str(tmx / "zh_underscore_tags.tmx"), str(tmx / "tmx11_lang_attr.tmx")]
    code, _, err = run(capsys, "tm", "import", *good, str(tmx / "xxe.tmx"))
    assert code == 2 and "xxe.tmx" in err
    assert SQLiteStore(db_path).count_units() == 0
    # ... with it, the good ones are and the bad one is listed.
    code, out, err = run(capsys, "tm", "import", *good, str(tmx / "xxe.tmx"), "--keep-going")
    assert code == 2 and "xxe.tmx" in err and "2 file(s) imported" in out
    with SQLiteStore(db_path) as store:
        assert store.count_units() > 0
        assert "zh-CN" in store.languages()


def _tmx(path: Path, src: str, tgt: str, pairs: list[tuple[str, str]], cut: bool = False) -> None:
    """A TMX file of *pairs*, one unit a line from line 4; *cut*: malformed after them."""
    tus = "".join(
        f'<tu><tuv xml:lang="{src}"><seg>{s}</seg></tuv>'
        f'<tuv xml:lang="{tgt}"><seg>{t}</seg></tuv></tu>\n'
        for s, t in pairs
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="T"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="T" adminlang="en"'
        f' srclang="{src}" datatype="plaintext"/>\n<body>\n{tus}'
        + ("<tu><tuv\n" if cut else "</body></tmx>\n"),
        encoding="utf-8",
    )


KEEP_GOING = {
    "en-zh": ("en", "zh-CN", [("Alpha", "甲"), ("Beta", "乙"), ("Gamma", "丙")], ("Xray", "戊")),
    "zh-en": ("zh-CN", "en", [("甲", "Alpha"), ("乙", "Beta"), ("丙", "Gamma")], ("戊", "Xray")),
}


@pytest.mark.parametrize("direction", sorted(KEEP_GOING))
def test_a_failed_file_does_not_keep_a_later_one_from_replacing_origins(
    direction, db_path, capsys, tmp_path
) -> None:
    src, tgt, pairs, new = KEEP_GOING[direction]
    _tmx(tmp_path / "docs" / "a.tmx", src, tgt, pairs)  # lines 4, 5, 6
    assert run(capsys, "tm", "import", str(tmp_path / "docs"))[0] == 0
    _tmx(tmp_path / "docs" / "a.tmx", src, tgt, [new, *pairs])  # a unit inserted at the top
    # old/docs/a.tmx is also named docs/a.tmx: it replaces that file's origins, then fails.
    _tmx(tmp_path / "old" / "docs" / "a.tmx", src, tgt, pairs[:1], cut=True)
    folders = [str(tmp_path / "old" / "docs"), str(tmp_path / "docs")]
    code, out, err = run(capsys, "tm", "import", *folders, "--keep-going")
    assert code == 2 and "malformed XML" in err and "1 file(s) imported" in out
    with SQLiteStore(db_path) as store:
        rows = store.conn.execute(
            "SELECT line, COUNT(*) FROM tm_origins WHERE file = 'docs/a.tmx' GROUP BY line"
        ).fetchall()
    assert rows == [(4, 1), (5, 1), (6, 1), (7, 1)]  # the new version's, one unit a line


def test_import_po_counts_skips(db_path, capsys) -> None:
    code, out, _ = run(capsys, "tm", "import", str(FIXTURES / "po" / "appendix_cut.po"), "--json")
    (report,) = json.loads(out)
    assert code == 0 and report["added"] + report["duplicates"] == 14
    assert report["skipped"] == {"untranslated": 1}


def test_import_missing_file_and_unknown_type(db_path, capsys, tmp_path) -> None:
    assert run(capsys, "tm", "import", str(tmp_path / "nope.tmx"))[0] == 2
    odd = tmp_path / "notes.docx"
    odd.write_text("x")
    code, _, err = run(capsys, "tm", "import", str(odd))
    assert code == 2 and "notes.docx" in err


def test_every_command_has_help_with_an_example(capsys) -> None:
    for cmd in (
        ["tm"],
        ["tm", "import"],
        ["tm", "export"],
        ["tm", "lookup"],
        ["tm", "concordance"],
        ["tm", "stats"],
    ):
        with pytest.raises(SystemExit) as exc:
            main([*cmd, "--help"])
        assert exc.value.code == 0
        assert "example" in capsys.readouterr().out


# Every origin of a match: a pair repeated across PO files ----------------------------------


def _po(folder: Path, name: str, lang: str, entries: list[tuple[str, str]]) -> None:
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in entries)
    (folder / name).write_text(
        f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\n{body}', encoding="utf-8"
    )


# (source language, target language, the shared pair, another pair of the same direction)
DIRECTIONS = {
    "en-zh": ("en", "zh-CN", ("ballast stone", "压舱石"), ("national team", "国家队")),
    "zh-en": ("zh-CN", "en", ("压舱石", "ballast stone"), ("国家队", "national team")),
}


@pytest.fixture(params=sorted(DIRECTIONS))
def two_files(request, db_path, tmp_path, capsys, monkeypatch):
    """The shared pair in docs/a.po (line 5) and docs/b.po (line 8), imported twice."""
    monkeypatch.setenv("COLUMNS", "100")  # text output fits the terminal: make it known
    src, tgt, shared, other = DIRECTIONS[request.param]
    folder = tmp_path / "docs"
    folder.mkdir()
    _po(folder, "a.po", tgt, [shared])
    _po(folder, "b.po", tgt, [other, shared])
    for _ in range(2):  # the second import is a re-import: nothing new, no origin twice
        code, out, _ = run(capsys, "tm", "import", str(folder), "--src", src, "--tgt", tgt)
        assert code == 0, out
    assert "0 units added, 3 already there" in out
    with SQLiteStore(db_path) as store:
        assert store.count_units() == 2
        assert store.conn.execute("SELECT COUNT(*) FROM tm_origins").fetchone()[0] == 3
    return src, tgt, shared


ORIGINS = ["docs/a.po:5", "docs/b.po:8"]


def test_lookup_shows_every_origin(two_files, capsys) -> None:
    src, tgt, (source, target) = two_files
    code, out, _ = run(capsys, "tm", "lookup", source, "--src", src, "--tgt", tgt)
    assert code == 0
    assert out.splitlines() == [
        f" 100.0  {source}",
        f"        {target}",
        "        docs/a.po:5, docs/b.po:8",
    ]
    code, out, _ = run(capsys, "tm", "lookup", source, "--src", src, "--tgt", tgt, "--json")
    (match,) = json.loads(out)["matches"]
    assert (match["target"], match["origin"], match["origins"]) == (target, ORIGINS[0], ORIGINS)


def test_lookup_batch_json_has_every_origin_on_each_line(two_files, capsys, tmp_path) -> None:
    src, tgt, (source, _) = two_files
    queries = tmp_path / "q.txt"
    queries.write_text(f"{source}\nno such sentence anywhere at all\n{source}\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "tm", "lookup", "--file", str(queries), "--src", src, "--tgt", tgt, "--json"
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert [[m["origins"] for m in line["matches"]] for line in lines] == [[ORIGINS], [], [ORIGINS]]
    assert lines[0]["matches"][0]["origin"] == ORIGINS[0]


def test_concordance_shows_every_origin(two_files, capsys) -> None:
    src, _, (source, target) = two_files
    code, out, _ = run(capsys, "tm", "concordance", source, "--lang", src)
    assert code == 0 and target in out
    assert out.splitlines()[-1].strip() == "docs/a.po:5, docs/b.po:8"
    code, out, _ = run(capsys, "tm", "concordance", source, "--lang", src, "--json")
    (line,) = json.loads(out)
    assert (line["origin"], line["origins"]) == (ORIGINS[0], ORIGINS)


def test_many_origins_are_cut_to_the_line_with_a_count(db_path, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(12):
        _po(folder, f"file{n:02}.po", "zh_CN", [("Parameters", "参数")])
    assert run(capsys, "tm", "import", str(folder))[0] == 0
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, "tm", "lookup", "Parameters")
    where = out.splitlines()[2]
    assert code == 0 and len(where) <= 60
    assert where == "        docs/file00.po:5, docs/file01.po:5 (+10 more)"
    code, out, _ = run(capsys, "tm", "lookup", "Parameters", "--json")
    assert len(json.loads(out)["matches"][0]["origins"]) == 12


def test_origins_summary() -> None:
    from tui.commands.tm import origins_summary

    assert origins_summary(["a.po:1", "b.po:2"], 20) == "a.po:1, b.po:2"
    assert origins_summary(["a.po:1", "b.po:2", "c.po:3"], 20) == "a.po:1 (+2 more)"
    # The first origin is always shown, however narrow the line.
    assert origins_summary(["a/long/path.po:1", "b.po:2"], 5) == "a/long/path.po:1 (+1 more)"
    # Wide characters take two columns: 17 characters, 19 columns.
    assert origins_summary(["文档/a.po:1", "b.po:2"], 18) == "文档/a.po:1 (+1 more)"
    assert origins_summary(["文档/a.po:1", "b.po:2"], 19) == "文档/a.po:1, b.po:2"


def test_a_lone_origin_wider_than_the_line_has_no_count() -> None:
    from tui.commands.tm import origins_summary

    assert origins_summary(["a/long/path.po:1"], 5) == "a/long/path.po:1"  # not "(+0 more)"
    assert origins_summary(["a\tb.po:1", "c.po:2"], 20) == "a b.po:1, c.po:2"  # as it shows


# A deep folder, wide characters in it: its origin is far wider than a narrow terminal.
DEEP = "3.13/" + "/".join(["国务院国资委中央企业", "professional-integration"] * 3)


@pytest.fixture(params=sorted(DIRECTIONS))
def deep_origin(request, db_path, tmp_path, capsys, monkeypatch):
    """The shared pair first in DEEP/messages.po (line 5), then in docs/z.po (line 8)."""
    src, tgt, shared, other = DIRECTIONS[request.param]
    folder = tmp_path / "docs"
    (folder / DEEP).mkdir(parents=True)
    _po(folder / DEEP, "messages.po", tgt, [shared])
    _po(folder, "z.po", tgt, [other, shared])
    assert run(capsys, "tm", "import", str(folder), "--src", src, "--tgt", tgt)[0] == 0
    monkeypatch.setenv("COLUMNS", "60")
    return src, tgt, shared


def test_lookup_cuts_a_deep_first_origin_to_the_terminal(deep_origin, capsys) -> None:
    from rich.cells import cell_len

    src, tgt, (source, target) = deep_origin
    code, out, _ = run(capsys, "tm", "lookup", source, "--src", src, "--tgt", tgt)
    assert code == 0 and out.splitlines()[:2] == [f" 100.0  {source}", f"        {target}"]
    where = out.splitlines()[2]
    # Cut at its start, the file name and line kept, in the 60 cells the terminal has.
    assert where.startswith("        …") and where.endswith("/messages.po:5 (+1 more)")
    assert cell_len(where) <= 60
    code, out, _ = run(capsys, "tm", "lookup", source, "--src", src, "--tgt", tgt, "--json")
    (match,) = json.loads(out)["matches"]  # --json keeps every origin whole
    assert match["origins"] == [f"docs/{DEEP}/messages.po:5", "docs/z.po:8"]


def test_concordance_cuts_a_deep_first_origin_to_the_terminal(deep_origin, capsys) -> None:
    from rich.cells import cell_len

    src, _, (source, _) = deep_origin
    code, out, _ = run(capsys, "tm", "concordance", source, "--lang", src)
    where = out.splitlines()[-1]  # two cells spare, as every line of the concordance has
    assert code == 0 and where.endswith("/messages.po:5 (+1 more)") and cell_len(where) <= 58


def test_origins_text_shows_control_characters_as_spaces() -> None:
    from tui.commands.tm import origins_text

    # Cut or not, an escape from a file name is shown as a space, never sent to the terminal.
    assert origins_text(["a/very/long\x1b/path.po:1"], 12) == "… /path.po:1"
    assert origins_text(["a\tb.po:1", "c.po:2"], 20) == "a b.po:1, c.po:2"


# The concordance cut by terminal cells, as the review UI cuts it ---------------------------

ZH = "国务院国资委加大中央企业重组和业务整合工作力度，在四个方面取得了积极成效"
EN = "The SASAC intensified its efforts in restructuring the central SOEs this year."


def _line(text: str, key: str, lang: str, partner: str | None = None):
    from tm.search import ConcordanceLine

    start = text.index(key)
    other = None if partner is None else "en" if lang == "zh-CN" else "zh-CN"
    return ConcordanceLine(1, lang, text, start, start + len(key), other, partner, None)


# Both directions: Chinese segments with English partners and English ones with Chinese,
# a Chinese character across the edge at either parity, control characters in the text.
KWIC_LINES = [
    _line(ZH + ZH, "国资委", "zh-CN", EN),
    _line("A" + ZH + ZH, "国资委", "zh-CN", EN),
    _line(ZH + "（SASAC）" + ZH, "SASAC", "zh-CN", "\t" + EN),
    _line(EN + " " + EN, "central", "en", ZH + ZH + ZH),
    _line("Our\tSASAC\x1b[31m work\n" + EN, "SASAC", "en", "一是\t加强\x1b统筹"),
    _line(ZH + ZH + ZH, ZH + ZH, "zh-CN", EN),  # a keyword wider than the line
]


@pytest.mark.parametrize("width", [40, 41, 60, 80, 100])
def test_concordance_lines_are_cut_as_the_review_ui_cuts_them(width: int) -> None:
    from rich.cells import cell_len

    from tui.commands.tm import kwic
    from tui.widgets.concordance import KwicLine
    from tui.widgets.concordance import kwic as ui_kwic

    for line in KWIC_LINES:
        first, *partner = kwic(line, width).split("\n")
        # After the language column, the line the concordance pane draws that wide.
        ui = ui_kwic(KwicLine(line.text, line.start, line.end), width - 8).plain
        assert first == f"{line.lang:<6}{ui}"
        for shown in (first, *partner):
            assert cell_len(shown) <= width - 2, shown
            assert shown.isprintable(), shown  # a tab or an escape moved the cursor


def test_the_right_side_is_cut_after_the_last_character_that_fits() -> None:
    from tui.commands.tm import kwic

    # 13 cells on the right: six Chinese characters and the ellipsis (the cut used to drop
    # one more, leaving a cell and a character out), the keyword at the same column.
    zh = kwic(_line(ZH, "国资委", "zh-CN"), 40)
    assert zh == "zh-CN " + " " * 7 + "国务院" + "国资委" + "加大中央企业…"
    en = kwic(_line(EN, "SASAC", "en"), 40)
    assert en == "en    " + " " * 9 + "The " + "SASAC" + " intensified …"
    # 14 cells on either side of 企业, Chinese on both: a cell left over on each, the one on
    # the left before the ellipsis (without it the keyword was a column off).
    wide = kwic(_line("A" + ZH, "企业", "zh-CN"), 40)
    assert wide == "zh-CN " + " …资委加大中央" + "企业" + "重组和业务整…"


def test_a_keyword_cut_short_ends_the_line() -> None:
    from tui.commands.tm import kwic
    from tui.widgets.concordance import KwicLine
    from tui.widgets.concordance import kwic as ui_kwic

    # One cell was left after the cut keyword: the right side put a second ellipsis there.
    assert ui_kwic(KwicLine("压舱石作用the ", 0, 5), 12).plain == "    压舱石…"
    line = _line("压舱石作用the ", "压舱石作用", "zh-CN")
    assert kwic(line, 20) == "zh-CN " + " " * 4 + "压舱石…"


def test_a_long_partner_wraps_by_cells_and_ends_with_an_ellipsis() -> None:
    from rich.cells import cell_len

    from tui.commands.tm import wrap_display

    rows = wrap_display("一是\t加强" + ZH * 3, 21, max_lines=2)
    assert rows == ["一是 加强国务院国资委", "加大中央企业重组和业…"]
    assert [cell_len(row) for row in rows] == [21, 21]
    rows = wrap_display(EN, 24, max_lines=2)
    assert rows == ["The SASAC intensified", "its efforts in…"]  # a word too long: cut
    assert wrap_display("x" * 30, 10, max_lines=3) == ["xxxxxxxxx…"]


@pytest.mark.parametrize(("words", "lang"), [("国资委", "zh-CN"), ("SASAC", "en")])
def test_concordance_text_fits_the_terminal_keyword_in_one_column(
    seeded, capsys, monkeypatch, words: str, lang: str
) -> None:
    from rich.cells import cell_len

    from tui.widgets.cells import head

    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, "tm", "concordance", words, "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    keyword_lines = [line for line in lines if line.startswith(lang)]
    assert len(keyword_lines) >= 2
    column = 6 + (60 - 8 - cell_len(words)) // 2
    for line in keyword_lines:
        left = head(line, column)
        assert cell_len(left) == column and line[len(left) :].startswith(words), line
    for line in lines:  # the origins too: a long path is cut at its start
        assert line.isprintable() and cell_len(line) <= 58, line


# The progress line --------------------------------------------------------------------------


def _progress_line(monkeypatch, columns: str | None, label: str, total: int | None = 10) -> str:
    import io

    from tui.progress import Progress

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    stream = io.StringIO()
    with Progress(total, label, stream=stream, enabled=True) as progress:
        progress.update(3)
        drawn = stream.getvalue()
    assert drawn.startswith("\r") and drawn.endswith("\x1b[K")
    return drawn[1 : -len("\x1b[K")]


def test_the_progress_line_is_cut_to_the_terminal_by_cells(monkeypatch) -> None:
    from rich.cells import cell_len

    from tui.widgets.cells import ELLIPSIS

    label = "importing 文档/国务院国资委加大中央企业重组和业务整合工作力度.po"
    line = _progress_line(monkeypatch, "60", label)
    # The label is cut (after its last whole character), the bar and the counts stay.
    assert cell_len(line) <= 59
    assert line.startswith(f"importing 文档/国务院国资{ELLIPSIS} █████░░░")
    assert line.endswith("░ 3/10   0.0s")
    wide = _progress_line(monkeypatch, "160", label)
    assert wide.startswith(label + " ") and cell_len(wide) <= 159
    assert cell_len(_progress_line(monkeypatch, "20", label)) <= 19  # counts cut, if they must


def test_the_progress_line_shows_control_characters_as_spaces(monkeypatch) -> None:
    line = _progress_line(monkeypatch, None, "indexing\tzh-CN\r", total=None)  # not a terminal: 80
    assert line == "indexing zh-CN  3   0.0s"


def test_db_may_stand_after_the_command_too(tmp_path, capsys):
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    assert main(["--db", str(before), "tm", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["store"] == str(before)
    assert main(["tm", "stats", "--json", "--db", str(after)]) == 0
    assert json.loads(capsys.readouterr().out)["store"] == str(after)
    # Nested commands too; the one after the command wins when both are given.
    ignored, nested = tmp_path / "ignored.db", tmp_path / "nested.db"
    assert main(["--db", str(ignored), "glossary", "stats", "--json", "--db", str(nested)]) == 0
    assert nested.exists() and not ignored.exists()


@pytest.mark.parametrize(("src", "tgt", "source", "target"), [
    ("en", "zh-CN", "Press now", "\x1b[2J\x1b]0;owned\x07现在按"),
    ("zh-CN", "en", "现在按", "\x1b[2JPress\tnow"),
])  # fmt: skip
def test_lookup_text_never_sends_control_characters_to_the_terminal(
    tmp_path, capsys, src, tgt, source, target
):
    from tests.conftest import build_memory
    from tm.unit import TranslationUnit, Variant

    db = build_memory(
        tmp_path / "m.db", [TranslationUnit(variants=[Variant(src, source), Variant(tgt, target)])]
    )
    assert main(["--db", str(db), "tm", "lookup", source, "--src", src, "--tgt", tgt]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\t") and "现在按" in out
    assert (
        main(["--db", str(db), "tm", "lookup", source, "--src", src, "--tgt", tgt, "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["matches"][0]["target"] == target  # JSON keeps them
