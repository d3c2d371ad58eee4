"""Pilot tests of ``concord review``: every decision reaches the store, undo and redo
go through the termbase history, the filter and the keys behave."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from glossary.model import Concept, Context, LangSection, Term
from glossary.store import GlossaryStore
from tests.conftest import SEED_TSV

SEED_ORIGIN = SEED_TSV.name

# (en, score, frequency, seed line, [(zh proposal, score, count), ...])
SEED_CANDIDATES = [
    ("national team", 0.93, 1, 12, [("国家队", 0.91, 1), ("国家团队", 0.34, 1)]),
    ("ballast", 0.88, 1, 30, [("压舱石", 0.86, 1), ("稳定器", 0.22, 1)]),
    ("backbone", 0.81, 1, 30, [("顶梁柱", 0.79, 1), ("骨干", 0.41, 1)]),
    ("professional integration", 0.77, 3, 4, [("专业化整合", 0.95, 3)]),
    ("central SOEs", 0.72, 10, 4, [("中央企业", 0.97, 9), ("央企", 0.55, 1)]),
]


def seed_lines() -> list[tuple[str, str]]:
    return [tuple(line.rstrip("\n").split("\t")[:2]) for line in SEED_TSV.open(encoding="utf-8")]


def candidate_concepts() -> list[Concept]:
    """The seed candidates as extraction stores them: candidate terms with provenance."""
    lines = seed_lines()
    concepts = []
    for n, (en, score, freq, line_no, targets) in enumerate(SEED_CANDIDATES, 1):
        source, target = lines[line_no - 1]
        origin = f"{SEED_ORIGIN}:{line_no}"
        en_term = Term(
            en,
            state="candidate",
            contexts=[Context(source, origin)],
            provenance={
                "score": score,
                "frequency": freq,
                "dispersion": 1,
                "type": "term",
                "found": [origin],
            },
        )
        zh_terms = [
            Term(
                zh,
                state="candidate",
                provenance={
                    "score": s,
                    "count": c,
                    "evidence": ["quote"] if zh == "国家队" else [],
                    "examples": [{"source": source, "target": target, "origin": origin}],
                },
            )
            for zh, s, c in targets
        ]
        concepts.append(
            Concept(
                id=f"c{n}",
                languages=[LangSection("en", [en_term]), LangSection("zh-CN", zh_terms)],
            )
        )
    return concepts


def seed_review_db(path: Path, with_memory: bool = True) -> Path:
    """A store with the seed pair in the memory and the seed candidates in the termbase."""
    if with_memory:
        from tui.cli import main

        code = main(
            ["--db", str(path), "tm", "import", str(SEED_TSV), "--src", "en", "--tgt", "zh-CN"]
        )
        assert code == 0
    with GlossaryStore.open(path) as store:
        store.import_concepts(candidate_concepts(), "seed", source="seed")
    return path


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_review_db(tmp_path_factory.mktemp("review-seed") / "review.db")


@pytest.fixture
def review_db(_seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded store (seeding once per session keeps the tests fast)."""
    path = tmp_path / "review.db"
    src = sqlite3.connect(_seeded_template)
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return path


def make_app(db: Path, **kw):
    from tui.app import make_review_app

    kw.setdefault("poll_seconds", None)
    return make_review_app(db, who="tester", **kw)


