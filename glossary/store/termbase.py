"""The termbase store itself: opening the file, and the edits that write concepts.

The class is put together from parts kept in their own modules: history, undo and redo
(:mod:`~glossary.store.history`), reads (:mod:`~glossary.store.queries`), imports
(:mod:`~glossary.store.importing`) and termbase information (:mod:`~glossary.store.info`).
Here are the writes they all build on.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from glossary.model import Concept, concept_to_dict, merge_concepts
from glossary.store.history import HistoryMixin
from glossary.store.importing import ImportMixin
from glossary.store.info import InfoMixin
from glossary.store.queries import QueryMixin
from glossary.store.rows import INSERT_TERM, check_concept, dumps, label, term_rows
from glossary.store.schema import MIGRATIONS
from tm.db import apply_migrations, connect
from tm.errors import UsageError
from tm.unit import utc_now


class GlossaryStore(HistoryMixin, QueryMixin, ImportMixin, InfoMixin):
    """The termbase of one store file. Open with ``GlossaryStore.open(path)``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        apply_migrations(conn, "glossary", MIGRATIONS)
        self._batch: int | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> GlossaryStore:
        return cls(connect(Path(path)))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> GlossaryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- low-level writes (inside an edit) -----------------------------------------------

    def _write(self, concept: Concept, db_id: int | None, record: bool = True) -> int:
        """Insert (db_id None) or replace a concept row and its term index."""
        data = dumps(concept_to_dict(concept))
        now = utc_now()
        before = None
        if db_id is None:
            cur = self.conn.execute(
                "INSERT INTO glossary_concept(ext_id, data, created_at, modified_at) "
                "VALUES (?, ?, ?, ?)",
                (concept.id, data, now, now),
            )
            db_id = cur.lastrowid
        else:
            row = self.conn.execute(
                "SELECT data FROM glossary_concept WHERE id = ?", (db_id,)
            ).fetchone()
            before = row[0] if row else None
            if row is None:
                self.conn.execute(
                    "INSERT INTO glossary_concept(id, ext_id, data, created_at, modified_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (db_id, concept.id, data, now, now),
                )
            else:
                self.conn.execute(
                    "UPDATE glossary_concept SET ext_id = ?, data = ?, modified_at = ? WHERE id = ?",
                    (concept.id, data, now, db_id),
                )
                self.conn.execute("DELETE FROM glossary_term WHERE concept_id = ?", (db_id,))
        self._index(db_id, concept)
        concept.db_id = db_id
        if record:
            self._record(db_id, concept.id, before, data)
        return db_id

    def _index(self, db_id: int, concept: Concept) -> None:
        self.conn.executemany(INSERT_TERM, term_rows(db_id, concept))

    def _delete(self, db_id: int) -> None:
        row = self.conn.execute(
            "SELECT ext_id, data FROM glossary_concept WHERE id = ?", (db_id,)
        ).fetchone()
        if row is None:
            return
        self.conn.execute("DELETE FROM glossary_concept WHERE id = ?", (db_id,))
        self._record(db_id, row[0], row[1], None)

    def _free_id(self, wanted: str | None) -> str:
        """*wanted* if no concept has it, else a fresh id (``c<n>``, or ``<wanted>-<n>``)."""
        if wanted and not self._ext_exists(wanted):
            return wanted
        n = (self.conn.execute("SELECT max(id) FROM glossary_concept").fetchone()[0] or 0) + 1
        while True:
            candidate = f"{wanted}-{n}" if wanted else f"c{n}"
            if not self._ext_exists(candidate):
                return candidate
            n += 1

    def _ext_exists(self, ext_id: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM glossary_concept WHERE ext_id = ?", (ext_id,)
            ).fetchone()
            is not None
        )

    # --- public edits ----------------------------------------------------------------------

    def add(self, concept: Concept, who: str | None = None) -> Concept:
        """Add *concept* (its id kept when free, else a new one); returns it with ids set."""
        check_concept(concept)
        with self.edit("add", who, label(concept)):
            concept.id = self._free_id(concept.id)
            self._write(concept, None)
        return concept

    def update(self, concept: Concept, who: str | None = None) -> Concept:
        """Replace the stored concept with the same ``db_id`` (or, lacking one, the same id)."""
        check_concept(concept)
        db_id = concept.db_id if concept.db_id is not None else self._db_id(concept.id)
        if db_id is None:
            raise UsageError(f"no concept {concept.id!r} in the termbase")
        with self.edit("edit", who, label(concept)):
            if not concept.id:
                concept.id = self.get(db_id).id
            self._write(concept, db_id)
        return concept

    def remove(self, ref: str | int, who: str | None = None) -> Concept:
        """Delete a concept by id (or row id); returns what was deleted."""
        concept = self.get(ref)
        if concept is None:
            raise UsageError(f"no concept {ref!r} in the termbase")
        with self.edit("remove", who, label(concept)):
            self._delete(concept.db_id)
        return concept

    def merge(self, keep: str | int, other: str | int, who: str | None = None) -> Concept:
        """Merge concept *other* into *keep* and delete *other*, as one edit."""
        a, b = self.get(keep), self.get(other)
        if a is None or b is None:
            raise UsageError(f"no concept {(keep if a is None else other)!r} in the termbase")
        with self.edit("merge", who, f"{b.id} into {a.id}"):
            merge_concepts(a, b)
            self._write(a, a.db_id)
            self._delete(b.db_id)
        return a
