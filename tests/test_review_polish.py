"""The review UI at 80 and 120 columns: a long proposal leaves the detail's score and state
on the line, and the memory panes show every file a match came from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from glossary.model import Concept, Context, LangSection, Term
from glossary.store import GlossaryStore
from tests.test_review_app import (  # noqa: F401 (fixtures)
    _seeded_template,
    make_app,
    review_db,
    run,
    settle,
)
from tests.test_review_cells_everywhere import assert_cut_whole, drawn
from tm.search import ConcordanceLine, Match, Memory
from tui.cli import main
from tui.widgets.cells import ELLIPSIS
from tui.widgets.concordance import ConcordanceView
from tui.widgets.matches import MatchesView, origin_labels, origins_text

SIZES = [(80, 24), (120, 35)]

# --- the detail: the term column capped ------------------------------------------------------

LONG_ZH = "国有经济布局优化和结构调整"  # 26 cells
LONG_EN = "layout optimization and structural adjustment of the state-owned economy"
# (source language, its term, target language, proposals: text, score, count)
DIRECTIONS = {
    "en-zh": (
        "en",
        "optimizing the state-owned economy",
        "zh-CN",
        [(LONG_ZH, 0.82, 3), ("国有经济布局优化", 0.41, 1), ("结构调整", 0.2, 12)],
    ),
    "zh-en": (
        "zh-CN",
        LONG_ZH,
        "en",
        [(LONG_EN, 0.82, 3), ("state-owned economy layout", 0.41, 1), ("reform", 0.2, 12)],
    ),
}


def long_proposals_db(tmp_path: Path, direction: str) -> tuple[Path, list[str]]:
    src, term, tgt, proposals = DIRECTIONS[direction]
    concept = Concept(
        id="long",
        languages=[
            LangSection(src, [Term(term, state="candidate", provenance={"score": 0.9})]),
            LangSection(
                tgt,
                [
                    Term(text, state="candidate", provenance={"score": score, "count": count})
                    for text, score, count in proposals
                ],
            ),
        ],
    )
    db = tmp_path / "long.db"
    with GlossaryStore.open(db) as store:
        store.import_concepts([concept], "test", source="test")
    return db, [text for text, _, _ in proposals]


SCORE = re.compile(r" (0\.\d\d) ×(\d+) +candidate$")
# Whether the longest proposal is cut: at 80 columns the term column is 10 cells wide.
CUT = {(80, "en-zh"): True, (80, "zh-en"): True, (120, "en-zh"): False, (120, "zh-en"): True}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("direction", sorted(DIRECTIONS))
def test_a_long_proposal_leaves_the_score_and_state_on_every_line(
    tmp_path: Path, direction: str, size: tuple[int, int]
) -> None:
    db, texts = long_proposals_db(tmp_path, direction)
    src, _, tgt, proposals = DIRECTIONS[direction]

    async def go():
        app = make_app(db, src=src, tgt=tgt)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            detail = app.screen.detail
            width = detail.scrollable_content_region.width
            lines = drawn(detail)
            first = lines.index(f"Proposals ({tgt})") + 1
            shown = lines[first : first + 3]
            assert_cut_whole(lines, width)
            # Every proposal with its score, count and state, in one column.
            found = [SCORE.search(line) for line in shown]
            assert [(float(m[1]), int(m[2])) for m in found] == [(s, c) for _, s, c in proposals]
            pairs = list(zip(shown, found, strict=True))
            assert len({cell_len(line[: m.start()]) for line, m in pairs}) == 1
            terms = [line[2 : m.start()].rstrip() for line, m in pairs]
            assert terms[2] == texts[2]  # a short one whole
            if CUT[size[0], direction]:
                # Cut after its last whole character, and whole below the proposals.
                assert terms[0].endswith(ELLIPSIS) and texts[0].startswith(terms[0][:-1])
                assert f"▸ In full: {texts[0]}" in " ".join(lines)  # (wrapped at a space)
            else:
                assert terms[0] == texts[0] and not any("In full" in x for x in lines)
            if size == (80, 24):  # the second cut too: alike, but the one `a` takes is whole
                assert terms[1].endswith(ELLIPSIS) and texts[1].startswith(terms[1][:-1])
            # Down: the second highlighted, and shown whole when it is cut.
            await pilot.press("tab", "down")
            await settle(pilot)
            lines = drawn(detail)
            assert lines[first + 1].startswith("▸ ")
            text = " ".join(lines)
            assert (f"▸ In full: {texts[1]}" in text) == terms[1].endswith(ELLIPSIS)
            assert ("In full" in text) == terms[1].endswith(ELLIPSIS)

    run(go())


# --- the memory panes: every origin of a match -----------------------------------------------

SHARED = ("The import system:", "导入系统：")  # in docs/a.po (line 5) and docs/b.po (line 8)
OTHER = ("Pending removal in Python 3.15", "Python 3.15 中的待移除功能")
ORIGINS = "a.po:5, b.po:8"  # docs/a.po and docs/b.po by their names (no other a.po, b.po)


def _po(path: Path, entries: list[tuple[str, str]]) -> None:
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in entries)
    path.write_text(f'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\n{body}', encoding="utf-8")


@pytest.fixture
def two_po_db(tmp_path: Path) -> Path:
    """A memory where one pair came from two PO files, and a term found in it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    _po(folder / "a.po", [SHARED])
    _po(folder / "b.po", [OTHER, SHARED])
    db = tmp_path / "review.db"
    assert main(["--db", str(db), "tm", "import", str(folder)]) == 0
    term = Term(
        "import system",
        state="candidate",
        contexts=[Context(SHARED[0], "docs/a.po:5")],
        provenance={"score": 0.9},
    )
    concept = Concept(
        id="c1",
        languages=[
            LangSection("en", [term]),
            LangSection("zh-CN", [Term("导入系统", state="candidate", provenance={"score": 0.8})]),
        ],
    )
    with GlossaryStore.open(db) as store:
        store.import_concepts([concept], "test", source="test")
    return db


