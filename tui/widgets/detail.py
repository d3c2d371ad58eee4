"""The selected concept: its source term, every target proposal with its score, its data."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from glossary.model import Concept, Term
from tm.lang import lang_matches
from tui.widgets.term_rows import Proposal, proposals, source_term, term_frequency, term_score

STATE_STYLE = {"candidate": "yellow", "approved": "green", "rejected": "dim strike"}


def term_line(term: Term, score: float | None, count: int | None, width: int = 18) -> Text:
    """One proposal: the term, its score and count, its state and status."""
    from rich.cells import cell_len

    text = Text()
    text.append(term.text, style="bold" if term.state == "approved" else "")
    text.append(" " * max(1, width - cell_len(term.text)))
    text.append(f"{score:.2f}" if score is not None else "    ", style="cyan")
    text.append(f" ×{count:<3}" if count is not None else "     ", style="dim")
    text.append(f" {term.state}", style=STATE_STYLE.get(term.state, ""))
    if term.status:
        text.append(f" {term.status}", style="magenta")
    return text


class DetailPane(Vertical):
    """Source term and data on top, target proposals to pick from below."""

    DEFAULT_CSS = """
    DetailPane { height: 1fr; }
    DetailPane #detail-head { height: auto; padding: 0 1; }
    DetailPane #proposals { height: auto; max-height: 8; border: none; padding: 0; }
    DetailPane #detail-body { height: 1fr; padding: 0 1; }
    """

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

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head")
        yield OptionList(id="proposals")
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-info")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.items):
            self.post_message(self.ProposalChosen(self.items[event.option_index]))

    @property
    def chosen(self) -> Term | None:
        """The highlighted proposal (the target that `a` approves)."""
        options = self.query_one("#proposals", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index].term

    def show(self, concept: Concept | None, src: str, tgt: str, keep: str | None = None) -> None:
        """Display *concept*; the proposal with text *keep* stays highlighted."""
        self.concept, self.src, self.tgt = concept, src, tgt
        head = self.query_one("#detail-head", Static)
        options = self.query_one("#proposals", OptionList)
        info = self.query_one("#detail-info", Static)
        if concept is None:
            self.items = []
            head.update(Text("Nothing selected", style="dim italic"))
            options.clear_options()
            options.display = False
            info.update("")
            return
        source = source_term(concept, src)
        head.update(self._head(concept, source))
        self.items = proposals(concept, tgt)
        options.display = bool(self.items)
        width = max((_cells(p.term.text) for p in self.items), default=0) + 2
        options.set_options(Option(term_line(p.term, p.score, p.count, width)) for p in self.items)
        if self.items:
            index = next((i for i, p in enumerate(self.items) if p.term.text == keep), 0)
            options.highlighted = index
        info.update(self._info(concept, source))

    def _head(self, concept: Concept, source: Term | None) -> Text:
        text = Text()
        if source is None:
            return text
        text.append(source.text, style="bold")
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
        label = f"\nProposals ({self.tgt})" if proposals(concept, self.tgt) else "\nNo target yet"
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
                more = f" (+{len(found) - 3})" if len(found) > 3 else ""
                field("Found in", ", ".join(str(f) for f in found[:3]) + more)
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


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)
