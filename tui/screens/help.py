"""The help screen: every key of the workbench, and what the panes show."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    (
        "Review",
        [
            ("a", "approve the entry with the highlighted target proposal"),
            ("r", "reject the entry (every pending term)"),
            ("e", "edit terms, status, part of speech, definition, note"),
            ("s", "add a synonym"),
            ("u / ctrl+r", "undo / redo your latest decision"),
            ("n / p", "next / previous pending candidate"),
        ],
    ),
    (
        "Find",
        [
            ("/", "filter the table as you type (both languages, fuzzy)"),
            ("t", "show candidates, approved, rejected or all"),
            ("o", "sort by score, frequency or alphabet"),
            ("m", "search the memory (fuzzy matches and concordance)"),
            ("f", "findings: the memory checked against the termbase"),
            ("c", "switch the bottom pane: concordance / memory matches"),
        ],
    ),
    (
        "Move",
        [
            ("↑ ↓ j k", "move in the table"),
            ("PgUp PgDn", "a page up / down"),
            ("Home End", "the first / last row"),
            ("tab", "go to the target proposals; Enter there approves with that target"),
            ("esc", "back to the table"),
        ],
    ),
    (
        "Findings",
        [
            ("enter", "the finding's term in the table (no term: search the memory)"),
            ("/  c  s", "filter as you type; show one check, one severity at a time"),
            ("o", "group by check or severity, or list in file order"),
            ("r", "run the checks again (after changes to the termbase)"),
            ("esc", "clear the filter, else back to the table (findings are kept)"),
        ],
    ),
    (
        "App",
        [
            ("ctrl+p", "commands: import and export TBX, TMX, CSV; refresh"),
            ("ctrl+l", "reload (other instances' changes also appear by themselves)"),
            ("?", "this help"),
            ("q", "quit (every decision is already saved)"),
        ],
    ),
]


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for title, keys in KEYS:
        table.add_row(Text(title, style="bold underline"), "")
        for key, text in keys:
            table.add_row(key, text)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and panes; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(Text("Concord review — keys", style="bold"), classes="dialog-title")
            yield Static(help_table())

    def action_close(self) -> None:
        self.dismiss(None)