@pytest.fixture
def attach_calls(monkeypatch: pytest.MonkeyPatch) -> list[list]:
    """The items of every ``Memory.attach_origins`` call, and every search's lookup."""
    calls: list[list] = []
    attach, lookup = Memory.attach_origins, Memory.lookup

    def attach_origins(self, items):
        calls.append(list(items))
        return attach(self, items)

    def counted_lookup(self, *args, **kw):
        calls.append(["lookup"])
        return lookup(self, *args, **kw)

    monkeypatch.setattr(Memory, "attach_origins", attach_origins)
    monkeypatch.setattr(Memory, "lookup", counted_lookup)
    return calls


def assert_one_attach_per_search(calls: list[list]) -> None:
    """One attach_origins per search (one lookup) at most, for all it found at once: the
    matches and the concordance lines together (a search replaced by the next one may
    stop before it)."""
    searches = calls.count(["lookup"])
    attached = [items for items in calls if items != ["lookup"]]
    assert 1 <= len(attached) <= searches
    for items in attached:
        assert {type(item) for item in items} == {Match, ConcordanceLine}


def assert_origins_shown(lines: list[str], width: int) -> None:
    """Every origin, dimmed text on the translation's line (right-aligned) or on its own."""
    assert_cut_whole(lines, width)
    with_origins = [line for line in lines if line.endswith(ORIGINS)]
    assert with_origins
    for line in with_origins:
        assert line.strip() == ORIGINS or cell_len(line) == width  # own line, or at the edge


