"""Transactions and the history of edits: every edit is a batch that undo and redo swing.

Every edit runs in one transaction and is recorded as a *batch* in ``glossary_batch``
with one ``glossary_history`` row per concept touched (before and after, as JSON). Undo
restores the befores of the newest batch; redo re-applies its afters; a new edit drops the
redo stack.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from glossary.model import concept_from_dict
from tm.errors import StoreError, UsageError
from tm.unit import utc_now

# Batch states: 0 done, 1 undone (on the redo stack), 2 undone and dropped by a later edit.
_DONE, _UNDONE, _DROPPED = 0, 1, 2


@dataclass
class HistoryEntry:
    batch_id: int
    at: str
    who: str | None
    action: str
    summary: str | None
    undone: bool
    concept_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def default_user() -> str:
    """Who an edit is recorded under: ``$CONCORD_USER``, else the login name."""
    with contextlib.suppress(Exception):
        return os.environ.get("CONCORD_USER") or getpass.getuser()
    return "unknown"


class HistoryMixin:
    """Edits, undo, redo and history of :class:`~glossary.store.GlossaryStore`.

    Uses the store's ``get`` (to find a concept's history) and ``_index`` (to re-index
    the concepts an undo or redo puts back).
    """

    conn: sqlite3.Connection
    _batch: int | None  # the edit in progress, if any

    @contextlib.contextmanager
    def edit(
        self, action: str, who: str | None = None, summary: str | None = None
    ) -> Iterator[int]:
        """One transaction and one history batch; everything inside commits or nothing does."""
        if self._batch is not None:
            yield self._batch  # nested: part of the enclosing edit
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "UPDATE glossary_batch SET undone = ? WHERE undone = ?", (_DROPPED, _UNDONE)
            )
            cur = self.conn.execute(
                "INSERT INTO glossary_batch(at, who, action, summary) VALUES (?, ?, ?, ?)",
                (utc_now(), who or default_user(), action, summary),
            )
            self._batch = cur.lastrowid
            yield self._batch
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._batch = None

    def _record(self, db_id: int, ext_id: str, before: str | None, after: str | None) -> None:
        if self._batch is None:
            raise StoreError("internal: a termbase change outside an edit")
        self.conn.execute(
            "INSERT INTO glossary_history(batch_id, concept_id, ext_id, before, after) "
            "VALUES (?, ?, ?, ?, ?)",
            (self._batch, db_id, ext_id, before, after),
        )

    # --- undo and redo -------------------------------------------------------------------------

    def undo(self, who: str | None = None) -> HistoryEntry | None:
        """Revert the newest edit not yet undone; returns its batch, or None if nothing to undo."""
        return self._swing(undo=True)

    def redo(self, who: str | None = None) -> HistoryEntry | None:
        """Re-apply the most recently undone edit, unless a later edit dropped it."""
        return self._swing(undo=False)

    def _swing(self, undo: bool) -> HistoryEntry | None:
        if undo:
            row = self.conn.execute(
                "SELECT id FROM glossary_batch WHERE undone = ? ORDER BY id DESC LIMIT 1", (_DONE,)
            ).fetchone()
        else:
            row = self.conn.execute(
                "SELECT id FROM glossary_batch WHERE undone = ? ORDER BY id ASC LIMIT 1", (_UNDONE,)
            ).fetchone()
        if row is None:
            return None
        batch = row[0]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            rows = self.conn.execute(
                "SELECT concept_id, ext_id, before, after FROM glossary_history "
                "WHERE batch_id = ? ORDER BY id " + ("DESC" if undo else "ASC"),
                (batch,),
            ).fetchall()
            for db_id, _ext_id, before, after in rows:
                state = before if undo else after
                self.conn.execute("DELETE FROM glossary_concept WHERE id = ?", (db_id,))
                if state is not None:
                    concept = concept_from_dict(json.loads(state), db_id)
                    now = utc_now()
                    self.conn.execute(
                        "INSERT INTO glossary_concept(id, ext_id, data, created_at, modified_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (db_id, concept.id, state, now, now),
                    )
                    self._index(db_id, concept)
            self.conn.execute(
                "UPDATE glossary_batch SET undone = ? WHERE id = ?",
                (_UNDONE if undo else _DONE, batch),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return self._batch_entry(batch)

    def _batch_entry(self, batch: int) -> HistoryEntry:
        at, who, action, summary, undone = self.conn.execute(
            "SELECT at, who, action, summary, undone FROM glossary_batch WHERE id = ?", (batch,)
        ).fetchone()
        return HistoryEntry(batch, at, who, action, summary, undone != _DONE, None, None, None)

    def history(self, ref: str | int | None = None, limit: int = 50) -> list[HistoryEntry]:
        """Recorded changes, newest first: of one concept, or of the whole termbase."""
        sql = (
            "SELECT b.id, b.at, b.who, b.action, b.summary, b.undone, h.ext_id, h.before, "
            "CASE WHEN h.after_is_current THEN c.data ELSE h.after END "
            "FROM glossary_history h JOIN glossary_batch b ON b.id = h.batch_id "
            "LEFT JOIN glossary_concept c ON h.after_is_current AND c.id = h.concept_id"
        )
        params: list[Any] = []
        if ref is not None:
            concept = self.get(ref)
            if concept is None:
                raise UsageError(f"no concept {ref!r} in the termbase")
            sql += " WHERE h.concept_id = ?"
            params.append(concept.db_id)
        sql += " ORDER BY h.id DESC LIMIT ?"
        params.append(limit)
        return [
            HistoryEntry(
                r[0], r[1], r[2], r[3], r[4], r[5] != _DONE, r[6],
                json.loads(r[7]) if r[7] else None,
                json.loads(r[8]) if r[8] else None,
            )
            for r in self.conn.execute(sql, params)
        ]  # fmt: skip
