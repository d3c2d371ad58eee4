"""Keyword-in-context lines: the term centred and highlighted, its aligned partner below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from glossary.model import Concept
from tm.lang import lang_matches
from tui.widgets.cells import truncate, truncate_start
from tui.widgets.matches import append_origins, origin_labels, origins_of
from tui.widgets.one_line import one_line
from tui.widgets.text_pane import TextPane

if TYPE_CHECKING:
    from tm.search import ConcordanceLine


@dataclass(frozen=True)
class KwicLine:
    """A segment with the span of the term in it, and the segment aligned with it."""

    text: str
    start: int
    end: int
    partner: str | None = None
    origin: str | None = None
    kind: str = "memory"  # memory | corpus
    origins: tuple[str, ...] = ()  # every origin of a memory line (origin is the first)


def memory_line(line: ConcordanceLine) -> KwicLine:
    """A concordance line of the memory (its origins attached, if any)."""
    return KwicLine(
        line.text, line.start, line.end, line.partner_text, line.origin, origins=tuple(line.origins)
    )


def corpus_lines(concept: Concept, src: str, tgt: str, limit: int = 20) -> list[KwicLine]:
    """Where extraction found the concept's terms: term contexts and provenance examples."""
    lines: list[KwicLine] = []
    seen: set[str] = set()
    for sec in concept.languages:
        if not (lang_matches(src, sec.lang) or lang_matches(tgt, sec.lang)):
            continue
        for term in sec.terms:
            examples = [(c.text, None, c.source) for c in term.contexts]
            for ex in term.provenance.get("examples", []) or []:
                if isinstance(ex, dict) and ex.get("source"):
                    examples.append((ex["source"], ex.get("target"), ex.get("origin")))
            for text, partner, origin in examples:
                line = locate(text, term.text, partner, origin, "corpus")
                if line is None and partner:
                    line = locate(partner, term.text, text, origin, "corpus")
                if line is not None and line.text not in seen:
                    seen.add(line.text)
                    lines.append(line)
    return lines[:limit]


def locate(
    text: str, term: str, partner: str | None, origin: str | None, kind: str
) -> KwicLine | None:
    pos = text.casefold().find(term.casefold())
    if pos < 0:
        return None
    return KwicLine(text, pos, pos + len(term), partner, origin, kind)


def kwic(line: KwicLine, width: int) -> Text:
    """*line* cut to *width* cells with the keyword starting at the middle.

    Cut between whole characters (Chinese ones take two cells): an ellipsis right before
    the first one kept on the left, right after the last one kept on the right.
    """
    text = one_line(line.text)  # one for one: the keyword's offsets still hold
    key = text[line.start : line.end]
    half = max(4, (width - cell_len(key)) // 2)
    left = truncate_start(text[: line.start], half)
    left = " " * (half - cell_len(left)) + left  # the keyword at the same column each line
    cut = truncate(key, max(0, width - half))
    # A keyword cut short ends the line (its ellipsis, not a second one for the right).
    right = truncate(text[line.end :], max(0, width - half - cell_len(cut))) if cut == key else ""
    key = cut
    out = Text(no_wrap=True, overflow="crop")
    out.append(left)
    out.append(key, style="bold reverse")
    out.append(right)
    return out


class ConcordanceView(TextPane):
    """KWIC lines of the selected term, from the memory and the extracted corpus."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[KwicLine] = []
        self.labels: dict[str, str] = {}
        self.message = ""

    def show(self, lines: list[KwicLine], message: str = "") -> None:
        self.lines = lines
        self.labels = origin_labels(o for line in lines for o in self._origins(line))
        self.message = message
        self.update_content()

    @staticmethod
    def _origins(line: KwicLine) -> list[str]:
        # The memory's lines only: the corpus lines' files are the detail's "Found in".
        return origins_of(line) if line.kind == "memory" else []

    def content(self, width: int) -> Text:
        width = max(20, width)
        if not self.lines:
            return Text(self.message or "No concordance lines.", style="dim italic")
        indent = " " * 4  # under the segment, after the tag
        out = Text(no_wrap=True, overflow="crop")
        for n, line in enumerate(self.lines):
            if n:
                out.append("\n")
            tag = "TM " if line.kind == "memory" else "src"
            out.append(f"{tag} ", style="cyan" if line.kind == "memory" else "magenta")
            out.append_text(kwic(line, width - len(indent)))
            origins = [self.labels[o] for o in self._origins(line)]
            if line.partner:
                out.append("\n" + indent)
                partner = truncate(one_line(line.partner), width - len(indent))
                out.append(partner, style="dim")
                append_origins(out, origins, len(indent) + cell_len(partner), width, indent)
            elif origins:  # the keyword line is full: the origins below it
                append_origins(out, origins, width, width, indent)
        return out
