"""The main screen: the term table, the selected entry's detail, its concordance and matches.

Every decision is written to the store the moment it is taken (``ReviewSession.save``);
the table row is then redrawn in place and the cursor moves on to the next pending
candidate. Loading and memory lookups run in thread workers; filtering runs on the UI
thread because it is a few milliseconds of list work.

This module lays the screen out, loads, filters and sorts the rows; what the panes show
for the selected row is in :mod:`~tui.screens.term_panes`, what the review keys do in
:mod:`~tui.screens.term_actions`.
"""

from __future__ import annotations

import gc
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from glossary.model import Concept
from tm.errors import ConcordError
from tui.screens.term_actions import TermActions
from tui.screens.term_panes import TermPanes
from tui.widgets.concordance import ConcordanceView
from tui.widgets.detail import DetailPane
from tui.widgets.key_bar import KeyBar
from tui.widgets.matches import MatchesView
from tui.widgets.term_rows import SORTS, STATE_FILTERS, RowFilter, TermRow, load_rows, sort_rows
from tui.widgets.term_table import TermTable

FIRST_PAGE_SQL = (
    "SELECT id FROM glossary_concept ORDER BY "
    "json_extract(data, '$.languages[0].terms[0].provenance.score') DESC, id LIMIT 300"
)
EMPTY_HELP = (
    "The termbase is empty. Fill it with one of:\n"
    "    concord extract CORPUS.tsv --src en --tgt zh-CN   (term candidates)\n"
    "    concord glossary import terms.tbx                 (an existing termbase)\n"
    "    concord review terms.tbx                          (import and review)\n"
    "  or press ctrl+p and choose Import."
)


