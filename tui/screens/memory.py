"""Search the memory: fuzzy matches for a sentence and concordance lines for words."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tm.lang import is_cjk_lang
from tui.widgets.concordance import ConcordanceView, memory_line
from tui.widgets.key_bar import KeyBar
from tui.widgets.matches import MatchesView


class MemoryScreen(Screen):
    """Type a word or a sentence; both panes follow as you type (in a worker)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "swap", "Swap languages"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.swapped = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="memory-bar"):
            yield Input(
                self.initial, placeholder="Search the memory…", id="memory-query", compact=True
            )
            yield Static(id="memory-langs")
        yield Static("Fuzzy matches", classes="pane-title")
        yield MatchesView(id="memory-matches")
        yield Static("Concordance", classes="pane-title")
        yield ConcordanceView(id="memory-concordance")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#memory-query", Input).focus()
        self._show_langs()
        self.search(self.initial)

    def _langs(self, text: str) -> tuple[str, str]:
        src, tgt = self.app.session.src, self.app.session.tgt
        # A Chinese query searches the Chinese side whatever the review direction.
        has_han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
        if has_han and not is_cjk_lang(src) and is_cjk_lang(tgt):
            src, tgt = tgt, src
        if self.swapped:
            src, tgt = tgt, src
        return src, tgt

    def _show_langs(self) -> None:
        src, tgt = self._langs(self.query_one("#memory-query", Input).value)
        self.query_one("#memory-langs", Static).update(f" {src} → {tgt} ")

    @on(Input.Changed, "#memory-query")
    def _changed(self, event: Input.Changed) -> None:
        self._show_langs()
        self.search(event.value)

    @work(thread=True, exclusive=True, group="memory-search", exit_on_error=False)
    def search(self, text: str) -> None:
        text = text.strip()
        src, tgt = self._langs(text)
        matches, lines = [], []
        message = "Type a word or a sentence."
        with self.app.session.memory() as memory:
            if memory is None:
                message = "The memory is empty: concord tm import FILE --src en --tgt zh-CN"
            elif text and not get_current_worker().is_cancelled:
                matches = memory.lookup(text, src, tgt, limit=8, min_score=50)
                found = memory.concordance(text, [src], limit=30)
                memory.attach_origins([*matches, *found])  # one query for the lot
                lines = [memory_line(c) for c in found]
                message = f"Nothing in the memory for “{text}”."
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, matches, lines, message)

    def _show(self, matches, lines, message: str) -> None:
        self.query_one(MatchesView).show(matches, message)
        self.query_one(ConcordanceView).show(lines, message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.show_error(event.worker.error)

    def action_swap(self) -> None:
        self.swapped = not self.swapped
        self._show_langs()
        self.search(self.query_one("#memory-query", Input).value)

    def action_back(self) -> None:
        self.app.pop_screen()
