"""The review keys of the terms screen: decisions, undo and redo, the next pending candidate.

Each decision is written to the store at once (``ReviewSession.save``); the rule of what
it does to the concept is in :mod:`tui.widgets.decisions`. The changed rows are then read
again and redrawn in place, and the cursor moves on.
"""

from __future__ import annotations

from glossary.model import Concept, Term
from tm.errors import ConcordError
from tm.lang import lang_matches
from tui.widgets import decisions
from tui.widgets.term_rows import RowFilter, TermRow, reload_row, source_term


class TermActions:
    """The actions on terms of :class:`~tui.screens.terms.TermsScreen`, mixed into it.

    They work on the screen's table, rows, detail pane and session; the message handler
    that approves a proposal clicked in the detail pane is on the screen (Textual finds
    ``@on`` handlers only there).
    """

    all_rows: list[TermRow]
    row_filter: RowFilter

    def _current_concept(self) -> tuple[TermRow, Concept] | None:
        row = self.table.current
        if row is None:
            self.app.notify("Nothing selected.", severity="warning")
            return None
        concept = self.session.store.get(row.db_id)
        if concept is None:
            self.app.notify("This entry was deleted elsewhere; refreshing.", severity="warning")
            self.action_refresh()
            return None
        return row, concept

    def _chosen_in(self, concept: Concept) -> Term | None:
        """The proposal highlighted in the detail pane, found again in a fresh copy."""
        chosen = self.detail.chosen
        if chosen is None:
            return None
        for sec in concept.languages:
            if lang_matches(self.session.tgt, sec.lang):
                for term in sec.terms:
                    if term.text == chosen.text:
                        return term
        return None

    def _save(self, concept: Concept, action: str, message: str, advance: bool) -> None:
        label = _label(concept, self.session.src)
        try:
            self.session.save(concept, action, label)
        except ConcordError as exc:
            self.app.show_error(exc)
            return
        self._refresh_rows([concept.db_id])
        self.app.notify(message, timeout=3)
        if advance:
            self.action_pending(1, quiet=True)
        else:
            self.show_row(self.table.current)

    def action_approve(self) -> None:
        found = self._current_concept()
        if found is None:
            return
        _row, concept = found
        chosen = self._chosen_in(concept)
        decisions.approve(concept, self.session.src, self.session.tgt, chosen, self.session.who)
        target = f" → {chosen.text}" if chosen is not None else ""
        self._save(
            concept, "approve", f"Approved {_label(concept, self.session.src)}{target}", True
        )

    def action_reject(self) -> None:
        found = self._current_concept()
        if found is None:
            return
        _row, concept = found
        decisions.reject(concept, self.session.who)
        self._save(concept, "reject", f"Rejected {_label(concept, self.session.src)}", True)

    def action_edit(self) -> None:
        from tui.screens.edit import EditScreen

        found = self._current_concept()
        if found is None:
            return
        _row, concept = found
        chosen = self._chosen_in(concept)

        def done(result: Concept | None) -> None:
            if result is not None:
                self._save(result, "edit", f"Saved {_label(result, self.session.src)}", False)
            self.table.focus()

        self.app.push_screen(
            EditScreen(concept, self.session.src, self.session.tgt, chosen, self.session.who), done
        )

    def action_synonym(self) -> None:
        from tui.screens.synonym import SynonymScreen

        found = self._current_concept()
        if found is None:
            return
        _row, concept = found

        def done(result: tuple[str, str, str | None] | None) -> None:
            if result is not None:
                lang, text, status = result
                decisions.add_synonym(concept, lang, text, status, self.session.who)
                self._save(concept, "synonym", f"Added {text} ({lang}) to {concept.id}", False)
            self.table.focus()

        self.app.push_screen(SynonymScreen(concept, self.session.src, self.session.tgt), done)

    def action_undo(self, redo: bool = False) -> None:
        try:
            label, touched = self.session.undo(redo=redo)
        except ConcordError as exc:
            self.app.notify(str(exc), severity="warning")
            return
        self._refresh_rows(touched)
        if touched:
            self.table.move_to(touched[0])
        self.show_row(self.table.current)
        self.app.notify(f"{'Redone' if redo else 'Undone'}: {label}", timeout=3)

    def action_redo(self) -> None:
        self.action_undo(redo=True)

    def _refresh_rows(self, db_ids: list[int]) -> None:
        """Re-read a few concepts into their rows (all rows when many changed)."""
        if len(db_ids) > 200:
            self.action_refresh()
            return
        conn = self.session.store.conn
        by_id = {r.db_id: i for i, r in enumerate(self.all_rows)}
        for db_id in db_ids:
            row = reload_row(conn, db_id, self.session.src, self.session.tgt)
            if row is None:
                self.all_rows = [r for r in self.all_rows if r.db_id != db_id]
                self.table.set_rows([r for r in self.table.rows if r.db_id != db_id])
                by_id = {r.db_id: i for i, r in enumerate(self.all_rows)}
                continue
            if db_id in by_id:
                self.all_rows[by_id[db_id]] = row
                self.table.replace_row(row)
            else:
                self.all_rows.append(row)
                self.row_filter.invalidate()
                self.apply_filter(keep=db_id)
        self.row_filter.invalidate()
        self._pending_for = None
        self._update_status()

    def action_pending(self, step: int, quiet: bool = False) -> None:
        """Move to the next (or previous) pending candidate in the table, wrapping around."""
        rows = self.table.rows
        n = len(rows)
        start = self.table.cursor
        for k in range(1, n + 1):
            i = (start + step * k) % n
            if rows[i].state == "candidate":
                if i == start:
                    break
                self.table.cursor = i
                return
        self.show_row(self.table.current)
        if not quiet or not any(r.state == "candidate" for r in rows):
            self.app.notify("No other pending candidate here.", timeout=3)


def _label(concept: Concept, src: str) -> str:
    term = source_term(concept, src)
    return f"{concept.id} {term.text}" if term else str(concept.id)
