"""The termbase's tables in the store's SQLite file, as numbered migrations.

Each concept is one ``glossary_concept`` row holding its JSON (the source of truth), plus
one ``glossary_term`` row per term for lookups, filters and duplicate checks. Every edit
is a ``glossary_batch`` with one ``glossary_history`` row per concept touched.

An import does not copy each new concept's JSON into its history row: the row is marked
``after_is_current`` and its "after" is the concept row itself. The triggers of migration
2 copy the concept's JSON into the history row before the concept row is next changed or
deleted (by an edit, a merge, a removal or an undo), so history, undo and redo see exactly
what they would had the copy been made at import time.
"""

from __future__ import annotations

import sqlite3

from glossary.store.rows import term_norm
from tm.db import Migration


def _renormalise_terms(conn: sqlite3.Connection) -> None:
    """Migration 3: term norms as :func:`term_norm` now writes them (the space between Han
    and a Latin word became optional: lambda 表达式 and lambda表达式 are one term)."""
    rows = conn.execute("SELECT id, text, norm FROM glossary_term").fetchall()
    changed = [(new, id_) for id_, text, old in rows if (new := term_norm(text)) != old]
    conn.executemany("UPDATE glossary_term SET norm = ? WHERE id = ?", changed)


MIGRATIONS: list[Migration] = [
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
    _renormalise_terms,
]