async def workers_done(app) -> None:
    """Wait for the app's workers; one replaced by a newer one (exclusive) is no error."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def settle(pilot) -> None:
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def run(coro):
    return asyncio.run(coro)


def terms_of(db: Path, ref: str) -> dict[tuple[str, str], Term]:
    with GlossaryStore.open(db) as store:
        concept = store.get(ref)
        return {(s.lang, t.text): t for s in concept.languages for t in s.terms}


def test_first_screen_shows_candidates_by_score(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            table = app.screen.table
            assert [r.source for r in table.rows] == [c[0] for c in SEED_CANDIDATES]
            assert table.rows[0].target == "国家队"
            assert app.screen.detail.concept.id == "c1"

    run(go())


def test_approve_writes_the_chosen_target_and_moves_on(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert app.screen.table.current.source == "ballast"  # next pending
            assert app.screen.table.rows[0].state == "approved"  # stays, redrawn in place

    run(go())
    terms = terms_of(review_db, "c1")
    assert terms["en", "national team"].state == "approved"
    assert terms["zh-CN", "国家队"].state == "approved"
    assert terms["zh-CN", "国家队"].status == "preferred"
    assert terms["zh-CN", "国家队"].reviewer == "tester"
    assert terms["zh-CN", "国家团队"].state == "rejected"
    assert terms["zh-CN", "国家团队"].provenance["score"] == 0.34  # kept


def test_approve_with_another_proposal_picked_in_the_detail(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("tab", "down")  # into the proposals, second one
            assert app.focused.id == "detail"
            await pilot.press("enter")  # Enter on a proposal approves with it
            await settle(pilot)

    run(go())
    terms = terms_of(review_db, "c1")
    assert terms["zh-CN", "国家团队"].state == "approved"
    assert terms["zh-CN", "国家队"].state == "rejected"


def test_reject_rejects_every_pending_term(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("down", "r")
            await settle(pilot)
            assert app.screen.table.current.source == "backbone"

    run(go())
    assert {t.state for t in terms_of(review_db, "c2").values()} == {"rejected"}
    assert {t.state for t in terms_of(review_db, "c1").values()} == {"candidate"}


def test_undo_and_redo_go_through_the_termbase_history(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert terms_of(review_db, "c1")["en", "national team"].state == "approved"
            await pilot.press("u")
            await settle(pilot)
            assert terms_of(review_db, "c1")["en", "national team"].state == "candidate"
            assert app.screen.table.current.concept_id == "c1"  # back on the undone entry
            assert app.screen.table.current.state == "candidate"
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert terms_of(review_db, "c1")["en", "national team"].state == "approved"
            # Undo never reaches past this session into the seed import.
            await pilot.press("u", "u")
            await settle(pilot)
            assert any("nothing of this session" in n.message for n in app._notifications)

    run(go())
    with GlossaryStore.open(review_db) as store:
        assert store.count() == len(SEED_CANDIDATES)
        actions = [h.action for h in store.history(limit=10)]
        assert "approve" in actions


def test_edit_saves_status_pos_definition_and_note(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await pilot.pause()
            screen = app.screen
            from textual.widgets import Input, Select

            screen.query_one("#edit-target", Input).value = "国家队（央企）"
            screen.query_one("#edit-status", Select).value = "preferred"
            screen.query_one("#edit-pos", Select).value = "noun"
            screen.query_one("#edit-definition", Input).value = "Central SOEs as a whole."
            screen.query_one("#edit-note", Input).value = "quoted in the source"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.table.current.target == "国家队（央企）"

    run(go())
    with GlossaryStore.open(review_db) as store:
        concept = store.get("c1")
    zh = {t.text: t for t in concept.terms("zh-CN")}
    assert zh["国家队（央企）"].status == "preferred"
    assert zh["国家队（央企）"].part_of_speech == "noun"
    assert concept.terms("en")[0].part_of_speech == "noun"
    assert concept.definition == "Central SOEs as a whole."
    assert concept.notes == ["quoted in the source"]


def test_edit_cancel_changes_nothing(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("e", "x", "escape")
            await settle(pilot)

    before = terms_of(review_db, "c1")
    run(go())
    assert terms_of(review_db, "c1") == before


def test_synonym_adds_an_approved_term(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await pilot.pause()
            await pilot.press(*"央企队", "enter")
            await settle(pilot)

    run(go())
    term = terms_of(review_db, "c1")["zh-CN", "央企队"]
    assert (term.state, term.status) == ("approved", "admitted")


def test_filter_as_you_type_both_languages_and_fuzzy(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            table = app.screen.table
            await pilot.press("slash", *"压舱")
            assert [r.source for r in table.rows] == ["ballast"]
            await pilot.press("ctrl+u")
            await pilot.press(*"integraton")  # a typo: fuzzy
            assert [r.source for r in table.rows] == ["professional integration"]
            await pilot.press("ctrl+u", *"zzzz")
            assert table.rows == []
            assert "No pending candidate matches" in table.empty_text
            await pilot.press("ctrl+u", "escape")
            assert app.focused is table
            assert len(table.rows) == len(SEED_CANDIDATES)
            assert app.screen.detail.concept is not None

    run(go())


def test_state_filter_sort_and_pending_navigation(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            screen, table = app.screen, app.screen.table
            await pilot.press("a")  # national team approved
            await settle(pilot)
            await pilot.press("t")  # approved
            assert [r.source for r in table.rows] == ["national team"]
            await pilot.press("t")  # rejected
            assert table.rows == []
            await pilot.press("t")  # all
            assert len(table.rows) == 5
            await pilot.press("o")  # by frequency
            assert screen.sort_key == "frequency"
            assert table.rows[0].source == "central SOEs"
            await pilot.press("o")  # alphabet
            assert [r.source for r in table.rows][:2] == ["backbone", "ballast"]
            await pilot.press("home", "n")
            assert table.current.source == "ballast"
            await pilot.press("p")
            assert table.current.source == "backbone"
            await pilot.press("p")
            assert table.current.source == "professional integration"  # wraps around

    run(go())


def test_concordance_and_matches_come_from_the_memory(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            from tui.widgets.concordance import ConcordanceView
            from tui.widgets.matches import MatchesView

            lines = app.screen.query_one(ConcordanceView).lines
            assert any(line.kind == "memory" and "national team" in line.text for line in lines)
            assert any("国家队" in line.text[line.start : line.end] for line in lines)
            matches = app.screen.query_one(MatchesView).matches
            assert matches and matches[0].score == 100
            assert "国家队" in matches[0].target

    run(go())


def test_memory_search_screen(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            from tui.screens.memory import MemoryScreen
            from tui.widgets.concordance import ConcordanceView

            assert isinstance(app.screen, MemoryScreen)
            await pilot.press("ctrl+u", *"压舱石")
            await settle(pilot)
            lines = app.screen.query_one(ConcordanceView).lines
            assert lines and all("压舱石" in line.text for line in lines)
            await pilot.press("escape")
            assert not isinstance(app.screen, MemoryScreen)

    run(go())


def test_export_from_the_command_palette_code_path(review_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.tbx"

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            app._transfer("export", "tbx3", str(out))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            assert any("5 written" in n.message for n in app._notifications)

    run(go())
    from glossary.tbx import read_tbx

    with out.open("rb") as fh:
        concepts = list(read_tbx(fh, str(out)))
    assert {c.terms("en")[0].text for c in concepts} == {c[0] for c in SEED_CANDIDATES}


def test_import_error_is_a_notification_not_a_traceback(review_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><broken", encoding="utf-8")

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            app._transfer("import", "tbx", str(bad))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors and "bad.tbx" in errors[0].message
            assert app.is_running

    run(go())


def test_empty_store_says_how_to_fill_it(tmp_path: Path) -> None:
    async def go():
        app = make_app(tmp_path / "empty.db")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "concord extract" in app.screen.table.empty_text
            await pilot.press("a")  # nothing selected: a warning, no crash
            await pilot.press("u")
            await settle(pilot)
            assert app.is_running

    run(go())


def test_review_file_imports_it_into_the_store(review_db: Path, tmp_path: Path) -> None:
    from tui.screens.transfer import export_termbase, import_termbase

    tbx = tmp_path / "terms.tbx"
    export_termbase(review_db, tbx, "tbx3", "en", "zh-CN")
    fresh = tmp_path / "fresh.db"
    assert import_termbase(fresh, tbx).added == len(SEED_CANDIDATES)
    assert import_termbase(fresh, tbx).added == 0  # opening it again merges, no duplicates
    with GlossaryStore.open(fresh) as store:
        assert store.count() == len(SEED_CANDIDATES)


def test_another_instance_sees_changes_on_refresh(review_db: Path) -> None:
    async def go():
        app = make_app(review_db, poll_seconds=0.05)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            with GlossaryStore.open(review_db) as other:  # a second instance approves c2
                concept = other.get("c2")
                for term in concept.terms():
                    term.state = "approved"
                other.update(concept, "other")
            await pilot.pause(0.3)
            await settle(pilot)
            row = next(r for r in app.screen.all_rows if r.concept_id == "c2")
            assert row.state == "approved"
            assert "ballast" not in [r.source for r in app.screen.table.rows]

    run(go())


def test_decisions_survive_a_killed_process(review_db: Path) -> None:
    """Each decision is committed at once: another connection sees it mid-session."""

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            conn = sqlite3.connect(review_db)
            data = conn.execute("SELECT data FROM glossary_concept WHERE ext_id = 'c1'").fetchone()
            conn.close()
            assert '"state":"rejected"' in data[0]

    run(go())


def test_help_screen(review_db: Path) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            from tui.screens.help import HelpScreen

            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)
            await pilot.press("q")
        assert not app.is_running

    run(go())


def test_moving_the_selection_redraws_without_a_layout(review_db: Path) -> None:
    """The detail, concordance and matches panes have fixed sizes: a move repaints them
    (and two table lines) but never lays out the screen again, which is what made moves
    slow on a large termbase."""

    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            screen = app.screen
            layouts = []
            refresh_layout = screen._refresh_layout

            def counting(size=None, scroll=False):
                layouts.append(scroll)
                return refresh_layout(size, scroll)

            screen._refresh_layout = counting
            for key in ("down", "down", "down", "up"):
                await pilot.press(key)
                await settle(pilot)
            assert screen.detail.concept.id == "c3"
            assert layouts == []

    run(go())
