"""An import killed at any moment leaves a sound store; running it again gives what an
uninterrupted run gives."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.roundtrip_suite import pair
from tm.store import SQLiteStore
from tm.tmx import write_tmx

ROOT = Path(__file__).resolve().parents[1]


def _big_tmx(path: Path, n: int) -> None:
    with open(path, "wb") as fh:
        write_tmx(
            fh,
            (
                pair(f"Sentence number {i} about central SOEs.", f"关于中央企业的第{i}句。")
                for i in range(n)
            ),
            srclang="en",
        )


def _import(db: Path, tmx: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "tm", "import", str(tmx)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _content(db: Path) -> set[tuple[str, str]]:
    with SQLiteStore(db) as store:
        return {(u.variant("en").text, u.variant("zh-CN").text) for u in store.iter_units()}


def test_sigkill_during_import_then_rerun(tmp_path: Path) -> None:
    tmx = tmp_path / "big.tmx"
    _big_tmx(tmx, 15_000)
    reference = tmp_path / "reference.db"
    assert _import(reference, tmx).wait(timeout=120) == 0

    db = tmp_path / "killed.db"
    proc = _import(db, tmx)
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 60
    # Kill once the import is visibly writing (its transaction is in the WAL).
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 200_000):
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # All or nothing of the killed transaction is visible (it was killed mid-way, so nothing).
    with SQLiteStore(db) as store:
        assert store.count_units() in (0, 15_000)

    assert _import(db, tmx).wait(timeout=120) == 0
    assert _content(db) == _content(reference)
    with SQLiteStore(db) as store, SQLiteStore(reference) as ref:
        assert store.count_units() == ref.count_units() == 15_000
