"""Snapshot tests of every review screen on the seed data, at 80x24 and at 140x40.

Regenerate after an intended change with ``pytest tests/test_review_snapshots.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.test_review_app import (  # noqa: F401 (fixtures)
    _seeded_template,
    make_app,
    review_db,
    settle,
)
from tests.test_review_findings import checked_db, varied_report  # noqa: F401 (fixture)

SIZES = {"small": (80, 24), "wide": (140, 40)}


def _before(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False  # no blinking cursor: the same picture every run
        await settle(pilot)

    return run_before


SCREENS = {
    "terms": (),
    "terms_all_by_frequency": ("t", "t", "t", "o"),
    "matches_tab": ("down", "c"),
    "detail_proposals": ("tab", "down"),
    "filter": ("slash", "c", "e", "n"),
    "edit": ("e",),
    "synonym": ("s",),
    "memory": ("down", "m"),
    "help": ("question_mark",),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, review_db: Path, screen: str, size: str) -> None:  # noqa: F811
    app = make_app(review_db)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_before(*SCREENS[screen]))


@pytest.mark.parametrize("size", SIZES)
def test_findings(snap_compare, checked_db: Path, size: str) -> None:  # noqa: F811
    app = make_app(checked_db)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_before("f", "down"))


FINDINGS_FILTERS = {
    "typed": ("slash", "整", "合"),  # the field open, two Chinese characters typed
    "by_check": ("s", "c"),  # severity:error, then its first check, from the list
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys", FINDINGS_FILTERS)
def test_findings_filter(
    snap_compare,
    checked_db: Path,  # noqa: F811
    tmp_path: Path,
    keys: str,
    size: str,
) -> None:
    app = make_app(checked_db, findings=varied_report(tmp_path))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_before(*FINDINGS_FILTERS[keys]))


@pytest.mark.parametrize("size", SIZES)
def test_empty_store(snap_compare, tmp_path: Path, size: str) -> None:
    app = make_app(tmp_path / "empty.db")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_before())


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare, review_db: Path, size: str) -> None:  # noqa: F811
    app = make_app(review_db)

    async def run_before(pilot) -> None:
        await settle(pilot)
        app._transfer("export", "tbx3", "termbase.tbx")
        await _before()(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
