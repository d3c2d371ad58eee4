"""The buffer an import writes through: new concepts checked and written a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from glossary.model import Concept, Term, best_term, concept_to_dict
from glossary.store.queries import Duplicate
from glossary.store.rows import INSERT_TERM, dumps, term_norm, term_rows
from tm.unit import utc_now

if TYPE_CHECKING:
    from glossary.store.termbase import GlossaryStore


class ImportBuffer:
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
        data = dumps(concept_to_dict(concept))
        self.concepts.append((db_id, concept.id, data, self.now, self.now))
        rows = term_rows(db_id, concept, self.norm, self._bests(concept))
        self.terms.extend(rows)
        # The history's "after" is the concept row (see glossary.store.schema).
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
        conn.executemany(INSERT_TERM, self.terms)
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


def _parts(values: list[str], size: int = 500) -> Iterator[list[str]]:
    """*values* in slices short enough to bind as ``IN (?, ...)`` parameters."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))
