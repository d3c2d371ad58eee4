"""Edit an entry: the source term, the chosen target, status, part of speech, definition, note."""

from __future__ import annotations

import copy

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from glossary.model import PARTS_OF_SPEECH, STATUSES, Concept, Term
from tm.lang import lang_matches
from tui.screens.form import FormScreen
from tui.widgets.term_rows import source_term


class EditScreen(FormScreen[Concept | None]):
    """Returns the edited concept (a copy), or None when cancelled."""

    def __init__(self, concept: Concept, src: str, tgt: str, chosen: Term | None, who: str) -> None:
        super().__init__()
        self.concept = copy.deepcopy(concept)
        self.src, self.tgt, self.who = src, tgt, who
        self.source = source_term(self.concept, src)
        self.target = _same(self.concept, tgt, chosen)

    def compose(self) -> ComposeResult:
        source, target = self.source, self.target
        pos = (source and source.part_of_speech) or (target and target.part_of_speech)
        with Vertical(classes="dialog"):
            yield Static(f"Edit {self.concept.id}", classes="dialog-title")
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(f"Source term ({self.src})")
                    yield Input(source.text if source else "", id="edit-source", compact=True)
                with Vertical():
                    yield Label(f"Target term ({self.tgt})")
                    yield Input(target.text if target else "", id="edit-target", compact=True)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Target status")
                    yield Select(
                        [(s, s) for s in STATUSES],
                        value=(target.status if target and target.status else Select.NULL),
                        prompt="(none)",
                        id="edit-status",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Part of speech")
                    yield Select(
                        [(p, p) for p in PARTS_OF_SPEECH],
                        value=pos or Select.NULL,
                        prompt="(none)",
                        id="edit-pos",
                        compact=True,
                    )
            yield Label("Definition")
            yield Input(self.concept.definition or "", id="edit-definition", compact=True)
            yield Label("Note")
            yield Input(
                self.concept.notes[0] if self.concept.notes else "", id="edit-note", compact=True
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-target" if self.target else "#edit-source", Input).focus()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def action_save(self) -> None:
        concept = self.concept
        source_text = self._value("#edit-source")
        target_text = self._value("#edit-target")
        if not source_text:
            self.notify("The source term cannot be empty.", severity="warning")
            return
        status = self.query_one("#edit-status", Select).value
        pos = self.query_one("#edit-pos", Select).value
        status = None if status is Select.NULL else str(status)
        pos = None if pos is Select.NULL else str(pos)
        if self.source is not None:
            self.source.text = source_text
        else:
            self.source = Term(source_text)
            concept.section(self.src, create=True).terms.append(self.source)
        if target_text:
            if self.target is None:
                self.target = Term(target_text, reviewer=self.who)
                concept.section(self.tgt, create=True).terms.append(self.target)
            self.target.text = target_text
            self.target.status = status
        elif self.target is not None:
            section = next(s for s in concept.languages if self.target in s.terms)
            section.terms.remove(self.target)
            concept.languages = [s for s in concept.languages if s.terms]
        for term in (self.source, self.target if target_text else None):
            if term is not None:
                term.part_of_speech = pos
        concept.definition = self._value("#edit-definition") or None
        note = self._value("#edit-note")
        if concept.notes:
            concept.notes = ([note] if note else []) + concept.notes[1:]
        elif note:
            concept.notes = [note]
        self.dismiss(concept)


def _same(concept: Concept, lang: str, chosen: Term | None) -> Term | None:
    """*chosen* (from another copy of the concept) in this copy, else the best target."""
    terms = [t for s in concept.languages if lang_matches(lang, s.lang) for t in s.terms]
    if chosen is not None:
        for term in terms:
            if term.text == chosen.text:
                return term
    live = [t for t in terms if t.state != "rejected"]
    return live[0] if live else None
