"""Every pane of the review screens cuts text by terminal cells, as the findings table does:
Chinese characters (two cells) are kept whole with the ellipsis right after the last one
that fits, and control characters are shown as spaces (the term table, the detail's
proposals, the concordance and the memory matches)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from glossary.model import Concept, Context, LangSection, Term
from glossary.store import GlossaryStore
from tests.test_review_app import (  # noqa: F401 (fixtures)
    _seeded_template,
    make_app,
    review_db,
    run,
    seed_lines,
    settle,
)
from tm.search import Match
from tui.widgets.cells import ELLIPSIS
from tui.widgets.concordance import ConcordanceView, KwicLine, kwic
from tui.widgets.matches import MatchesView
from tui.widgets.one_line import fit_right, one_line, truncate_text

# A wide character, then spaces, then the ellipsis: what set_cell_size + "…" drew.
GAP = re.compile(r"[\u2e80-\u9fff\uff00-\uffef] +…")
WIDE = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")

EQUITY_EN = "supervision of state-owned equity in listed companies"
EQUITY_ZH = "上市公司国有股权监督管理办法"  # 28 cells
EQUITY_ZH_A = "A股上市公司国有股权监督管理办法"  # 31 cells: one more to cut at the other parity
TAB_EN = "new energy\tvehicles"
TAB_ZH = "新能源\t汽车"


# --- the helpers -----------------------------------------------------------------------------


def test_control_characters_are_shown_as_spaces_one_for_one() -> None:
    assert one_line("1\tFebruary\r\n2024\x1b[31m\x85") == "1 February  2024 [31m "
    assert one_line("国资委") == "国资委"
    text = "a\tb"
    assert len(one_line(text)) == len(text)  # offsets into the text still hold


def test_fit_right_cuts_at_the_end_and_pads_before() -> None:
    assert fit_right("12.50", 7) == "  12.50"
    assert fit_right("国资委", 6) == "国资委"
    assert fit_right("国资委办公厅", 6) == " 国资…"  # no half of 委 before the ellipsis
    assert fit_right("国资委", 0) == ""


def test_a_styled_line_is_cut_between_whole_characters() -> None:
    line = Text("▸ ", no_wrap=True)
    line.append(EQUITY_ZH, style="bold")
    line.append("  0.90", style="cyan")
    cut = truncate_text(line, 14)
    assert cut.plain == "▸ 上市公司国…"  # 13 cells: 有 and the ellipsis would take 15
    assert cell_len(cut.plain) == 13
    assert cut.spans[0].start == 2 and cut.spans[0].style == "bold"
    assert cut.no_wrap
    assert truncate_text(line, 100) is line
    assert truncate_text(line, 0).plain == ""


# KWIC lines as the memory has them: ASCII words, Chinese, full-width punctuation, tabs.
SEGMENT = st.lists(
    st.one_of(
        st.sampled_from(["the ", "SASAC ", "2024 ", "\t", "\n"]),
        st.sampled_from("发挥经济稳定器作用国资委，。“”"),
    ),
    max_size=40,
).map("".join)


@given(SEGMENT, SEGMENT, st.sampled_from(["国资委", "SASAC", "压舱石作用"]), st.integers(12, 80))
def test_kwic_keeps_the_keyword_at_the_middle_and_cuts_whole_characters(
    before: str, after: str, key: str, width: int
) -> None:
    line = KwicLine(before + key + after, len(before), len(before) + len(key))
    text = kwic(line, width)
    shown = text.plain
    assert cell_len(shown) <= width
    # The keyword (the styled span) at the same column on every line.
    start = text.spans[0].start
    assert cell_len(shown[:start]) == max(4, (width - cell_len(key)) // 2)
    # What is shown is a piece of the line (control characters as spaces) between the
    # ellipses: no space put in for half a character.
    inner = shown.lstrip(" ").removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    assert inner in one_line(line.text)
    if shown.endswith(ELLIPSIS):  # cut on the right: no more than one cell left over
        assert cell_len(shown) >= width - 1


# --- in the app ------------------------------------------------------------------------------


def add_wide_concepts(db: Path) -> None:
    """A concept with long Chinese proposals and one whose terms have tabs in them."""
    en_line, zh_line = seed_lines()[16]
    origin = "seed.tsv:17"
    example = {"source": en_line, "target": zh_line, "origin": origin}
    concepts = [
        Concept(
            id="w1",
            languages=[
                LangSection(
                    "en",
                    [
                        Term(
                            EQUITY_EN,
                            state="candidate",
                            contexts=[Context(en_line, origin)],
                            provenance={"score": 99.0, "frequency": 2},
                        )
                    ],
                ),
                LangSection(
                    "zh-CN",
                    [
                        Term(zh, state="candidate", provenance={"score": s, "count": 1})
                        for zh, s in ((EQUITY_ZH, 0.9), (EQUITY_ZH_A, 0.5))
                    ],
                ),
            ],
        ),
        Concept(
            id="w2",
            languages=[
                LangSection(
                    "en",
                    [Term(TAB_EN, state="candidate", provenance={"score": 98.0, "frequency": 1})],
                ),
                LangSection(
                    "zh-CN",
                    [
                        Term(
                            TAB_ZH,
                            state="candidate",
                            provenance={"score": 0.8, "count": 1, "examples": [example]},
                        )
                    ],
                ),
            ],
        ),
    ]
    with GlossaryStore.open(db) as store:
        store.import_concepts(concepts, "test", source="test")


@pytest.fixture
def wide_db(review_db: Path) -> Path:  # noqa: F811
    add_wide_concepts(review_db)
    return review_db


def drawn(widget, lines: int | None = None) -> list[str]:
    """The text of a scroll view's lines as drawn (trailing padding removed)."""
    count = lines if lines is not None else widget.virtual_size.height
    return [widget.render_line(y).text.rstrip() for y in range(count)]