@pytest.mark.parametrize("size", SIZES)
def test_the_terms_screen_shows_every_origin_of_a_match(
    two_po_db: Path, attach_calls: list[list], size: tuple[int, int]
) -> None:
    async def go():
        app = make_app(two_po_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            concordance = app.screen.query_one(ConcordanceView)
            lines = drawn(concordance)
            assert any(line.startswith("TM ") and "import system" in line for line in lines)
            assert_origins_shown(lines, concordance.scrollable_content_region.width)
            # The Memory matches tab: score, source, then target and origins.
            await pilot.press("c")
            await settle(pilot)
            matches = app.screen.query_one(MatchesView)
            lines = drawn(matches)
            assert lines[0] == "100.0 The import system:"
            assert lines[1].startswith("      导入系统：")
            assert_origins_shown(lines, matches.scrollable_content_region.width)
            strips = matches._lines()
            (segment,) = [seg for strip in strips for seg in strip if ORIGINS in seg.text]
            assert segment.style.dim and segment.style.italic  # the origins dimmed
        assert_one_attach_per_search(attach_calls)

    run(go())


@pytest.mark.parametrize("size", SIZES)
def test_the_memory_screen_shows_every_origin_of_a_match(
    two_po_db: Path, attach_calls: list[list], size: tuple[int, int]
) -> None:
    async def go():
        app = make_app(two_po_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            attach_calls.clear()
            await pilot.press("m")  # the memory screen, searching the row's term
            await settle(pilot)
            screen = app.screen
            for view in (screen.query_one(MatchesView), screen.query_one(ConcordanceView)):
                assert_origins_shown(drawn(view), view.scrollable_content_region.width)
            # The other pair came from b.po only: its one origin, on the target's line.
            screen.query_one("#memory-query", Input).value = OTHER[0]
            await settle(pilot)
            lines = drawn(screen.query_one(MatchesView))
            assert lines[1].startswith(f"      {OTHER[1]}") and lines[1].endswith("  b.po:5")
        assert_one_attach_per_search(attach_calls)
        assert [c for c in attach_calls if c != ["lookup"]][-1][0].target == OTHER[1]

    run(go())


@pytest.mark.parametrize("width", [80, 120])
def test_many_origins_fit_the_line_with_a_count(review_db: Path, width: int) -> None:  # noqa: F811
    files = [f"/work/po/3.13/library/module{n:02}.po:{n + 5}" for n in range(12)]
    match = Match(100.0, "Parameters", "参数", files[0], 1, origins=files)

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            view = app.screen.query_one(MatchesView)
            view.show([match])
            await pilot.pause()
            pane = view.scrollable_content_region.width
            lines = drawn(view)
            assert_cut_whole(lines, pane)
            # As many as fit and a count: after the target (at the right edge) when as many
            # fit there as on a line of their own (120 columns), else below it (80).
            (where,) = [line for line in lines if "module00.po:5, module01.po:6, " in line]
            assert re.search(r"\(\+\d+ more\)$", where)
            if width == 80:
                assert lines[1:3] == ["      参数", where] and where.startswith("      module00")
            else:
                assert where.startswith("      参数  ") and cell_len(where) == pane
            assert "/work/po" not in where  # the files by their names: they all differ

    run(go())


# --- the helpers ------------------------------------------------------------------------------


def test_origins_are_named_by_the_shortest_path_end_that_tells_them_apart() -> None:
    labels = origin_labels(
        [
            "/work/3.13/library/functions.po:12",
            "/work/3.13/c-api/functions.po:3",
            "/work/3.13/whatsnew/3.13.po:5494",
            "memory.tmx#tu-17",
            "report.en.txt+report.zh-CN.txt:9",
            "tu-4",
        ]
    )
    assert list(labels.values()) == [
        "library/functions.po:12",
        "c-api/functions.po:3",
        "3.13.po:5494",
        "memory.tmx#tu-17",
        "report:9",  # an aligned pair by its source's stem
        "tu-4",
    ]
    assert origin_labels(["/srv/po/a\tb.po:3"]) == {"/srv/po/a\tb.po:3": "a b.po:3"}


def test_origins_text_keeps_to_its_width() -> None:
    origins = ["functions.po:12", "stdtypes.po:40", "3.13.po:5494"]
    assert origins_text(origins, 60) == "functions.po:12, stdtypes.po:40, 3.13.po:5494"
    assert origins_text(origins, 41) == "functions.po:12, stdtypes.po:40 (+1 more)"
    assert origins_text(origins, 40) == "functions.po:12 (+2 more)"
    assert origins_text(origins, 20) == "…ons.po:12 (+2 more)"  # the first cut at its start
    assert origins_text(["国务院国资委文件.po:3"], 10) == "…文件.po:3"  # whole characters
    assert cell_len(origins_text(origins, 6)) <= 6


def test_found_in_names_aligned_memory_by_its_stem():
    from tui.widgets.detail import found_in

    places = [
        "/seeds/report-2024.en.txt+report-2024.zh-CN.txt:1",
        "/seeds/report-2024.en.txt+report-2024.zh-CN.txt:4",
        "docs/a.tsv:2",
    ]
    assert found_in(places) == "report-2024:1, 4; a.tsv:2"
