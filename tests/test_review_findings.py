"""The findings screen of ``concord review``: the checks run over the memory in a worker,
the findings are listed by check, Enter goes to the term's concept; a saved
``concord check --format json`` report can be opened instead."""

from __future__ import annotations

import contextlib
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


# --- the filter -------------------------------------------------------------------------------

# A saved report with findings of several checks and severities, in both languages; the
# targets use full-width forms as Chinese text does (ＳＡＳＡＣ, ２０２４).
VARIED = [
    (
        "missing-term",
        "warning",
        "memory.tsv",
        10,
        "SASAC",
        "国务院国资委",
        "The SASAC intensified its efforts in restructuring the central SOEs.",
        "国资委加大了中央企业重组整合力度。",
        "'SASAC' is not rendered as '国务院国资委'",
    ),
    (
        "missing-term",
        "warning",
        "memory.tsv",
        12,
        "national team",
        "国家团队",
        "leveraging the role of central SOEs as the national team",
        "发挥中央企业国家队作用",
        "'national team' is not rendered as '国家团队'",
    ),
    (
        "forbidden-term",
        "error",
        "report.po",
        7,
        "央企",
        "",
        "promote the high-quality development of central SOEs",
        "推动央企高质量发展",
        "the deprecated term '央企' is used",
    ),
    (
        "numbers",
        "error",
        "memory.tsv",
        2,
        "2",
        "",
        "February 6, 2024",
        "２０２４年２月６日",
        "numbers differ: extra 2",
    ),
    (
        "placeholders",
        "error",
        "report.po",
        21,
        None,
        "",
        "%(count)d units imported from ＳＡＳＡＣ",
        "已导入 %(count) 个单元",
        "placeholder %(count)d is missing from the target",
    ),
    (
        "same-source-different-target",
        "info",
        "memory.tsv",
        4,
        None,
        "",
        "professional integration",
        "专业化整合",
        "rendered as 专业化整合 here and as 专业整合 at memory.tsv:30",
    ),
    (
        "term-variance",
        "warning",
        "report.po",
        9,
        "ballast",
        "压舱石",
        "serve as the ballast of the economy",
        "发挥经济稳定器作用",
        "'ballast' is rendered in 2 ways",
    ),
]


def varied_report(tmp_path: Path) -> Path:
    path = tmp_path / "varied.json"
    findings = [
        {
            "check": check,
            "severity": severity,
            "file": file,
            "line": line,
            "term": term,
            "expected": [expected] if expected else [],
            "source": source,
            "target": target,
            "message": message,
        }
        for check, severity, file, line, term, expected, source, target, message in VARIED
    ]
    path.write_text(json.dumps({"findings": findings}, ensure_ascii=False), "utf-8")
    return path


@contextlib.asynccontextmanager
async def report_app(db: Path, tmp_path: Path):
    """The review app opened on the varied report, settled: (app, pilot)."""
    app = make_app(db, findings=varied_report(tmp_path))
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        yield app, pilot


def shown_lines(screen) -> list[tuple[str, int]]:
    """(check, line) of the findings the table lists, in its order."""
    return [(f.check, f.line) for f in screen.shown]


def status_of(screen) -> str:
    return str(screen.query_one("#findings-status").render())


async def type_filter(pilot, text: str) -> None:
    await pilot.press("slash", *text)
    await settle(pilot)


