"""The findings screen of ``concord review``: the checks run over the memory in a worker,
the findings are listed by check, Enter goes to the term's concept; a saved
``concord check --format json`` report can be opened instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.model import Concept, LangSection, Term
from glossary.store import GlossaryStore
from tests.test_review_app import (  # noqa: F401 (fixtures)
    _seeded_template,
    make_app,
    review_db,
    run,
    settle,
)
from tm.errors import InputError

# Approved terms the seed memory does not follow everywhere: "SASAC" is rendered 国资委
# (lines 10 and 25), so the missing-term check reports it.
APPROVED = [("SASAC", "国务院国资委"), ("national team", "国家团队")]


def add_approved(db: Path) -> None:
    with GlossaryStore.open(db) as store:
        store.import_concepts(
            [
                Concept(
                    id=f"t{n}",
                    languages=[
                        LangSection("en", [Term(en, state="approved")]),
                        LangSection("zh-CN", [Term(zh, state="approved", status="preferred")]),
                    ],
                )
                for n, (en, zh) in enumerate(APPROVED, 1)
            ],
            "test",
        )


@pytest.fixture
def checked_db(review_db: Path) -> Path:  # noqa: F811
    add_approved(review_db)
    return review_db


def report_file(tmp_path: Path) -> Path:
    """A saved report as ``concord check --format json`` writes it."""
    path = tmp_path / "findings.json"
    finding = {
        "check": "missing-term",
        "severity": "warning",
        "file": "memory.tsv",
        "line": 12,
        "source": "leveraging the role of central SOEs as the national team",
        "target": "发挥中央企业国家队作用",
        "term": "national team",
        "expected": ["国家团队"],
        "message": "'national team' is not rendered as '国家团队'",
        "where": "source",
        "span": [44, 57],
    }
    numbers = {
        "check": "numbers",
        "severity": "error",
        "file": "memory.tsv",
        "line": 2,
        "source": "February 6, 2024",
        "target": "2024年2月6日",
        "term": "2",
        "expected": [],
        "message": "numbers differ: extra 2",
    }
    path.write_text(json.dumps({"findings": [finding, numbers], "summary": {}}), "utf-8")
    return path


def test_findings_run_over_the_memory_and_enter_shows_the_term(checked_db: Path) -> None:
    async def go():
        app = make_app(checked_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            from tui.screens.findings import FindingsScreen

            screen = app.screen
            assert isinstance(screen, FindingsScreen)
            await settle(pilot)
            terms = {(f.check, f.term, f.line) for f in screen.findings}
            assert ("missing-term", "SASAC", 10) in terms
            assert ("missing-term", "SASAC", 25) in terms
            # Grouped by check: a heading, then its findings; the cursor on the first one.
            assert screen.table.lines[0] == ("missing-term", 3)
            assert screen.table.current.term == "SASAC"
            await pilot.press("o")  # by severity
            assert screen.table.order == "severity"
            await pilot.press("o", "o")  # file order, back to by check
            assert screen.table.order == "check"
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, FindingsScreen)
            terms_screen = app.screen
            # The approved concept is not among the pending candidates: the view shows all.
            assert terms_screen.state_filter == "all"
            assert terms_screen.table.current.concept_id == "t1"
            assert terms_screen.detail.concept.id == "t1"
            assert app.focused is terms_screen.table
            # Reopening shows the same findings without running the checks again.
            await pilot.press("f")
            assert app.screen.findings is screen.findings

    run(go())


def test_findings_from_a_saved_report(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        app = make_app(checked_db, findings=report_file(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            from tui.screens.findings import FindingDetail, FindingsScreen

            screen = app.screen
            assert isinstance(screen, FindingsScreen)  # opens on the report
            assert [f.check for f in screen.findings] == ["missing-term", "numbers"]
            detail = screen.query_one(FindingDetail)
            assert detail.finding.term == "national team"
            await pilot.press("down")  # the numbers finding: about no term
            assert detail.finding.check == "numbers"
            await pilot.press("enter")  # ... so Enter searches the memory for its source
            await settle(pilot)
            from tui.screens.memory import MemoryScreen

            assert isinstance(app.screen, MemoryScreen)
            await pilot.press("escape")
            await pilot.press("up", "enter")
            await settle(pilot)
            assert app.screen.table.current.concept_id == "t2"

    run(go())


def test_a_bad_report_is_an_error_before_the_app_starts(tmp_path: Path, review_db: Path) -> None:  # noqa: F811
    bad = tmp_path / "bad.json"
    bad.write_text('{"summary": {}}', "utf-8")
    with pytest.raises(InputError, match="no 'findings' list"):
        make_app(review_db, findings=bad)
    from tui.cli import main

    assert main(["--db", str(review_db), "review", "--findings", str(bad)]) == 2
