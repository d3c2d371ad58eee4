"""Fuzzy matches from the memory: score, source segment, its translation, where it came from.

A pair may come from many files (the same sentence in dozens of PO files). The panes show
every origin the line has room for, dimmed: each file named as the findings table names it
(the shortest end of its path no other file shown ends with, so ``3.13/library/os.po`` is
``os.po``), after the translation when they fit there, else on a line of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text

from tui.commands.tm import origins_summary, origins_text
from tui.widgets.cells import truncate
from tui.widgets.file_labels import file_labels
from tui.widgets.one_line import one_line
from tui.widgets.text_pane import TextPane

ORIGINS_STYLE = "dim italic"
ORIGINS_GAP = 2  # cells between a translation and its origins on the same line
# ``file:line``, ``file#tuid`` (a unit without a line) or a tuid alone.
_ORIGIN = re.compile(r"(.*?)(:\d+|#[^/\\]*)?", re.DOTALL)


def score_style(score: float) -> str:
    return "green" if score >= 95 else "yellow" if score >= 75 else "red"


def origins_of(item) -> list[str]:
    """Every origin of a match or a concordance line (its first one when not attached)."""
    return list(item.origins) or ([item.origin] if item.origin else [])


def origin_labels(origins: Iterable[str]) -> dict[str, str]:
    """Each origin with its file named by :func:`~tui.widgets.file_labels.file_labels`
    among the files of *origins*, its line (or tuid) kept."""
    split: dict[str, tuple[str, str]] = {}
    for origin in dict.fromkeys(origins):
        match = _ORIGIN.fullmatch(origin)
        file, position = (match.group(1), match.group(2) or "") if match else (origin, "")
        split[origin] = (file, position) if file else (origin, "")
    labels = file_labels(file for file, _ in split.values())
    return {o: one_line(str(labels[file]) + position) for o, (file, position) in split.items()}


def append_origins(out: Text, origins: Sequence[str], used: int, width: int, indent: str) -> None:
    """*origins* after the last line of *out* (*used* of *width* cells): right-aligned on it
    when they all fit there as they would on a line of their own, else on the next line
    after *indent*."""
    if not origins:
        return
    room = width - cell_len(indent)
    whole = origins_summary(origins, room)
    if cell_len(whole) <= width - used - ORIGINS_GAP:
        out.append(" " * (width - used - cell_len(whole)) + whole, style=ORIGINS_STYLE)
        return
    out.append("\n" + indent)
    out.append(origins_text(origins, room), style=ORIGINS_STYLE)


class MatchesView(TextPane):
    """A list of ``tm.search.Match``: each on two lines, source then target and origins."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matches: list = []
        self.labels: dict[str, str] = {}
        self.message = ""

    def show(self, matches: list, message: str = "") -> None:
        self.matches = matches
        self.labels = origin_labels(o for m in matches for o in origins_of(m))
        self.message = message
        self.update_content()

    def content(self, width: int) -> Text:
        if not self.matches:
            return Text(self.message or "No matches.", style="dim italic")
        width = max(26, width)
        indent = " " * 6  # under the source, after the score
        out = Text(no_wrap=True, overflow="crop")
        for n, m in enumerate(self.matches):
            if n:
                out.append("\n")
            out.append(f"{m.score:5.1f} ", style=f"bold {score_style(m.score)}")
            out.append(truncate(one_line(m.source), width - len(indent)))
            out.append("\n" + indent)
            target = truncate(one_line(m.target), width - len(indent))
            out.append(target, style="dim")
            origins = [self.labels[o] for o in origins_of(m)]
            append_origins(out, origins, len(indent) + cell_len(target), width, indent)
        return out
