"""The selected concept: its source term, every target proposal with its score, its data."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from glossary.model import Concept, Term
from tm.lang import lang_matches
from tui.widgets.cells import truncate
from tui.widgets.file_labels import aligned_stem
from tui.widgets.one_line import one_line, truncate_text
from tui.widgets.term_rows import Proposal, proposals, source_term, term_frequency, term_score
from tui.widgets.text_pane import TextPane

STATE_STYLE = {"candidate": "yellow", "approved": "green", "rejected": "dim strike"}
# The narrowest term column: two Chinese characters and an ellipsis, and the gap after.
MIN_TERM_CELLS = 6
SCORE_CELLS = 5  # "0.91 "


def _count_text(count: int | None) -> str:
    return f"×{count:<3} " if count is not None else "     "


def term_line(
    term: Term,
    score: float | None,
    count: int | None,
    width: int = 18,
    scores: bool = True,
    counts: bool = True,
) -> Text:
    """One proposal: the term in a column *width* cells wide (cut with an ellipsis when
    longer), its score and count, its state and status (the score and count columns left
    out when no proposal has one)."""
    text = Text()
    # A tab measures no cells: the columns would not line up. A cell kept for the gap.
    shown = truncate(one_line(term.text), width - 1)
    text.append(shown, style="bold" if term.state == "approved" else "")
    text.append(" " * max(1, width - cell_len(shown)))
    if scores:
        text.append(f"{score:.2f} " if score is not None else " " * SCORE_CELLS, style="cyan")
    if counts:
        text.append(_count_text(count), style="dim")
    text.append(term.state, style=STATE_STYLE.get(term.state, ""))
    if term.status:
        text.append(f" {term.status}", style="magenta")
    return text


class DetailPane(TextPane, can_focus=True):
    """The selected concept drawn as one block: source term, target proposals, data.

    Focused (tab from the table), up and down pick a proposal and Enter approves with it.
    """

    BINDINGS = [
        Binding("up,k", "pick(-1)", "Previous proposal", show=False),
        Binding("down,j", "pick(1)", "Next proposal", show=False),
        Binding("enter", "choose", "Approve with it", show=False),
    ]

    COMPONENT_CLASSES = {"detail--chosen"}

    DEFAULT_CSS = """
    DetailPane > .detail--chosen { background: $block-cursor-blurred-background; }
    DetailPane:focus > .detail--chosen {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """

    highlighted: reactive[int] = reactive(0, init=False)

    class ProposalChosen(Message):
        """Enter on a proposal: approve the concept with it."""

        def __init__(self, proposal: Proposal) -> None:
            self.proposal = proposal
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.concept: Concept | None = None
        self.items: list[Proposal] = []
        self.src = "en"
        self.tgt = "zh-CN"
        self._first_proposal_line = 0

    @property
    def chosen(self) -> Term | None:
        """The highlighted proposal (the target that `a` approves)."""
        if not 0 <= self.highlighted < len(self.items):
            return None
        return self.items[self.highlighted].term

    def show(self, concept: Concept | None, src: str, tgt: str, keep: str | None = None) -> None:
        """Display *concept*; the proposal with text *keep* stays highlighted."""
        self.concept, self.src, self.tgt = concept, src, tgt
        self.items = proposals(concept, tgt) if concept is not None else []
        index = next((i for i, p in enumerate(self.items) if p.term.text == keep), 0)
        self.set_reactive(DetailPane.highlighted, index)
        self.update_content()

    def validate_highlighted(self, value: int) -> int:
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def watch_highlighted(self) -> None:
        self.update_content(home=False)
        line = self._first_proposal_line + self.highlighted
        top = int(self.scroll_y)
        if not top <= line < top + self.scrollable_content_region.height:
            self.scroll_to(
                y=max(0, line - self.scrollable_content_region.height + 1),
                animate=False,
                immediate=True,
            )

    def action_pick(self, step: int) -> None:
        self.highlighted += step

    def action_choose(self) -> None:
        if 0 <= self.highlighted < len(self.items):
            self.post_message(self.ProposalChosen(self.items[self.highlighted]))

    def on_focus(self) -> None:
        self.update_content(home=False)

    def on_blur(self) -> None:
        self.update_content(home=False)

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y - self._first_proposal_line
        if 0 <= index < len(self.items):
            self.highlighted = index

    def build_strips(self, width: int) -> list[Strip]:
        concept = self.concept
        if concept is None:
            self._first_proposal_line = 0
            return self.text_strips(Text("Nothing selected", style="dim italic"), width)
        source = source_term(concept, self.src)
        strips = self.text_strips(self._head(concept, source), width)
        self._first_proposal_line = len(strips)
        scores = any(p.score is not None for p in self.items)
        counts = any(p.count is not None for p in self.items)
        cells = self._term_cells(width, scores, counts)
        chosen_style = self.get_component_rich_style("detail--chosen")
        for i, p in enumerate(self.items):
            mark = "▸ " if i == self.highlighted else "  "
            line = Text(mark, no_wrap=True, overflow="crop")
            line.append_text(term_line(p.term, p.score, p.count, cells, scores, counts))
            # Cut here rather than by Rich's overflow="ellipsis", which leaves a gap
            # before the ellipsis after a Chinese character cut in half.
            strip = self.text_strips(truncate_text(line, width), width)[0]
            if i == self.highlighted:
                strip = strip.apply_style(chosen_style)
            strips.append(strip)
        info = self._info(concept, source)
        chosen = self.chosen
        if chosen is not None and cell_len(one_line(chosen.text)) >= cells:
            # Cut above (and two proposals cut alike look the same): the one `a` approves whole.
            info = Text.assemble(("▸ In full: ", "bold"), one_line(chosen.text), "\n", info)
        info.rstrip()
        if info:
            strips += self.text_strips(info, width)
        return strips

    def _term_cells(self, width: int, scores: bool, counts: bool) -> int:
        """The term column: as wide as the longest proposal, but no wider than leaves room
        for the score, count and state after it (a longer proposal is cut; the status,
        last, may be cut off)."""
        longest = max((cell_len(one_line(p.term.text)) for p in self.items), default=0)
        after = 2 + max((cell_len(p.term.state) for p in self.items), default=0)  # "▸ "
        if scores:
            after += SCORE_CELLS
        if counts:
            after += max(cell_len(_count_text(p.count)) for p in self.items)
        return min(longest + 2, max(MIN_TERM_CELLS, width - after))

    def _head(self, concept: Concept, source: Term | None) -> Text:
        text = Text()
        if source is None:
            return text
        text.append(one_line(source.text), style="bold")  # as the table shows it
        text.append(f"  {concept.id}", style="dim")
        text.append("\n")
        text.append(source.state, style=STATE_STYLE.get(source.state, ""))
        score, freq = term_score(source), term_frequency(source)
        if score is not None:
            text.append(f"  score {score:.2f}", style="cyan")
        if freq is not None:
            text.append(f"  freq {freq}", style="dim")
        if source.status:
            text.append(f"  {source.status}", style="magenta")
        if source.part_of_speech:
            text.append(f"  {source.part_of_speech}", style="italic")
        label = f"\nProposals ({self.tgt})" if self.items else "\nNo target yet"
        text.append(label, style="bold underline" if "Proposals" in label else "dim italic")
        return text

    def _info(self, concept: Concept, source: Term | None) -> Text:
        text = Text()

        def field(label: str, value: str | None) -> None:
            if value:
                text.append(f"{label}: ", style="bold")
                text.append(value + "\n")

        synonyms = [
            t.text for t in concept.terms(self.src) if t is not source and t.state != "rejected"
        ]
        field("Synonyms", ", ".join(synonyms))
        if source is not None:
            field("Part of speech", source.part_of_speech)
        field("Definition", concept.definition or _section_definition(concept, self.src))
        field("Subject", concept.subject_field)
        for note in concept.notes:
            field("Note", note)
        others = [
            sec for sec in concept.languages
            if not lang_matches(self.src, sec.lang) and not lang_matches(self.tgt, sec.lang)
        ]  # fmt: skip
        for sec in others:
            field(sec.lang, ", ".join(t.text for t in sec.terms))
        if source is not None:
            prov = source.provenance
            found = prov.get("found") or [c.source for c in source.contexts if c.source]
            if isinstance(found, list) and found:
                field("Found in", found_in([str(f) for f in found]))
            evidence = sorted(
                {e for p in self.items for e in (p.term.provenance.get("evidence") or [])}
            )
            field("Evidence", ", ".join(str(e) for e in evidence))
            reviewed = [t for t in concept.terms() if t.reviewer]
            if reviewed:
                t = reviewed[-1]
                field("Reviewed", f"{t.reviewer} {t.review_date or ''}".strip())
        return text


def _section_definition(concept: Concept, lang: str) -> str | None:
    return next(
        (s.definition for s in concept.languages if lang_matches(lang, s.lang) and s.definition),
        None,
    )


def found_in(places: list[str], most: int = 6) -> str:
    """``a.tsv:1``, ``a.tsv:4`` as ``a.tsv:1, 4``: the file named once, without its folder;
    memory aligned from two texts by their stem (``report.en.txt+report.zh-CN.txt`` as
    ``report``)."""
    by_file: dict[str, list[str]] = {}
    for place in places:
        name, sep, line = place.rpartition(":")
        if not sep or not line.isdigit():
            name, line = place, ""
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        by_file.setdefault(aligned_stem(name) or name, []).append(line)
    parts = []
    for name, lines in by_file.items():
        lines = [x for x in lines if x]
        shown = ", ".join(lines[:most]) + (f" (+{len(lines) - most})" if len(lines) > most else "")
        parts.append(f"{name}:{shown}" if shown else name)
    return "; ".join(parts)