class TermsScreen(TermActions, TermPanes, Screen):
    """Review candidates and curate concepts."""

    AUTO_FOCUS = "#terms"
    BINDINGS = [
        # In the order of the key bar, which drops the last ones on a narrow screen.
        Binding("a", "approve", "Approve"),
        Binding("r", "reject", "Reject"),
        Binding("u", "undo", "Undo"),
        Binding("e", "edit", "Edit"),
        Binding("slash", "search", "Filter", key_display="/"),
        Binding("f", "app.findings", "Findings"),
        Binding("t", "cycle_state", "State"),
        Binding("o", "cycle_sort", "Sort"),
        Binding("n", "pending(1)", "Next"),
        Binding("s", "synonym", "Synonym"),
        Binding("ctrl+r", "redo", "Redo", show=False),
        Binding("p", "pending(-1)", "Prev", show=False),
        Binding("c", "toggle_tab", "Conc/TM", show=False),
        Binding("m", "memory_search", "Memory", show=False),
        Binding("ctrl+l", "refresh", "Refresh", show=False),
        Binding("escape", "focus_table", "Table", show=False),
    ]

    state_filter: reactive[str] = reactive("candidate")
    sort_key: reactive[str] = reactive("score")

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[TermRow] = []
        self.loaded = False
        self.partial = False
        self.row_filter = RowFilter()
        self._shown: int | None = None  # the row id the detail pane shows
        self._searching = None  # the timer that says "Searching the memory…"
        self._status_cells = 0
        self._page_shown = threading.Event()

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-bar"):
            yield Input(placeholder="Filter… (both languages, fuzzy)", id="filter", compact=True)
            yield Static(id="view-status")
        with Horizontal(id="main"):
            yield TermTable(id="terms")
            yield DetailPane(id="detail")
        with TabbedContent(id="bottom"):
            with TabPane("Concordance", id="tab-concordance"):
                yield ConcordanceView(id="concordance")
            with TabPane("Memory matches", id="tab-matches"):
                yield MatchesView(id="matches")
        yield KeyBar()

    @property
    def session(self):
        return self.app.session

    @property
    def table(self) -> TermTable:
        return self.query_one(TermTable)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self._update_status()
        self.load()
        seconds = getattr(self.app, "poll_seconds", None)
        if seconds:
            self.set_interval(seconds, self._poll)

    # --- loading -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, keep: int | None = None) -> None:
        """Read every concept into rows, in a worker.

        On the first load, sorted by score, the best few hundred rows are read first and
        shown at once (they are the top of the full list), then the whole termbase.
        """
        session = self.session
        conn = session.reader()
        worker = get_current_worker()
        try:
            if not self.loaded and self.sort_key == "score":
                ids = [r[0] for r in conn.execute(FIRST_PAGE_SQL)]
                page = load_rows(conn, session.src, session.tgt, ids)
                if page and not worker.is_cancelled:
                    self.app.call_from_thread(self._loaded, page, keep, True)
                    # Reading the rest holds the interpreter: let the first screen paint.
                    self._page_shown.wait(timeout=1.0)
                if worker.is_cancelled:
                    return
            rows = load_rows(conn, session.src, session.tgt)
        finally:
            conn.close()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._loaded, rows, keep, False)

    def _loaded(self, rows: list[TermRow], keep: int | None, partial: bool = False) -> None:
        self.all_rows = sort_rows(rows, self.sort_key)
        self.partial = partial
        self._shown = None  # the concepts may have changed: show the selected one again
        if not partial:
            self.loaded = True
            if not rows:
                self.table.empty_text = EMPTY_HELP
            elif self.state_filter == "candidate" and not any(r.state == "candidate" for r in rows):
                self.state_filter = "all"  # nothing pending: show everything, not nothing
        self.apply_filter(keep=keep)
        if not partial:
            # Tens of thousands of long-lived rows: keep them out of the collector's full
            # passes, which would otherwise stall a key press for a few hundred ms.
            gc.freeze()
        if partial:
            self.show_row(self.table.current)
            self.call_after_refresh(self._page_shown.set)

    def on_unmount(self) -> None:
        gc.unfreeze()  # the rows go back to the collector with the screen

    def _poll(self) -> None:
        try:
            if self.session.changed_elsewhere():
                self.action_refresh()
        except ConcordError as exc:
            self.app.show_error(exc)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.show_error(event.worker.error)

    # --- filtering and sorting ----------------------------------------------------------------

    def apply_filter(self, keep: int | None = None) -> None:
        if keep is None and self.table.current is not None:
            keep = self.table.current.db_id
        text = self.query_one("#filter", Input).value
        rows = self.row_filter(self.all_rows, self.state_filter, text)
        if self.all_rows and not rows:
            self.table.empty_text = (
                f"No {self._state_word()} matches “{text}”."
                if text
                else f"No {self._state_word()}. Press t to see other states."
            )
        self.table.set_rows(rows, keep=keep)
        self._update_status()

    def _state_word(self) -> str:
        return {"all": "entry", "candidate": "pending candidate"}.get(
            self.state_filter, f"{self.state_filter} entry"
        )

    def _update_status(self) -> None:
        shown = len(self.table.rows)
        total = len(self.all_rows)
        text = Text()
        text.append(f" {self.state_filter} ", style="reverse")
        text.append(f" {shown:,} of {total:,}", style="bold")
        text.append(f" · by {self.sort_key}", style="dim")
        if self.partial:
            text.append(" · loading…", style="italic")
        pending = self._pending_count()
        if pending and self.state_filter != "candidate":
            text.append(f" · {pending:,} pending", style="yellow")
        # A layout only when the width changes (the filter field gives or takes the room).
        cells = text.cell_len
        self.query_one("#view-status", Static).update(text, layout=cells != self._status_cells)
        self._status_cells = cells

    def _pending_count(self) -> int:
        rows = self.all_rows
        if getattr(self, "_pending_for", None) is not rows:
            self._pending_for = rows
            self._pending = sum(1 for r in rows if r.state == "candidate")
        return self._pending

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if self.loaded or self.partial:
            self.apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def watch_state_filter(self) -> None:
        if self.loaded:
            self.apply_filter()

    def watch_sort_key(self) -> None:
        if self.loaded:
            self.all_rows = sort_rows(self.all_rows, self.sort_key)
            self.apply_filter()

    def action_cycle_state(self) -> None:
        i = STATE_FILTERS.index(self.state_filter)
        self.state_filter = STATE_FILTERS[(i + 1) % len(STATE_FILTERS)]

    def action_cycle_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]

    @on(TermTable.HeaderClicked)
    def _header_clicked(self, event: TermTable.HeaderClicked) -> None:
        wanted = {"score": "score", "freq": "frequency", "source": "alphabet"}.get(event.column)
        if wanted:
            self.sort_key = wanted
        elif event.column in ("state", "mark"):
            self.action_cycle_state()

    def action_search(self) -> None:
        # At once, not after a refresh: keys typed right after "/" go into the field.
        self.set_focus(self.query_one("#filter", Input))

    def action_focus_table(self) -> None:
        self.table.focus()

    def on_key(self, event) -> None:
        # Down or Escape in the filter hands the keyboard back to the table.
        focused = self.focused
        if (
            isinstance(focused, Input)
            and focused.id == "filter"
            and event.key
            in (
                "down",
                "escape",
            )
        ):
            self.table.focus()
            event.stop()

    # --- selection and decisions (Textual finds @on handlers only in the screen's class) ---

    @on(TermTable.Highlighted)
    def _highlighted(self, event: TermTable.Highlighted) -> None:
        row = event.row
        if row is not None and row.db_id == self._shown:
            return  # the filter kept the selection: nothing to redraw
        self.show_row(row)

    @on(DetailPane.ProposalChosen)
    def _proposal_chosen(self) -> None:
        self.action_approve()
        self.table.focus()

    # --- from the findings ------------------------------------------------------------------------

    def concept_for_term(self, text: str, expected: list[str] | None = None) -> int | None:
        """The row id of the concept with the term *text*: one that also has an expected
        rendering first, then an approved one, then any."""
        concepts = self.session.store.find_term(text)
        if not concepts:
            return None
        wanted = {e.casefold() for e in expected or []}

        def rank(concept: Concept) -> tuple[int, int]:
            texts = {t.text.casefold() for t in concept.terms()}
            approved = any(t.state == "approved" for t in concept.terms())
            return (0 if wanted & texts else 1, 0 if approved else 1)

        return min(concepts, key=rank).db_id

    def select_concept(self, db_id: int) -> None:
        """Put the cursor on the concept *db_id*, showing every state and no filter if the
        current view hides it."""
        self.table.focus()
        if self.table.move_to(db_id):
            return
        field = self.query_one("#filter", Input)
        with field.prevent(Input.Changed):
            field.value = ""
        if self.state_filter != "all":
            self.set_reactive(TermsScreen.state_filter, "all")
        self.apply_filter(keep=db_id)
        if not self.table.move_to(db_id):
            self.app.notify("That concept is not loaded yet; try again in a moment.")

    def action_refresh(self) -> None:
        current = self.table.current
        self.load(current.db_id if current else None)

    def action_memory_search(self) -> None:
        from tui.screens.memory import MemoryScreen

        row = self.table.current
        self.app.push_screen(MemoryScreen(row.source if row else ""))
