"""The termbase in the store's SQLite file, with a history of every edit for audit and undo.

Each concept is one row holding its JSON (the source of truth) plus an index of its terms
(``glossary_term``) for lookups, filters and duplicate checks. Every edit runs in one
transaction and is recorded as a *batch* in ``glossary_batch`` with one
``glossary_history`` row per concept touched (before and after, as JSON). Undo restores
the befores of the newest batch; redo re-applies its afters; a new edit drops the redo
stack. An import is one batch and one transaction: a failed import changes nothing.

An import does not copy each new concept's JSON into its history row: the row is marked
``after_is_current`` and its "after" is the concept row itself. Triggers copy the
concept's JSON into the history row before the concept row is next changed or deleted
(by an edit, a merge, a removal or an undo), so history, undo and redo see exactly what
they would had the copy been made at import time.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from glossary.model import (
    Concept,
    Term,
    best_term,
    concept_from_dict,
    concept_to_dict,
    merge_concepts,
)
from tm.db import apply_migrations, connect
from tm.errors import StoreError, UsageError
from tm.gcpause import gc_paused
from tm.lang import lang_matches
from tm.normalize import normalize
from tm.unit import utc_now

MIGRATIONS = [
    """
    CREATE TABLE glossary_concept (
        id INTEGER PRIMARY KEY,
        ext_id TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        modified_at TEXT NOT NULL
    );
    CREATE TABLE glossary_term (
        id INTEGER PRIMARY KEY,
        concept_id INTEGER NOT NULL REFERENCES glossary_concept(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        norm TEXT NOT NULL,
        status TEXT,
        state TEXT NOT NULL,
        pos TEXT,
        preferred INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX glossary_term_norm ON glossary_term(norm, lang);
    CREATE INDEX glossary_term_concept ON glossary_term(concept_id);
    CREATE TABLE glossary_batch (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT,
        action TEXT NOT NULL,
        summary TEXT,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE glossary_history (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES glossary_batch(id),
        concept_id INTEGER NOT NULL,
        ext_id TEXT,
        before TEXT,
        after TEXT
    );
    CREATE INDEX glossary_history_batch ON glossary_history(batch_id);
    CREATE INDEX glossary_history_concept ON glossary_history(concept_id);
    CREATE TABLE glossary_person (
        id TEXT PRIMARY KEY,
        name TEXT,
        data TEXT
    );
    CREATE TABLE glossary_meta (
        key TEXT PRIMARY KEY,
        value TEXT
    );
    """,
    # 2: an imported concept's "after" is its concept row until that row next changes.
    """
    ALTER TABLE glossary_history ADD COLUMN after_is_current INTEGER NOT NULL DEFAULT 0;
    CREATE TRIGGER glossary_concept_update_keeps_after AFTER UPDATE ON glossary_concept
    BEGIN
        UPDATE glossary_history SET after = OLD.data, after_is_current = 0
        WHERE concept_id = OLD.id AND after_is_current = 1;
    END;
    CREATE TRIGGER glossary_concept_delete_keeps_after AFTER DELETE ON glossary_concept
    BEGIN
        UPDATE glossary_history SET after = OLD.data, after_is_current = 0
        WHERE concept_id = OLD.id AND after_is_current = 1;
    END;
    """,
]

# Batch states: 0 done, 1 undone (on the redo stack), 2 undone and dropped by a later edit.
_DONE, _UNDONE, _DROPPED = 0, 1, 2


@dataclass
class Person:
    """Someone a transaction names (TBX back matter: ``refObject`` of type respPerson)."""

    id: str
    name: str | None = None
    items: list[tuple[str, str]] = field(default_factory=list)  # (item type, text), e.g. fn, email


@dataclass
class TermbaseInfo:
    """What a termbase file says about itself: header paragraphs and the people it names."""

    header: list[tuple[str, str]] = field(default_factory=list)  # (section, text), e.g. sourceDesc
    people: list[Person] = field(default_factory=list)


@dataclass
class Duplicate:
    """An incoming concept whose preferred term in a language is already in the termbase."""

    incoming: str | None  # the incoming concept's id
    existing: str  # the id of the concept already holding the term
    lang: str
    term: str
    merged: bool = False


@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # incoming id -> id given (clash)
    batch_id: int | None = None


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


def term_norm(text: str) -> str:
    """The form duplicate checks and exact lookups compare (case, width, spacing folded)."""
    return normalize(text)


class _ImportBuffer:
    """The new concepts of an import: checked a chunk at a time, written with ``executemany``.

    Asking the store about each concept (is its id taken, does another concept hold its
    preferred terms) costs more than writing it. So before each chunk, once the concepts
    before it are written, two queries answer those questions for the whole chunk. The
    answers hold as long as only this buffer writes; a merge rewrites a stored concept,
    so after one the store is asked concept by concept until the next chunk.
    """

    def __init__(self, store: GlossaryStore, batch: int) -> None:
        self.store = store
        self.batch = batch
        self.concepts: list[tuple] = []
        self.terms: list[tuple] = []
        self.history: list[tuple] = []
        self.pending: dict[tuple[str, str], str] = {}  # (norm, lang) of preferred terms -> id
        self.ids: set[str] = set()
        self.next_id = (
            store.conn.execute("SELECT max(id) FROM glossary_concept").fetchone()[0] or 0
        ) + 1
        self.now = utc_now()
        self.norms: dict[str, str] = {}  # term text -> term_norm, for the current chunk
        # id(concept) -> the best term of each of its sections, for the current chunk:
        self.bests: dict[int, list[Term | None]] = {}
        # What the store held when the chunk started (None: ask the store instead):
        self.holders: dict[tuple[str, str], list[tuple[int, str, int]]] | None = None
        self.taken: set[str] | None = None  # the chunk's ids that stored concepts have

    def norm(self, text: str) -> str:
        norm = self.norms.get(text)
        if norm is None:
            norm = self.norms[text] = term_norm(text)
        return norm

    def start_chunk(self, chunk: list[Concept]) -> None:
        """Write what is buffered, then look up everything the chunk will ask about."""
        self.flush()
        self.norms.clear()
        self.bests = {id(c): [best_term(sec.terms) for sec in c.languages] for c in chunk}
        wanted = {
            self.norm(best.text)
            for bests in self.bests.values()
            for best in bests
            if best is not None
        }
        conn = self.store.conn
        self.holders = {}
        for part in _parts(sorted(wanted)):
            for term_id, norm, lang, ext_id, db_id in conn.execute(
                "SELECT t.id, t.norm, t.lang, c.ext_id, c.id FROM glossary_term t "
                "JOIN glossary_concept c ON c.id = t.concept_id "
                f"WHERE t.preferred = 1 AND t.norm IN ({_marks(part)})",
                part,
            ):
                self.holders.setdefault((norm, lang), []).append((term_id, ext_id, db_id))
        for rows in self.holders.values():
            rows.sort()  # term order, as one query per term would return them
        self.taken = set()
        for part in _parts(sorted({c.id for c in chunk if c.id})):
            self.taken.update(
                row[0]
                for row in conn.execute(
                    f"SELECT ext_id FROM glossary_concept WHERE ext_id IN ({_marks(part)})", part
                )
            )

    def forget_lookups(self) -> None:
        """The store changed behind the buffer's back (a merge): ask it directly from now."""
        self.holders = self.taken = None

    def duplicates(self, concept: Concept) -> list[Duplicate]:
        """What :meth:`GlossaryStore.duplicates_of` says, from the chunk's lookups."""
        if self.holders is None:
            return self.store.duplicates_of(concept, self.pending)
        found = []
        for sec, best in zip(concept.languages, self._bests(concept), strict=True):
            if best is None:
                continue
            key = (self.norm(best.text), sec.lang)
            if key in self.pending:
                found.append(Duplicate(concept.id, self.pending[key], sec.lang, best.text))
                continue
            for _term_id, ext_id, db_id in self.holders.get(key, ()):
                if db_id != concept.db_id:
                    found.append(Duplicate(concept.id, ext_id, sec.lang, best.text))
        return found

    def _bests(self, concept: Concept) -> list[Term | None]:
        bests = self.bests.get(id(concept))
        if bests is None:
            bests = [best_term(sec.terms) for sec in concept.languages]
        return bests

    def _exists(self, ext_id: str) -> bool:
        if ext_id in self.ids:
            return True
        if self.taken is not None and ext_id in self.taken:
            return True
        return self.taken is None and self.store._ext_exists(ext_id)

    def free_id(self, wanted: str | None) -> str:
        if wanted and not self._exists(wanted):
            return wanted
        n = self.next_id
        while True:
            candidate = f"{wanted}-{n}" if wanted else f"c{n}"
            if candidate not in self.ids and not self.store._ext_exists(candidate):
                return candidate
            n += 1

    def add(self, concept: Concept) -> int:
        db_id, self.next_id = self.next_id, self.next_id + 1
        concept.db_id = db_id
        data = _dumps(concept_to_dict(concept))
        self.concepts.append((db_id, concept.id, data, self.now, self.now))
        rows = _term_rows(db_id, concept, self.norm, self._bests(concept))
        self.terms.extend(rows)
        # The history's "after" is the concept row (see the module docstring).
        self.history.append((self.batch, db_id, concept.id))
        self.ids.add(concept.id)
        for row in rows:
            if row[7]:
                self.pending.setdefault((row[3], row[1]), concept.id)
        return db_id

    def flush(self) -> None:
        if not self.concepts:
            return
        conn = self.store.conn
        conn.executemany(
            "INSERT INTO glossary_concept(id, ext_id, data, created_at, modified_at) "
            "VALUES (?, ?, ?, ?, ?)",
            self.concepts,
        )
        conn.executemany(_INSERT_TERM, self.terms)
        conn.executemany(
            "INSERT INTO glossary_history(batch_id, concept_id, ext_id, after_is_current) "
            "VALUES (?, ?, ?, 1)",
            self.history,
        )
        self.concepts.clear()
        self.terms.clear()
        self.history.clear()
        self.pending.clear()
        self.ids.clear()


class GlossaryStore:
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

    # --- transactions and history ------------------------------------------------------

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

    # --- low-level writes (inside an edit) -----------------------------------------------

    def _write(self, concept: Concept, db_id: int | None, record: bool = True) -> int:
        """Insert (db_id None) or replace a concept row and its term index."""
        data = _dumps(concept_to_dict(concept))
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
        self.conn.executemany(_INSERT_TERM, _term_rows(db_id, concept))

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
        _check(concept)
        with self.edit("add", who, _label(concept)):
            concept.id = self._free_id(concept.id)
            self._write(concept, None)
        return concept

    def update(self, concept: Concept, who: str | None = None) -> Concept:
        """Replace the stored concept with the same ``db_id`` (or, lacking one, the same id)."""
        _check(concept)
        db_id = concept.db_id if concept.db_id is not None else self._db_id(concept.id)
        if db_id is None:
            raise UsageError(f"no concept {concept.id!r} in the termbase")
        with self.edit("edit", who, _label(concept)):
            if not concept.id:
                concept.id = self.get(db_id).id
            self._write(concept, db_id)
        return concept

    def remove(self, ref: str | int, who: str | None = None) -> Concept:
        """Delete a concept by id (or row id); returns what was deleted."""
        concept = self.get(ref)
        if concept is None:
            raise UsageError(f"no concept {ref!r} in the termbase")
        with self.edit("remove", who, _label(concept)):
            self._delete(concept.db_id)
        return concept

    def import_concepts(
        self,
        concepts: Iterable[Concept],
        who: str | None = None,
        *,
        merge: bool = False,
        source: str | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Add every concept in one transaction: an error anywhere leaves the store unchanged.

        A concept whose preferred term in some language is already the preferred term of
        another concept is a duplicate: reported, and with *merge* merged into that concept.
        """
        report = ImportReport()
        renamed_with_refs: list[int] = []
        n = 0
        with gc_paused(), self.edit("import", who, source) as batch:
            report.batch_id = batch
            buffer = _ImportBuffer(self, batch)
            for chunk in _chunks(_checked(concepts), _CHUNK):
                buffer.start_chunk(chunk)
                for concept in chunk:
                    n += 1
                    dups = buffer.duplicates(concept)
                    report.duplicates.extend(dups)
                    if dups and merge:
                        buffer.flush()
                        buffer.forget_lookups()
                        target = self.get(dups[0].existing)
                        merge_concepts(target, concept)
                        self._write(target, target.db_id)
                        for dup in dups:
                            dup.merged = True
                        report.merged += 1
                    else:
                        wanted = concept.id
                        concept.id = buffer.free_id(wanted)
                        if wanted and wanted != concept.id:
                            report.renamed[wanted] = concept.id
                        db_id = buffer.add(concept)
                        if _has_cross_reference(concept):
                            renamed_with_refs.append(db_id)
                        report.added += 1
                    if on_progress and n % 500 == 0:
                        on_progress(n)
            buffer.flush()
            if report.renamed and renamed_with_refs:
                self._retarget(renamed_with_refs, report.renamed)
            summary = f"{source or 'import'}: {report.added} added, {report.merged} merged"
            self.conn.execute(
                "UPDATE glossary_batch SET summary = ? WHERE id = ?", (summary, batch)
            )
        return report

    def _retarget(self, db_ids: list[int], renamed: dict[str, str]) -> None:
        """Point cross-references of just-imported concepts at their concepts' new ids."""
        for db_id in db_ids:
            concept = self.get(db_id)
            changed = False
            for xref in _all_xrefs(concept):
                if xref.kind == "crossReference" and xref.target in renamed:
                    xref.target = renamed[xref.target]
                    changed = True
            if changed:
                data = _dumps(concept_to_dict(concept))
                self.conn.execute(
                    "UPDATE glossary_concept SET data = ? WHERE id = ?", (data, db_id)
                )
                self.conn.execute(
                    "UPDATE glossary_history SET after = ? WHERE batch_id = ? AND concept_id = ?",
                    (data, self._batch, db_id),
                )

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

    # --- reads -------------------------------------------------------------------------------------

    def _db_id(self, ref: str | int | None) -> int | None:
        if ref is None:
            return None
        if isinstance(ref, int):
            return ref
        row = self.conn.execute(
            "SELECT id FROM glossary_concept WHERE ext_id = ?", (ref,)
        ).fetchone()
        if row is None and ref.isdigit():
            row = self.conn.execute(
                "SELECT id FROM glossary_concept WHERE id = ?", (int(ref),)
            ).fetchone()
        return row[0] if row else None

    def get(self, ref: str | int) -> Concept | None:
        """A concept by its id (``c12``) or row id."""
        db_id = self._db_id(ref)
        if db_id is None:
            return None
        row = self.conn.execute(
            "SELECT data FROM glossary_concept WHERE id = ?", (db_id,)
        ).fetchone()
        return concept_from_dict(json.loads(row[0]), db_id) if row else None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM glossary_concept").fetchone()[0]

    def concepts(
        self,
        *,
        lang: str | None = None,
        state: str | None = None,
        status: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Concept]:
        """Stream concepts in id order, filtered on their terms.

        A concept passes when one of its terms matches every filter given: in language
        *lang* (``zh`` takes ``zh-CN``), in workflow *state*, with administrative *status*,
        containing *text* (case- and width-insensitive).
        """
        where, params = [], []
        if state:
            where.append("t.state = ?")
            params.append(state)
        if status:
            where.append("t.status = ?")
            params.append(status)
        if text:
            where.append("t.norm LIKE ? ESCAPE '\\'")
            params.append("%" + _like_escape(term_norm(text)) + "%")
        if lang:
            where.append("(lower(t.lang) = lower(?) OR lower(t.lang) LIKE lower(?) || '-%')")
            params.extend([lang, lang])
        if where:
            sql = (
                "SELECT c.id, c.data FROM glossary_concept c WHERE c.id IN ("
                "SELECT t.concept_id FROM glossary_term t WHERE " + " AND ".join(where) + ")"
                " ORDER BY c.id"
            )
        else:
            sql = "SELECT c.id, c.data FROM glossary_concept c ORDER BY c.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.conn.execute(sql, params)
        while True:
            rows = cur.fetchmany(1000)
            if not rows:
                return
            for db_id, data in rows:
                yield concept_from_dict(json.loads(data), db_id)

    def duplicates_of(
        self, concept: Concept, pending: dict[tuple[str, str], str] | None = None
    ) -> list[Duplicate]:
        """Stored concepts whose preferred term in a language is *concept*'s preferred term.

        *pending* maps (norm, lang) to the id of concepts an import has not written yet.
        """
        found = []
        for sec in concept.languages:
            best = best_term(sec.terms)
            if best is None:
                continue
            norm = term_norm(best.text)
            if pending and (norm, sec.lang) in pending:
                found.append(Duplicate(concept.id, pending[norm, sec.lang], sec.lang, best.text))
                continue
            rows = self.conn.execute(
                "SELECT c.ext_id, c.id FROM glossary_term t JOIN glossary_concept c "
                "ON c.id = t.concept_id WHERE t.norm = ? AND t.lang = ? AND t.preferred = 1",
                (norm, sec.lang),
            ).fetchall()
            for ext_id, db_id in rows:
                if db_id != concept.db_id:
                    found.append(Duplicate(concept.id, ext_id, sec.lang, best.text))
        return found

    def find_duplicates(self) -> list[tuple[str, str, list[str]]]:
        """Every (language, preferred term, concept ids) shared by more than one concept."""
        rows = self.conn.execute(
            "SELECT t.lang, t.norm, min(t.text), group_concat(c.ext_id, char(31)) "
            "FROM glossary_term t JOIN glossary_concept c ON c.id = t.concept_id "
            "WHERE t.preferred = 1 GROUP BY t.lang, t.norm HAVING count(DISTINCT t.concept_id) > 1 "
            "ORDER BY t.lang, t.norm"
        ).fetchall()
        return [(lang, text, ids.split("\x1f")) for lang, _norm, text, ids in rows]

    def find_term(self, text: str, lang: str | None = None) -> list[Concept]:
        """Concepts with a term equal to *text* (case- and width-insensitive)."""
        rows = self.conn.execute(
            "SELECT DISTINCT concept_id, lang FROM glossary_term WHERE norm = ?", (term_norm(text),)
        ).fetchall()
        ids = sorted({cid for cid, tl in rows if lang is None or lang_matches(lang, tl)})
        return [c for c in (self.get(i) for i in ids) if c is not None]

    def term_rows(self) -> Iterator[tuple[int, str, str, str, str | None]]:
        """(concept row id, language, text, state, status) of every term, for matchers."""
        yield from self.conn.execute(
            "SELECT concept_id, lang, text, state, status FROM glossary_term ORDER BY id"
        )

    def stats(self) -> dict[str, Any]:
        """Counts of concepts and terms, by language, state and status."""
        one = self.conn.execute
        by = {}
        for col in ("lang", "state", "status", "pos"):
            by[col] = {
                (k if k is not None else "-"): n
                for k, n in one(
                    f"SELECT {col}, count(*) FROM glossary_term GROUP BY {col} ORDER BY {col}"
                )
            }
        return {
            "concepts": self.count(),
            "terms": one("SELECT count(*) FROM glossary_term").fetchone()[0],
            "languages": by["lang"],
            "states": by["state"],
            "statuses": by["status"],
            "parts_of_speech": by["pos"],
            "duplicates": len(self.find_duplicates()),
            "edits": one("SELECT count(*) FROM glossary_batch WHERE undone = 0").fetchone()[0],
        }

    # --- termbase-level information (file header, people) -------------------------------

    def info(self) -> TermbaseInfo:
        row = self.conn.execute("SELECT value FROM glossary_meta WHERE key = 'header'").fetchone()
        header = [tuple(p) for p in json.loads(row[0])] if row else []
        people = [
            Person(pid, name, [tuple(i) for i in json.loads(data or "[]")])
            for pid, name, data in self.conn.execute(
                "SELECT id, name, data FROM glossary_person ORDER BY rowid"
            )
        ]
        return TermbaseInfo(header, people)

    def save_info(self, info: TermbaseInfo) -> None:
        """Add *info*'s header paragraphs and people to the termbase's (inside an edit or not)."""
        with self.edit("info") if self._batch is None else contextlib.nullcontext():
            current = self.info()
            header = list(current.header)
            for item in info.header:
                if tuple(item) not in header:
                    header.append(tuple(item))
            self.conn.execute(
                "INSERT INTO glossary_meta(key, value) VALUES ('header', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(header, ensure_ascii=False),),
            )
            for person in info.people:
                self.conn.execute(
                    "INSERT INTO glossary_person(id, name, data) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data",
                    (person.id, person.name, json.dumps(person.items, ensure_ascii=False)),
                )


_INSERT_TERM = (
    "INSERT INTO glossary_term(concept_id, lang, text, norm, status, state, pos, preferred) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHUNK = 1000  # concepts an import looks up and writes at a time


# check_circular off: concept dicts are trees, and the check costs a sixth of the encoding.
def _dumps(data: dict) -> str:
    """Compact JSON of a concept; orjson writes the same text as json, three times faster."""
    return orjson.dumps(data).decode()


def _chunks(items: Iterable[Concept], size: int) -> Iterator[list[Concept]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _checked(concepts: Iterable[Concept]) -> Iterator[Concept]:
    for concept in concepts:
        _check(concept)
        yield concept


def _parts(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """*values* in slices short enough to bind as ``IN (?, ...)`` parameters."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


def _term_rows(
    db_id: int,
    concept: Concept,
    norm: Callable[[str], str] = term_norm,
    bests: list[Term | None] | None = None,
) -> list[tuple]:
    """The glossary_term rows of *concept*; *bests*: each section's best term, if known."""
    if bests is None:
        bests = [best_term(sec.terms) for sec in concept.languages]
    rows = []
    for sec, best in zip(concept.languages, bests, strict=True):
        for term in sec.terms:
            rows.append(
                (
                    db_id,
                    sec.lang,
                    term.text,
                    norm(term.text),
                    term.status,
                    term.state,
                    term.part_of_speech,
                    int(term is best),
                )
            )
    return rows


def _check(concept: Concept) -> None:
    if not any(sec.terms for sec in concept.languages):
        raise UsageError(f"concept {concept.id or ''} has no term".replace("  ", " "))
    for sec in concept.languages:
        for term in sec.terms:
            if not term.text.strip():
                raise UsageError(f"concept {concept.id}: an empty term in {sec.lang}")
            if term.state not in ("candidate", "approved", "rejected"):
                raise UsageError(f"unknown state {term.state!r} (candidate, approved, rejected)")


def _label(concept: Concept) -> str:
    first = next((t.text for t in concept.terms()), "")
    return f"{concept.id or ''} {first}".strip()


def _has_cross_reference(concept: Concept) -> bool:
    """True when *concept* or one of its sections or terms refers to another concept.

    Most cross-reference lists are empty, so each is tested before it is searched.
    """
    if concept.xrefs and _refers(concept.xrefs):
        return True
    for sec in concept.languages:
        if sec.xrefs and _refers(sec.xrefs):
            return True
        for term in sec.terms:
            if term.xrefs and _refers(term.xrefs):
                return True
    return False


def _refers(xrefs: list) -> bool:
    return any(x.kind == "crossReference" for x in xrefs)


def _all_xrefs(concept: Concept):
    yield from concept.xrefs
    for sec in concept.languages:
        yield from sec.xrefs
        for term in sec.terms:
            yield from term.xrefs


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