def assert_cut_whole(lines: list[str], width: int) -> None:
    for line in lines:
        assert cell_len(line) <= width, line
        assert not GAP.search(line), line
        assert "\t" not in line


# Each row as the table draws it, at 80 and at 120 columns, in both directions. The Source
# and Target columns are 14 and 13 cells wide at 80 (16 and 14 at 120): in an even column
# a Chinese term leaves a cell over, after the ellipsis. Tabs are spaces.
TABLE_ROWS = {
    ((80, 24), "en"): [
        "● supervision o… 上市公司国有… 99.00     2",
        "● new energy ve… 新能源 汽车   98.00     1",
    ],
    ((80, 24), "zh-CN"): [
        "● 上市公司国有…  supervision … 99.00     2",
        "● 新能源 汽车    new energy v… 98.00     1",
    ],
    ((120, 35), "en"): [
        "● supervision of … 上市公司国有…  99.00     2 candidate",
        "● new energy vehi… 新能源 汽车    98.00     1 candidate",
    ],
    ((120, 35), "zh-CN"): [
        "● 上市公司国有股…  supervision o… 99.00     2 candidate",
        "● 新能源 汽车      new energy ve… 98.00     1 candidate",
    ],
}


@pytest.mark.parametrize(("size", "src"), list(TABLE_ROWS))
def test_the_term_table_cuts_chinese_terms_at_whole_characters(
    wide_db: Path, size: tuple[int, int], src: str
) -> None:
    tgt = "en" if src == "zh-CN" else "zh-CN"

    async def go():
        app = make_app(wide_db, src=src, tgt=tgt)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.screen.table
            assert [r.concept_id for r in table.rows[:2]] == ["w1", "w2"]  # the top scores
            rows = [table.render_line(y).text for y in (1, 2)]
            assert [row.rstrip() for row in rows] == TABLE_ROWS[size, src]
            # Every row exactly as wide as the table: a tab would have taken no cell.
            assert {cell_len(row) for row in rows} == {table.view.width}

    run(go())


def test_the_help_of_an_empty_termbase_is_drawn_line_by_line(tmp_path: Path) -> None:
    # A line break drawn inside a row moved the terminal's cursor: only the first line
    # showed, and at 120 columns the second spilled onto the row below.
    async def go():
        app = make_app(tmp_path / "empty.db")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = app.screen.table
            lines = [table.render_line(y).text for y in range(2, 8)]
            assert [line.rstrip() for line in lines] == [
                "  The termbase is empty. Fill it with one …",
                "      concord extract CORPUS.tsv --src en …",
                "      concord glossary import terms.tbx   …",
                "      concord review terms.tbx            …",
                "    or press ctrl+p and choose Import.",
                "",
            ]
            assert {cell_len(line) for line in lines} == {table.view.width}

    run(go())


