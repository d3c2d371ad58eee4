"""Reading the termbase: concepts by id or term, filtered streams, duplicates, counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from glossary.model import Concept, best_term, concept_from_dict
from glossary.store.rows import term_norm
from tm.lang import lang_matches


@dataclass
class Duplicate:
    """An incoming concept whose preferred term in a language is already in the termbase."""

    incoming: str | None  # the incoming concept's id
    existing: str  # the id of the concept already holding the term
    lang: str
    term: str
    merged: bool = False


class QueryMixin:
    """The reads of :class:`~glossary.store.GlossaryStore`: they need only its connection."""

    conn: sqlite3.Connection

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


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
