"""The README's main job works: its commands, run in order on a fresh store, all succeed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _main_job() -> list[list[str]]:
    """The concord commands of the README's first shell block (set-up steps left out)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0].strip()
    commands = []
    for part in block.split(" && "):
        argv = shlex.split(part)
        if argv[0].endswith("/concord"):
            commands.append(argv[1:])
    return commands


def test_main_job_runs_on_a_fresh_store(tmp_path: Path) -> None:
    commands = _main_job()
    assert [c[0] for c in commands[:2]] == ["align", "extract"]
    env = {**os.environ, "CONCORD_DB": str(tmp_path / "concord.db")}
    for argv in commands:
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (argv, done.stdout[-500:], done.stderr[-500:])
    assert "压舱石" in done.stdout