def test_the_detail_cuts_a_long_proposal_after_its_last_whole_character(wide_db: Path) -> None:
    async def go():
        app = make_app(wide_db)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            detail = app.screen.detail
            width = detail.scrollable_content_region.width
            assert width == 31
            lines = drawn(detail)
            first = lines.index("Proposals (zh-CN)") + 1
            # The term column leaves room for the score, count and state: each proposal is
            # cut after its last whole character (the second a cell short, 公 needing two).
            assert lines[first : first + 2] == [
                "▸ 上市公司… 0.90 ×1   candidate",
                "  A股上市…  0.50 ×1   candidate",
            ]
            assert "上市公司国有股权监督管理办法" in lines  # the highlighted one, whole
            assert_cut_whole(lines, width)
            # A tab in a proposal is a space: the columns after it line up.
            await pilot.press("down")
            await settle(pilot)
            lines = drawn(detail)
            assert any(line.startswith("▸ 新能源 …  0.80 ×1 ") for line in lines)
            assert "▸ In full: 新能源 汽车" in lines

    run(go())


ZH = "国务院国资委加大中央企业重组和业务整合工作力度，在四个方面取得了积极成效"
# The same after the keyword, 9 cells longer: one of the two has a Chinese character
# across the edge of the pane, whatever its width.
ZH_ODD = ZH.replace("国资委", "国资委（SASAC）")
EN = "The SASAC intensified its efforts in restructuring the central SOEs."


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_concordance_cuts_whole_characters_around_the_keyword(
    review_db: Path,  # noqa: F811
    size: tuple[int, int],
) -> None:
    key = ZH.index("国资委")
    lines = [
        KwicLine(ZH + ZH, key, key + 3, EN),
        KwicLine(ZH_ODD + ZH, key, key + 3, "\t" + ZH + ZH),
        KwicLine("一是\t加强统筹谋划\n提升重组整合成效", 2, 7, None, kind="corpus"),
        KwicLine(ZH + ZH + ZH, 0, 3 * len(ZH), None),  # a keyword wider than the pane
    ]

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            view = app.screen.query_one(ConcordanceView)
            view.show(lines)
            await pilot.pause()
            width = view.scrollable_content_region.width
            shown = drawn(view)
            assert_cut_whole(shown, width)
            first, odd, corpus, long_key = (s for s in shown if s.startswith(("TM", "src")))
            # The keyword at the same column on each line.
            assert cell_len(first[: first.index("国资委")]) == cell_len(odd[: odd.index("国资委")])
            # Cut on the right, the ellipsis right after the last whole character: one
            # of the two lines has a cell left over.
            for line in (first, odd, long_key):
                assert line.endswith(ELLIPSIS) and WIDE.match(line[-2])
            assert {cell_len(first), cell_len(odd)} == {width - 1, width}
            # Control characters as spaces.
            assert corpus.endswith("一是 加强统筹谋划 提升重组整合成效")
            assert any(s.startswith("     国务院国资委加大") for s in shown)  # the partner's tab

    run(go())


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_memory_matches_cut_whole_characters(
    review_db: Path,  # noqa: F811
    size: tuple[int, int],
) -> None:
    matches = [
        Match(92.5, ZH + ZH, EN, None, 1),
        Match(81.0, "A" + ZH + ZH, EN + "\t" + EN, None, 2),
    ]

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("c")  # the memory matches tab
            await settle(pilot)
            view = app.screen.query_one(MatchesView)
            view.show(matches)
            await pilot.pause()
            width = view.scrollable_content_region.width
            shown = drawn(view)
            assert_cut_whole(shown, width)
            sources = [shown[0], shown[2]]
            assert sources[0].startswith(" 92.5 国务院") and sources[1].startswith(" 81.0 A国务院")
            for line in sources:
                assert line.endswith(ELLIPSIS) and WIDE.match(line[-2])
            assert {cell_len(line) for line in sources} == {width - 1, width}
            assert "central SOEs. T" in shown[3]  # the tab between the two as a space

    run(go())
