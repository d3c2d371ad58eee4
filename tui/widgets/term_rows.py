"""The rows behind the term table: one small tuple per concept, filtered and sorted in memory.

Filtering 50k rows per key press in SQL would be too slow; a list comprehension over
precomputed lower-case keys takes a few milliseconds. Fuzzy matching (RapidFuzz) runs
only when the plain substring filter finds few rows, so typos still find their term.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from glossary.model import Concept, Term, best_term, concept_from_dict
from tm.lang import lang_matches

STATE_FILTERS = ("candidate", "approved", "rejected", "all")
SORTS = ("score", "frequency", "alphabet")
FUZZY_BELOW = 20  # run the fuzzy filter when the substring filter finds fewer rows
FUZZY_CUTOFF = 75.0


class TermRow(NamedTuple):
    """One concept as the table shows it."""

    db_id: int
    concept_id: str
    source: str
    target: str
    score: float | None
    frequency: int | None
    state: str  # candidate | approved | rejected
    status: str
    key: str  # every term of the concept, lower-cased, for the filter


@dataclass
class Proposal:
    """A target term offered for a source term, as the detail pane lists it."""

    term: Term
    lang: str
    score: float | None
    count: int | None


def number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def term_score(term: Term | dict) -> float | None:
    prov = term.get("provenance", {}) if isinstance(term, dict) else term.provenance
    return number(prov.get("score"))


def term_frequency(term: Term | dict) -> int | None:
    prov = term.get("provenance", {}) if isinstance(term, dict) else term.provenance
    value = prov.get("frequency", prov.get("count"))
    return int(value) if isinstance(value, int | float) else None


def concept_state(states: Iterable[str]) -> str:
    """A concept is pending while any of its terms is a candidate, rejected when all are."""
    states = list(states)
    if "candidate" in states:
        return "candidate"
    if states and all(s == "rejected" for s in states):
        return "rejected"
    return "approved"


_SIDES: dict[tuple[str, str, str], int] = {}


def _side(lang: str, src: str, tgt: str) -> int:
    """0 source, 1 target, 2 other (cached: lang_matches normalises tags, 50k times adds up)."""
    key = (lang, src, tgt)
    side = _SIDES.get(key)
    if side is None:
        side = 0 if lang_matches(src, lang) else 1 if lang_matches(tgt, lang) else 2
        _SIDES[key] = side
    return side


_CONCEPT_SQL = (
    "SELECT id, ext_id,"
    " json_extract(data, '$.languages[0].terms[0].provenance.score'),"
    " json_extract(data, '$.languages[0].terms[0].provenance.frequency'),"
    " json_extract(data, '$.languages[0].terms[0].provenance.count')"
    " FROM glossary_concept"
)
_TERM_SQL = "SELECT concept_id, lang, text, state, status, preferred FROM glossary_term"


def load_rows(
    conn: sqlite3.Connection, src: str, tgt: str, ids: list[int] | None = None
) -> list[TermRow]:
    """Every concept of the termbase (or those with row ids *ids*) as a row, in id order.

    Read from the term index and a few ``json_extract`` calls rather than by parsing each
    concept's JSON in Python, which is several times slower for 50k concepts. The score
    and frequency are the first term's (extraction writes the source term first); the
    terms shown are the store's preferred ones (``best_term``).
    """
    where, params = "", []
    if ids is not None:
        where = f" WHERE {{col}} IN ({','.join('?' * len(ids))})"
        params = list(ids)
    terms: dict[int, list[tuple]] = {}
    for row in conn.execute(_TERM_SQL + where.format(col="concept_id") + " ORDER BY id", params):
        terms.setdefault(row[0], []).append(row)
    rows = []
    for db_id, ext_id, score, freq, count in conn.execute(
        _CONCEPT_SQL + where.format(col="id") + " ORDER BY id", params
    ):
        rows.append(_row(db_id, ext_id, terms.get(db_id, ()), score, freq, count, src, tgt))
    return rows


def _row(db_id, ext_id, terms, score, freq, count, src, tgt) -> TermRow:
    source = target = other = None
    states = []
    texts = []
    for _cid, lang, text, state, status, preferred in terms:
        states.append(state)
        texts.append(text)
        side = _side(lang, src, tgt)
        item = (preferred, text, status)
        if side == 0:
            if source is None or (preferred and not source[0]):
                source = item
        elif side == 1:
            if target is None or (preferred and not target[0]):
                target = item
        elif other is None:
            other = item
    source = source or other
    statuses = sorted({t[2] for t in (source, target) if t and t[2]})
    if freq is None:
        freq = count
    return TermRow(
        db_id=db_id,
        concept_id=ext_id or str(db_id),
        source=source[1] if source else "",
        target=target[1] if target else "",
        score=float(score) if isinstance(score, int | float) else None,
        frequency=int(freq) if isinstance(freq, int | float) else None,
        state=concept_state(states),
        status="/".join(statuses),
        key=" ".join(texts).casefold(),
    )


def sort_rows(rows: list[TermRow], order: str) -> list[TermRow]:
    if order == "frequency":
        return sorted(rows, key=lambda r: (-(r.frequency or 0), r.source.casefold()))
    if order == "alphabet":
        return sorted(rows, key=lambda r: (r.source.casefold(), r.db_id))
    return sorted(rows, key=lambda r: (-(r.score if r.score is not None else -1), r.db_id))


class RowFilter:
    """``filter_rows`` with memory: typing one more letter searches only the last result."""

    def __init__(self) -> None:
        self._rows: list[TermRow] | None = None
        self._state = ""
        self._pool: list[TermRow] = []
        self._last: tuple[str, list[TermRow]] | None = None

    def __call__(self, rows: list[TermRow], state: str, text: str) -> list[TermRow]:
        if rows is not self._rows or state != self._state:
            self._rows, self._state = rows, state
            self._pool = rows if state == "all" else [r for r in rows if r.state == state]
            self._last = None
        needle = text.strip().casefold()
        if not needle:
            self._last = None
            return self._pool
        base = self._pool
        if self._last is not None:
            prev, prev_found = self._last
            if prev and needle.startswith(prev) and len(prev_found) >= FUZZY_BELOW:
                base = prev_found  # a longer needle only narrows a substring result
        found = filter_rows(base, "all", text, pool_for_fuzzy=self._pool)
        self._last = (needle, found)
        return found

    def invalidate(self) -> None:
        self._rows = None


def filter_rows(
    rows: list[TermRow], state: str, text: str, pool_for_fuzzy: list[TermRow] | None = None
) -> list[TermRow]:
    """Rows in *state* ("all" for every state) whose terms contain *text*, else resemble it."""
    pool = rows if state == "all" else [r for r in rows if r.state == state]
    needle = text.strip().casefold()
    if not needle:
        return pool
    found = [r for r in pool if needle in r.key]
    if pool_for_fuzzy is not None:
        pool = pool_for_fuzzy
    if len(found) >= FUZZY_BELOW or len(needle) < 3:
        return found
    from rapidfuzz import fuzz, process

    seen = {r.db_id for r in found}
    keys = [r.key for r in pool]
    hits = process.extract(
        needle,
        keys,
        scorer=fuzz.partial_ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=200,
    )
    hits.sort(key=lambda h: (-h[1], h[2]))
    for _key, _score, index in hits:
        row = pool[index]
        if row.db_id not in seen:
            seen.add(row.db_id)
            found.append(row)
    return found


def proposals(concept: Concept, tgt: str) -> list[Proposal]:
    """The target terms of *concept*, best first: approved, then by score."""
    items = [
        Proposal(t, sec.lang, term_score(t), term_frequency(t))
        for sec in concept.languages
        if lang_matches(tgt, sec.lang)
        for t in sec.terms
    ]
    order = {"approved": 0, "candidate": 1, "rejected": 2}
    items.sort(key=lambda p: (order.get(p.term.state, 3), -(p.score or 0.0)))
    return items


def source_term(concept: Concept, src: str) -> Term | None:
    terms = concept.terms(src)
    return best_term(terms) or (terms[0] if terms else None) or next(iter(concept.terms()), None)


def reload_row(conn: sqlite3.Connection, db_id: int, src: str, tgt: str) -> TermRow | None:
    rows = load_rows(conn, src, tgt, [db_id])
    return rows[0] if rows else None


def concept_of(conn: sqlite3.Connection, db_id: int) -> Concept | None:
    row = conn.execute("SELECT data FROM glossary_concept WHERE id = ?", (db_id,)).fetchone()
    return concept_from_dict(json.loads(row[0]), db_id) if row else None