def test_filter_by_words_in_both_languages(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            bar = screen.query_one("#findings-bar")
            field = screen.filter_field
            assert not field.display  # no field until "/"
            assert status_of(screen).startswith(" 7 findings")
            await pilot.press("slash")
            assert app.focused is field and field.display
            for key in "NATIONAL":  # case does not matter
                await pilot.press(key)
            await settle(pilot)
            assert shown_lines(screen) == [("missing-term", 12)]
            assert status_of(screen).startswith(" 1 of 7 findings")
            assert screen.table.current.term == "national team"
            await pilot.press("enter")  # back to the list, the filter kept
            assert app.focused is screen.table and "-filtering" in bar.classes
            assert screen.table.current.term == "national team"

            # A two-character Chinese query (no word boundaries needed) ...
            field.value = ""
            await type_filter(pilot, "整合")
            assert shown_lines(screen) == [
                ("missing-term", 10),
                ("same-source-different-target", 4),
            ]
            # ... and a one-character one, in the term, the target or the message.
            field.value = "央"
            await settle(pilot)
            assert {line for _check, line in shown_lines(screen)} == {7, 10, 12}
            # Full-width forms equal half-width ones, both ways.
            field.value = "ＳＡＳＡＣ"
            await settle(pilot)
            assert shown_lines(screen) == [("missing-term", 10), ("placeholders", 21)]
            field.value = "2024年2月"
            await settle(pilot)
            assert shown_lines(screen) == [("numbers", 2)]
            # The message and the file:line; words must all occur, a quoted phrase as is.
            field.value = "rendered 国家"
            await settle(pilot)
            assert shown_lines(screen) == [("missing-term", 12)]
            field.value = "report.po:9"
            await settle(pilot)
            assert shown_lines(screen) == [("term-variance", 9)]
            field.value = '"central SOEs as"'
            await settle(pilot)
            assert shown_lines(screen) == [("missing-term", 12)]
            field.value = "no such thing"
            await settle(pilot)
            assert screen.shown == [] and screen.table.current is None
            assert "No finding matches “no such thing”" in screen.table.empty_text
            assert status_of(screen).startswith(" 0 of 7 findings")

    run(go())


def test_filter_by_check_and_severity(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            field = screen.filter_field
            # "c" puts the first check in the filter, then the next ones, then none.
            await pilot.press("c")
            await settle(pilot)
            assert field.value == "check:forbidden-term" and field.display
            assert app.focused is screen.table  # the keys keep working on the list
            assert shown_lines(screen) == [("forbidden-term", 7)]
            await pilot.press("c")
            await settle(pilot)
            assert field.value == "check:missing-term"
            assert shown_lines(screen) == [("missing-term", 10), ("missing-term", 12)]
            assert status_of(screen).startswith(" 2 of 7 findings · 2 warning")
            for _ in range(5):  # numbers, placeholders, same-source…, term-variance, none
                await pilot.press("c")
            await settle(pilot)
            assert field.value == "" and not field.display
            assert len(screen.shown) == 7

            # "s" cycles the severities; "c" then cycles the checks that have them.
            await pilot.press("s")
            await settle(pilot)
            assert field.value == "severity:error"
            assert sorted(shown_lines(screen)) == [
                ("forbidden-term", 7),
                ("numbers", 2),
                ("placeholders", 21),
            ]
            await pilot.press("c", "c")
            await settle(pilot)
            assert field.value == "check:numbers severity:error"
            assert shown_lines(screen) == [("numbers", 2)]
            await pilot.press("s")  # numbers has only errors: after them, every severity
            await settle(pilot)
            assert field.value == "check:numbers"
            assert shown_lines(screen) == [("numbers", 2)]

            # Tokens typed in the field, with words; short forms and several values.
            field.value = "sev:err check:place,forbid 央企"
            await settle(pilot)
            assert shown_lines(screen) == [("forbidden-term", 7)]
            field.value = "check:term severity:w"
            await settle(pilot)
            assert {c for c, _line in shown_lines(screen)} == {"missing-term", "term-variance"}
            # Grouping by severity keeps the filter.
            await pilot.press("o")
            await settle(pilot)
            assert screen.table.order == "severity"
            assert screen.table.lines[0] == ("warning", 3)
            assert len(screen.shown) == 3

    run(go())


def test_escape_clears_the_filter_then_goes_back(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            from tui.screens.findings import FindingsScreen

            screen = app.screen
            field = screen.filter_field
            await type_filter(pilot, "report")
            assert len(screen.shown) == 3
            await pilot.press("escape")  # in the field: clears it, back to the list
            await settle(pilot)
            assert field.value == "" and not field.display
            assert app.focused is screen.table and len(screen.shown) == 7
            assert isinstance(app.screen, FindingsScreen)

            await pilot.press("s")
            await settle(pilot)
            keys = {b.key: b.description for _n, b, _e, _t in screen.active_bindings.values()}
            assert keys["escape"] == "Clear"  # the key bar says what Escape does now
            await pilot.press("escape")  # on the list: clears the filter first
            await settle(pilot)
            assert field.value == "" and len(screen.shown) == 7
            keys = {b.key: b.description for _n, b, _e, _t in screen.active_bindings.values()}
            assert keys["escape"] == "Back"
            await pilot.press("escape")  # then leaves
            await settle(pilot)
            assert not isinstance(app.screen, FindingsScreen)

    run(go())


def test_the_selection_stays_on_its_finding_while_listed(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            field = screen.filter_field
            from tui.screens.findings import FindingDetail

            def at():
                return (screen.table.current.check, screen.table.current.line)

            detail = screen.query_one(FindingDetail)
            # By check: forbidden-term 7, missing-term 10 and 12, numbers 2, ...
            await pilot.press("down", "down")
            assert at() == ("missing-term", 12)
            field.value = "central"  # still listed: the cursor stays on it
            await settle(pilot)
            assert at() == ("missing-term", 12)
            field.value = "centralx"  # a typo lists nothing ...
            await settle(pilot)
            assert screen.table.current is None
            field.value = "central"  # ... and taking it back finds the finding again
            await settle(pilot)
            assert at() == ("missing-term", 12)
            field.value = ""  # everything again: still on it
            await settle(pilot)
            assert at() == ("missing-term", 12)
            field.value = "severity:error"  # not listed: the first one listed
            await settle(pilot)
            assert at() == ("forbidden-term", 7)
            assert detail.finding is screen.table.current
            assert screen.table.scroll_y == 0

    run(go())


def test_the_selection_keeps_its_row_on_the_screen(checked_db: Path, tmp_path: Path) -> None:
    report = tmp_path / "many.json"
    findings = [
        {
            "check": "numbers",
            "severity": "warning",
            "file": "a.po",
            "line": n,
            "source": f"segment {n}",
            "target": f"第{n}段",
            "message": f"numbers differ: {n}",
        }
        for n in range(1, 201)
    ]
    report.write_text(json.dumps({"findings": findings}, ensure_ascii=False), "utf-8")

    async def go():
        app = make_app(checked_db, findings=report)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = app.screen
            table = screen.table
            await pilot.press("pagedown", "pagedown", "down", "down")
            line = table.current.line
            row = table.cursor - table.scroll_y
            assert table.scroll_y > 0 and row > 2
            screen.filter_field.value = "段"  # every finding: same place on the screen
            await settle(pilot)
            assert table.current.line == line and table.cursor - table.scroll_y == row
            screen.filter_field.value = str(line)[-1]  # few above it: the top of the list
            await settle(pilot)
            assert table.current.line == line and table.scroll_y == 0

    run(go())


def test_a_filter_typed_before_its_keys_are_ready_applies_when_they_are(
    checked_db: Path, tmp_path: Path
) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            from tui.widgets.finding_filter import FindingFilter, build_keys

            screen = app.screen
            screen.finding_filter = FindingFilter()  # as if the worker had not finished
            screen.filter_field.value = "ballast"
            await pilot.pause()
            assert "Preparing the filter" in status_of(screen)
            assert len(screen.shown) == 7
            screen._filter_ready(screen.findings, build_keys(screen.findings))
            assert shown_lines(screen) == [("term-variance", 9)]
            assert status_of(screen).startswith(" 1 of 7 findings")

    run(go())


def test_the_filter_stays_when_the_checks_run_again(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            await type_filter(pilot, "国资委")
            await pilot.press("enter")
            assert shown_lines(screen) == [("missing-term", 10)]  # in the saved report
            await pilot.press("r")  # the checks over the memory replace the report
            await settle(pilot)
            assert screen.filter_field.value == "国资委"
            assert shown_lines(screen) == [("missing-term", 10), ("missing-term", 25)]
            assert status_of(screen).startswith(" 2 of 3 findings")
            assert screen.table.current.line == 10

    run(go())


def test_the_filter_is_there_again_when_the_findings_are_reopened(
    checked_db: Path, tmp_path: Path
) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            await type_filter(pilot, "national")
            await pilot.press("enter")  # back to the list, the filter kept
            await pilot.press("enter")  # the term of the finding
            await settle(pilot)
            from tui.screens.findings import FindingsScreen

            assert not isinstance(app.screen, FindingsScreen)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FindingsScreen)
            assert screen.filter_field.value == "national"
            assert "-filtering" in screen.query_one("#findings-bar").classes
            assert shown_lines(screen) == [("missing-term", 12)]
            assert status_of(screen).startswith(" 1 of 7 findings")

    run(go())


# --- reopening where it was left ------------------------------------------------------------


def many_findings(tmp_path: Path, n: int = 200) -> Path:
    """A saved report of *n* numbers findings, one per line of a.po."""
    report = tmp_path / "many.json"
    findings = [
        {
            "check": "numbers",
            "severity": "warning",
            "file": "a.po",
            "line": line,
            "source": f"segment {line}",
            "target": f"第{line}段",
            "message": f"numbers differ: {line}",
        }
        for line in range(1, n + 1)
    ]
    report.write_text(json.dumps({"findings": findings}, ensure_ascii=False), "utf-8")
    return report


async def reopen(pilot) -> None:
    """Back to the term table (Escape clears a filter first, so leave without it), then
    ``f`` again."""
    from tui.screens.findings import FindingsScreen

    pilot.app.pop_screen()
    await settle(pilot)
    assert not isinstance(pilot.app.screen, FindingsScreen)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FindingsScreen)


def test_reopening_puts_the_cursor_back_on_its_finding(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            from tui.screens.findings import FindingDetail

            # By check: forbidden-term 7, missing-term 10 and 12, numbers 2, ...
            await pilot.press("down", "down")
            assert app.screen.table.current.line == 12
            await pilot.press("enter")  # to the term of the finding ...
            await settle(pilot)
            await pilot.press("f")  # ... and back: still on it, its detail shown
            await settle(pilot)
            screen = app.screen
            assert screen.table.current.term == "national team"
            assert screen.query_one(FindingDetail).finding is screen.table.current
            await pilot.press("down")  # the keys go on from there
            assert screen.table.current.check == "numbers"

            # With a filter that lists it at another row, and another grouping.
            await type_filter(pilot, "memory.tsv")
            await pilot.press("enter", "o")
            await settle(pilot)
            assert screen.table.order == "severity"
            assert screen.table.current.check == "numbers"
            await reopen(pilot)
            screen = app.screen
            assert screen.table.order == "severity"  # the grouping is kept too
            assert screen.filter_field.value == "memory.tsv"
            assert screen.table.current.check == "numbers"
            assert screen.table.lines[screen.table.cursor] is screen.table.current

    run(go())


def test_reopening_a_long_list_shows_the_finding_on_its_row(
    checked_db: Path, tmp_path: Path
) -> None:
    async def go():
        app = make_app(checked_db, findings=many_findings(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            table = app.screen.table
            await pilot.press("pagedown", "pagedown", "pagedown", "up", "up")
            line, row = table.current.line, table.cursor - table.scroll_y
            assert table.scroll_y > 0 and 0 < row < table.view.height - 2
            await reopen(pilot)
            table = app.screen.table
            assert table.current.line == line
            assert table.cursor - table.scroll_y == row  # the same list on the screen

            await pilot.press("end")  # the last one, on the last row
            await reopen(pilot)
            table = app.screen.table
            assert table.current.line == 200
            assert table.scroll_y == table.max_scroll_y

    run(go())


def test_reopening_before_the_filter_is_ready_waits_for_it(
    checked_db: Path, tmp_path: Path
) -> None:
    async def go():
        app = make_app(checked_db, findings=many_findings(tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await type_filter(pilot, "段")
            await pilot.press("enter", "pagedown", "down")
            line = app.screen.table.current.line
            app.pop_screen()
            await settle(pilot)
            await pilot.press("f")  # the filter's keys are built in a worker again ...
            await pilot.pause()
            await settle(pilot)  # ... and the cursor goes back once the list shows
            assert app.screen.table.current.line == line

    run(go())


def add_term(db: Path, concept: str, lang: str, text: str, status: str = "admitted") -> None:
    """An approved term added to *concept*, as another instance would (one edit)."""
    with GlossaryStore.open(db) as store:
        c = store.get(concept)
        section = next(s for s in c.languages if s.lang == lang)
        section.terms.append(Term(text, state="approved", status=status))
        with store.edit("edit", "other", text):
            store.update(c, "other")


def test_running_the_checks_again_keeps_the_cursor_on_its_finding(checked_db: Path) -> None:
    async def go():
        app = make_app(checked_db)
        async with app.run_test(size=(120, 35)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert [(f.term, f.line) for f in screen.shown] == [
                ("SASAC", 10),
                ("national team", 12),
                ("SASAC", 25),
            ]
            await pilot.press("down", "down")
            before = screen.table.current
            await pilot.press("r")  # new findings, the same one among them
            await settle(pilot)
            assert screen.table.current.line == 25 and screen.table.current is not before

            # 国家队 admitted for "national team": its finding goes; the cursor on it
            # moves to its nearest neighbour, the next one.
            await pilot.press("up")
            assert screen.table.current.term == "national team"
            add_term(checked_db, "t2", "zh-CN", "国家队")
            await pilot.press("r")
            await settle(pilot)
            assert [f.line for f in screen.shown] == [10, 25]
            assert screen.table.current.line == 25
            await reopen(pilot)  # and that is where it reopens
            assert app.screen.table.current.line == 25

    run(go())


def test_the_place_falls_back_to_the_nearest_finding_still_listed() -> None:
    from glossary.checks.model import Finding
    from tui.screens.findings import ListPlace, locate

    old = [Finding("numbers", "", f"s{n}", f"t{n}", file="a.po", line=n) for n in range(1, 7)]
    rerun = [Finding("numbers", "", f"s{n}", f"t{n}", file="a.po", line=n) for n in range(1, 7)]
    place = ListPlace(old[2], 3, old)
    assert locate(old, place) == 2  # the very finding
    assert locate([("numbers", 6), *rerun], place) == 3  # an equal one of another run
    # Gone: the next one listed, else the one before, further out each time.
    assert locate([rerun[1], rerun[3]], place) == 1
    assert locate([rerun[0], rerun[4]], place) == 1
    assert locate([rerun[0], rerun[1]], place) == 1
    assert locate([("numbers", 1), rerun[5]], place) == 1
    assert locate([], place) is None
    assert locate([Finding("placeholders", "", "x", "y")], place) is None


# --- the key bar and the status ---------------------------------------------------------------


def key_bar(screen) -> dict[str, str]:
    return {b.key: b.description for _n, b, _e, _t in screen.active_bindings.values()}


def test_enter_says_where_it_goes(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            assert screen.table.current.check == "forbidden-term"
            assert key_bar(screen)["enter"] == "Show term"
            await pilot.press("end")  # term-variance: a termbase term
            await pilot.press("up")  # same-source-different-target: about no term
            await settle(pilot)
            assert screen.table.current.term is None
            assert key_bar(screen)["enter"] == "Search memory"
            await pilot.press("up", "up")  # numbers: its term is a number, not a termbase term
            await settle(pilot)
            assert screen.table.current.check == "numbers"
            assert key_bar(screen)["enter"] == "Search memory"
            screen.filter_field.value = "no such thing"  # nothing listed: Enter does nothing
            await settle(pilot)
            assert "enter" not in key_bar(screen)

    run(go())


def test_without_approved_terms_the_status_says_the_term_checks_were_skipped(
    review_db: Path,  # noqa: F811 (candidates only)
) -> None:
    async def go():
        app = make_app(review_db)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert screen.findings == []
            assert "no approved term: the term checks skipped" in status_of(screen)
            assert "no term is approved yet" in screen.table.empty_text
            await reopen(pilot)
            assert "no term is approved yet" in app.screen.table.empty_text

    run(go())


def test_reopened_findings_say_when_the_termbase_changed(checked_db: Path) -> None:
    async def go():
        app = make_app(checked_db)
        async with app.run_test(size=(140, 35)) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            assert "termbase changed" not in status_of(app.screen)
            await reopen(pilot)
            assert "termbase changed" not in status_of(app.screen)
            app.pop_screen()
            await settle(pilot)
            await pilot.press("a")  # a candidate approved in the term table
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert "the termbase changed: r checks again" in status_of(screen)
            await pilot.press("r")
            await settle(pilot)
            assert "termbase changed" not in status_of(screen)
            app.pop_screen()
            await settle(pilot)
            await pilot.press("u")  # an undo is a change too
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            assert "termbase changed" in status_of(app.screen)

    run(go())


def test_the_key_bar_in_the_filter_field(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            from tui.screens.findings import FindingsScreen

            screen = app.screen
            await pilot.press("slash")
            await settle(pilot)
            keys = key_bar(screen)
            assert keys["escape"] == "Clear"  # not "Back": it only leaves the empty field
            assert "slash" not in keys  # "/" types a slash here
            await pilot.press("slash", "p", "o")
            assert screen.filter_field.value == "/po"
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, FindingsScreen) and app.focused is screen.table
            keys = key_bar(screen)
            assert keys["escape"] == "Back" and keys["slash"] == "Filter"

    run(go())


def test_page_up_at_the_top_stays_on_a_finding(checked_db: Path, tmp_path: Path) -> None:
    async def go():
        async with report_app(checked_db, tmp_path) as (app, pilot):
            screen = app.screen
            await pilot.press("down", "down", "pageup")  # the page ends on the first heading
            assert screen.table.current is not None
            assert screen.table.current.check == "forbidden-term"
            await pilot.press("end", "pagedown")
            assert screen.table.current.check == "term-variance"

    run(go())
