"""The findings table's columns: cut by terminal cells (Chinese characters take two), and
a File column that tells the files apart (aligned pairs, folders, PO, TMX, XLIFF, XLZ)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from glossary.checks.model import Finding
from tests.test_review_app import (  # noqa: F401 (fixtures)
    _seeded_template,
    make_app,
    review_db,
    run,
    settle,
)
from tui.widgets.cells import ELLIPSIS, fit, fit_start, truncate, truncate_start
from tui.widgets.file_labels import FileLabel, aligned_stem, file_labels, fit_file
from tui.widgets.finding_table import excerpt

# --- cutting by cells -------------------------------------------------------------------------

# Text as findings have it: ASCII, Chinese, full-width forms, accents (combining marks),
# emoji with joiners and variation selectors, zero-width characters.
TEXT = st.lists(
    st.one_of(
        st.characters(codec="ascii", categories=["L", "N", "P", "Zs"]),
        st.sampled_from("发挥经济稳定器作用国资委ＳＡＳＡＣ２０２４，。“”"),
        st.sampled_from(["e\u0301", "\u200b", "\u200d", "\ufe0f", "👨\u200d👩", "☺\ufe0f", "ü"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)


# A zero-width joiner at either end of a text joins nothing: the helpers drop it there.
JOINER = "\u200d"


@given(TEXT, st.integers(0, 50))
def test_truncate_keeps_a_start_and_the_ellipsis_within_the_width(text: str, width: int) -> None:
    cut = truncate(text, width)
    text = text.strip(JOINER)
    assert cell_len(cut) <= width
    if cut != text and width > 0:  # (at no width, nothing)
        assert cut.endswith(ELLIPSIS) and text.startswith(cut[:-1])
        # No gap before the ellipsis: at most one cell left, where a wide character
        # did not fit.
        assert cell_len(cut) >= width - 1


@given(TEXT, st.integers(0, 50))
def test_truncate_start_keeps_an_end_and_the_ellipsis_within_the_width(
    text: str, width: int
) -> None:
    cut = truncate_start(text, width)
    text = text.strip(JOINER)
    assert cell_len(cut) <= width
    if cut != text and width > 0:
        assert cut.startswith(ELLIPSIS) and text.endswith(cut[1:])
        assert cell_len(cut) >= width - 1


@given(TEXT, st.integers(0, 50))
def test_fit_fills_the_width_exactly(text: str, width: int) -> None:
    for fitted, cut in (
        (fit(text, width), truncate(text, width)),
        (fit_start(text, width), truncate_start(text, width)),
    ):
        assert cell_len(fitted) == width
        assert fitted == cut + " " * (width - cell_len(cut))  # the padding after the cut


def test_the_ellipsis_follows_the_last_chinese_character_that_fits() -> None:
    # 5 cells: two characters and the ellipsis; the third would need 2 more.
    assert truncate("发挥经济稳定器", 5) == "发挥…"
    assert fit("发挥经济稳定器", 6) == "发挥…" + " "
    assert fit("ab发挥经济", 7) == "ab发挥…"
    assert fit("国资委", 6) == "国资委"
    assert fit("国资委", 1) == ELLIPSIS
    assert fit("国资委", 0) == ""
    assert fit_start("发挥经济稳定器作用", 6) == "…" + "作用" + " "


def test_an_excerpt_of_chinese_text_leaves_no_gap() -> None:
    f = Finding(
        "term-variance",
        "",
        "serve as the ballast of the economy",
        "发挥经济稳定器作用",
        term="ballast",
    )
    text = excerpt(f, 46)
    assert fit(text, 46) == "serve as the ballast of the economy → 发挥经… "
    # Cut before the term: the ellipsis is right before the text kept.
    target = "推动中央企业高质量发展，发挥国家队作用"
    g = Finding("missing-term", "", "", target, term="国家队", where="target", span=(14, 17))
    assert excerpt(g, 19) == "…挥国家队作用"  # 3 cells before the term: 挥 and no half of 发
    # Tabs and line breaks as spaces: each character as wide as it is measured.
    h = Finding("numbers", "", "1\tFebruary\r\n2024", "2024年\t2月")
    assert excerpt(h, 40) == "1 February  2024 → 2024年 2月"


# --- the File column --------------------------------------------------------------------------

PAIR = "sasac-soe-press-conference-2024.en.txt+sasac-soe-press-conference-2024.zh-CN.txt"


def labels(*files: str) -> list[str]:
    return [str(label) for label in file_labels(files).values()]


def test_an_aligned_pair_is_its_source_stem() -> None:
    # As `concord align` names the origin: the two files' names joined by "+".
    assert aligned_stem(PAIR) == "sasac-soe-press-conference-2024"
    assert aligned_stem("/data/run/" + PAIR) == "/data/run/sasac-soe-press-conference-2024"
    assert aligned_stem("report-en.txt+report-zh-CN.txt") == "report"
    assert aligned_stem("report_zh_Hant.md+report_en.md") == "report"
    # Names that differ in more than a language keep their stem whole.
    assert aligned_stem("chapter-01.txt+chapter-02.txt") == "chapter-01"
    assert aligned_stem("speech.txt+rede.txt") == "speech"
    # No pair: a "+" in a name, or two files of different kinds.
    assert aligned_stem("c++.po") is None
    assert aligned_stem("notes+2024.po") is None
    assert aligned_stem("v1.2+build.po") is None
    assert aligned_stem("memory.tsv") is None
    assert file_labels(["/data/run/" + PAIR]) == {
        "/data/run/" + PAIR: FileLabel("", "sasac-soe-press-conference-2024")
    }


def test_files_are_named_by_what_tells_them_apart() -> None:
    briefing = "sasac-soe-briefing-2023.en.txt+sasac-soe-briefing-2023.zh-CN.txt"
    assert file_labels(["/data/" + PAIR, "/data/" + briefing]) == {
        "/data/" + PAIR: FileLabel("sasac-soe-", "press-conference-2024"),
        "/data/" + briefing: FileLabel("sasac-soe-", "briefing-2023"),
    }
    # PO files in locale folders: the folder that differs, the common end apart.
    assert file_labels(["/srv/po/de/LC_MESSAGES/django.po", "/srv/po/fr/LC_MESSAGES/django.po"])[
        "/srv/po/de/LC_MESSAGES/django.po"
    ] == FileLabel("", "de/", "LC_MESSAGES/django.po")
    # Only as much of the path as needed.
    assert labels("3.13/library/os.po", "3.13/library/sys.po", "3.13/c-api/sys.po") == [
        "os.po",
        "library/sys.po",
        "c-api/sys.po",
    ]
    assert labels("/home/ann/tm/memory.tmx", "/home/ann/tm/legacy.tmx") == [
        "memory.tmx",
        "legacy.tmx",
    ]
    assert labels("C:\\tm\\a.xlf", "C:\\tm\\b.xlf") == ["a.xlf", "b.xlf"]
    # XLZ members as folders of their archive.
    assert labels("out/pack.xlz!a.xlf", "out/pack.xlz!b.xlf") == ["a.xlf", "b.xlf"]
    assert labels("a.xlz!doc.xlf", "b.xlz!doc.xlf") == ["a.xlz!doc.xlf", "b.xlz!doc.xlf"]
    # Two pairs of one source: their stems would be one label, so the whole names.
    assert labels("x.en.txt+x.zh.txt", "x.en.txt+x.ja.txt") == [
        "x.en.txt+x.zh.txt",
        "x.en.txt+x.ja.txt",
    ]
    assert file_labels([]) == {}


PATHS = st.lists(
    st.text(st.sampled_from("ab/\\!.-+"), min_size=1, max_size=12), min_size=1, max_size=6
)


@given(PATHS)
def test_labels_are_all_different(files: list[str]) -> None:
    found = file_labels(files)
    assert found.keys() == set(files)
    assert len({str(label) for label in found.values()}) == len(found)
    for f, label in found.items():
        assert label.core  # something is left when the shared parts are dropped
        if "+" not in f:
            assert f.endswith(str(label))


@pytest.mark.parametrize(
    ("label", "width", "shown"),
    [
        (
            FileLabel("sasac-soe-", "press-conference-2024"),
            40,
            "sasac-soe-press-conference-2024:28",
        ),
        (FileLabel("sasac-soe-", "press-conference-2024"), 25, "…press-conference-2024:28"),
        (FileLabel("sasac-soe-", "press-conference-2024"), 24, "…press-conference-20…:28"),
        (FileLabel("sasac-soe-", "press-conference-2024"), 14, "…press-con…:28"),
        (FileLabel("", "de/", "LC_MESSAGES/django.po"), 30, "de/LC_MESSAGES/django.po:28"),
        (FileLabel("", "de/", "LC_MESSAGES/django.po"), 14, "de/…:28"),
        (FileLabel("", "数据/报告.po"), 10, "数据/…:28"),  # wide characters, no gap
        (FileLabel("", "memory.tsv"), 4, "…:28"),  # no room for the file: the position
    ],
)
def test_fit_file_drops_the_shared_parts_then_cuts(
    label: FileLabel, width: int, shown: str
) -> None:
    fitted = fit_file(label, ":28", width)
    assert cell_len(fitted) == width
    assert fitted.rstrip() == shown


def test_fit_file_cuts_a_file_alike_whatever_its_line() -> None:
    label = FileLabel("", "sasac-soe-press-conference-2024")
    assert fit_file(label, ":9", 14, 3) == "sasac-soe-…:9 "
    assert fit_file(label, ":10", 14, 3) == "sasac-soe-…:10"


# --- in the app -------------------------------------------------------------------------------

BRIEFING = "sasac-soe-briefing-2023.en.txt+sasac-soe-briefing-2023.zh-CN.txt"


def two_pair_report(tmp_path: Path) -> Path:
    """A saved report of findings in the memory aligned from two pairs of texts."""

    def finding(origin: str, line: int, source: str, target: str) -> dict:
        return {
            "check": "missing-term",
            "severity": "warning",
            "file": f"/data/aligned/{origin}",
            "line": line,
            "term": "SASAC",
            "expected": ["国务院国资委"],
            "source": source,
            "target": target,
            "message": "'SASAC' is not rendered as '国务院国资委'",
        }

    findings = [
        # Cut in the Chinese target with one cell left over, at 80 and at 120 columns.
        finding(
            PAIR,
            10,
            "The SASAC intensified its effort.",
            "国资委加大中央企业重组和业务整合工作力度",
        ),
        finding(PAIR, 25, "Next, the SASAC will advance the work.", "下一步，国资委将推进重组整合"),
        finding(
            BRIEFING,
            10,
            "The SASAC intensified its effort.",
            "国资委加大了中央企业重组整合力度和业务",
        ),
    ]
    path = tmp_path / "aligned.json"
    path.write_text(json.dumps({"findings": findings}, ensure_ascii=False), "utf-8")
    return path


def table_rows(table) -> list[str]:
    """The text of the table's finding rows as drawn (without the header and headings)."""
    rows = [table.render_line(y).text for y in range(1, len(table.lines) + 1)]
    return [row for row, line in zip(rows, table.lines, strict=True) if isinstance(line, Finding)]


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_file_column_tells_two_aligned_files_apart(
    review_db: Path,  # noqa: F811
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    async def go():
        app = make_app(review_db, findings=two_pair_report(tmp_path))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.screen.table
            where = {
                (f.file.rsplit("/", 1)[-1], f.line): row.rstrip().rsplit(" ", 1)[-1]
                for f, row in zip(table.lines[1:], table_rows(table), strict=True)
            }
            press, briefing = where[PAIR, 10], where[BRIEFING, 10]
            assert press.endswith(":10") and briefing.endswith(":10")
            assert press.startswith("…press-con") and briefing.startswith("…briefing-")
            # One file looks the same on each of its rows.
            assert where[PAIR, 25].removesuffix(":25") == press.removesuffix(":10")
            # The ellipsis right after the last Chinese character that fits.
            rows = table_rows(table)
            assert re.search(r"→ 国资委加\w*…", rows[0])
            assert not any(re.search(r"[\u3000-\u9fff\uff00-\uffef] …", row) for row in rows)
            # A filter leaves the labels as they were.
            app.screen.filter_field.value = "briefing"
            await settle(pilot)
            assert [row.rstrip().rsplit(" ", 1)[-1] for row in table_rows(table)] == [briefing]
            # The detail keeps the whole origin.
            assert BRIEFING in str(app.screen.query_one("#finding-detail").content(200))

    run(go())
