"""The panes around the term table: the selected concept's detail, concordance and matches.

The detail is read at once (one row); the concordance and the memory's fuzzy matches come
from a thread worker, since a large memory takes a while to search.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import TabbedContent
from textual.worker import get_current_worker

from glossary.model import Concept, Term
from tui.widgets.concordance import ConcordanceView, KwicLine, corpus_lines, memory_line
from tui.widgets.matches import MatchesView
from tui.widgets.term_rows import TermRow, source_term

if TYPE_CHECKING:
    from textual.timer import Timer


class TermPanes:
    """What :class:`~tui.screens.terms.TermsScreen` shows for its selected row, mixed into it.

    It works on the screen's table, detail pane and session; the message handler that
    calls :meth:`show_row` is on the screen (Textual finds ``@on`` handlers only there).
    """

    _shown: int | None  # the row id the detail pane shows
    _searching: Timer | None  # the timer that says "Searching the memory…"
    _page_shown: threading.Event  # set once the first rows are on the screen

    def show_row(self, row: TermRow | None, keep_target: str | None = None) -> None:
        """Detail at once (one row read); concordance and matches from a worker.

        The concordance of the previous row stays until the new one is ready (a few
        milliseconds); only a slow memory gets the extraction contexts and a note first.
        """
        if self._searching is not None:
            self._searching.stop()
            self._searching = None
        if row is None:
            self._shown = None
            self.workers.cancel_group(self, "lookup")
            self.detail.show(None, self.session.src, self.session.tgt)
            self.query_one(ConcordanceView).show([], "")
            self.query_one(MatchesView).show([], "")
            return
        self._shown = row.db_id
        concept = self.session.store.get(row.db_id)
        self.detail.show(concept, self.session.src, self.session.tgt, keep=keep_target)
        if concept is None:
            return
        corpus = corpus_lines(concept, self.session.src, self.session.tgt)

        def still_searching() -> None:
            self._searching = None
            if self._shown == concept.db_id:
                self.query_one(ConcordanceView).show(corpus, "Searching the memory…")

        self._searching = self.set_timer(0.25, still_searching)
        if self._page_shown.is_set():
            self.lookup(concept, corpus)
        else:  # the first screen paints before the lookup takes the interpreter
            self.call_after_refresh(self.lookup, concept, corpus)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def lookup(self, concept: Concept, corpus: list[KwicLine]) -> None:
        session = self.session
        src, tgt = session.src, session.tgt
        source = source_term(concept, src)
        target = self.detail_target(concept)
        found = []
        matches = []
        with session.memory() as memory:
            worker = get_current_worker()
            if memory is not None and not worker.is_cancelled:
                for term, lang in ((source, src), (target, tgt)):
                    if term is not None:
                        found += memory.concordance(term.text, [lang], limit=10)
                query = _context_sentence(concept, source, src)
                if query and not worker.is_cancelled:
                    matches = memory.lookup(query, src, tgt, limit=5, min_score=50)
                if not worker.is_cancelled:
                    memory.attach_origins([*found, *matches])  # one query for the lot
        if get_current_worker().is_cancelled:
            return
        lines = [memory_line(c) for c in found]
        note = "" if session.use_memory else "The memory is off."
        if memory is None and not corpus:
            note = "No concordance: the memory is empty and extraction recorded no contexts."
        seen = {line.text for line in lines}
        lines += [c for c in corpus if c.text not in seen and c.partner not in seen]
        self.app.call_from_thread(self._looked_up, concept.db_id, lines, matches, note)

    def detail_target(self, concept: Concept) -> Term | None:
        from tui.widgets.term_rows import proposals

        items = [p for p in proposals(concept, self.session.tgt) if p.term.state != "rejected"]
        return items[0].term if items else None

    def _looked_up(self, db_id: int, lines: list[KwicLine], matches, note: str) -> None:
        current = self.table.current
        if current is None or current.db_id != db_id:
            return
        if self._searching is not None:
            self._searching.stop()
            self._searching = None
        self.query_one(ConcordanceView).show(lines, note or "No concordance lines.")
        self.query_one(MatchesView).show(matches, "No fuzzy matches for this term's context.")

    def action_toggle_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-matches" if tabs.active == "tab-concordance" else "tab-concordance"


def _context_sentence(concept: Concept, source: Term | None, src: str) -> str | None:
    """A sentence that shows the term in use (the first context), else the term itself."""
    for term in concept.terms(src):
        for ctx in term.contexts:
            return ctx.text
        for ex in term.provenance.get("examples", []) or []:
            if isinstance(ex, dict) and ex.get("source"):
                return ex["source"]
    return source.text if source else None
