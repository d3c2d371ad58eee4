"""Fuzzy matches from the memory: score, source segment, its translation."""

from __future__ import annotations

from rich.text import Text

from tui.widgets.cells import truncate
from tui.widgets.one_line import one_line
from tui.widgets.text_pane import TextPane


def score_style(score: float) -> str:
    return "green" if score >= 95 else "yellow" if score >= 75 else "red"


class MatchesView(TextPane):
    """A list of ``tm.search.Match``: each on two lines, source then target."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matches: list = []
        self.message = ""

    def show(self, matches: list, message: str = "") -> None:
        self.matches = matches
        self.message = message
        self.update_content()

    def content(self, width: int) -> Text:
        if not self.matches:
            return Text(self.message or "No matches.", style="dim italic")
        width = max(20, width - 6)
        out = Text(no_wrap=True, overflow="crop")
        for n, m in enumerate(self.matches):
            if n:
                out.append("\n")
            out.append(f"{m.score:5.1f} ", style=f"bold {score_style(m.score)}")
            out.append(truncate(one_line(m.source), width))
            out.append("\n      ")
            out.append(truncate(one_line(m.target), width), style="dim")
        return out
