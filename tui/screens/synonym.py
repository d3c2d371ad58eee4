"""Add a synonym: a term in the source or target language, with its status."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from glossary.model import STATUSES, Concept
from tui.screens.form import FormScreen


class SynonymScreen(FormScreen[tuple[str, str, str | None] | None]):
    """Returns (language, text, status), or None when cancelled."""

    def __init__(self, concept: Concept, src: str, tgt: str) -> None:
        super().__init__()
        self.concept = concept
        self.src = src
        self.tgt = tgt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Add a synonym to {self.concept.id}", classes="dialog-title")
            yield Label("Term")
            yield Input(id="syn-text", placeholder="the new term", compact=True)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Language")
                    yield Select(
                        [(self.tgt, self.tgt), (self.src, self.src)],
                        value=self.tgt,
                        allow_blank=False,
                        id="syn-lang",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Status")
                    yield Select(
                        [(s, s) for s in STATUSES],
                        value="admitted",
                        allow_blank=False,
                        id="syn-status",
                        compact=True,
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#syn-text", Input).focus()

    def action_save(self) -> None:
        text = self.query_one("#syn-text", Input).value.strip()
        if not text:
            self.notify("Type the synonym first.", severity="warning")
            return
        lang = self.query_one("#syn-lang", Select).value
        status = self.query_one("#syn-status", Select).value
        self.dismiss((str(lang), text, str(status)))
