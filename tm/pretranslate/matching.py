"""Finding the best memory match for many segments at once.

:class:`MatchFinder` reads every unit of one language pair from the stores in one query,
then answers a whole batch of :class:`Query` objects:

* **Exact matches** come from a dictionary of the memory's source texts, not from the fuzzy
  index. Among several, an in-context match ranks first: the same ``msgctxt``, or the same
  previous and next source text as the unit had in one of the files it was imported from (a
  unit keeps every origin, :meth:`tm.store.SQLiteStore.origins`). Then a unit from a file of
  the same name (``library/os.po``), then the most used. A hit's origin is the one that put it
  in context, else the one in the file of the same name, else the unit's first.
* **Fuzzy matches** come from the fuzzy index (:mod:`tm.pretranslate.workers`), only for
  segments without an exact match, each distinct text once.

Each :class:`Hit` is then checked: an identical source is an exact fill only when the
translation keeps the source's placeholders (:mod:`tm.placeholders`) and numbers; otherwise
its ``reasons`` say why it is only a suggestion. An identical source whose inline codes are
numbered differently from the file's is still exact: the translation gets the file's codes
(:mod:`tm.pretranslate.codes`) and the hit's ``notes`` say so.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from tm.errors import InputError
from tm.gcpause import gc_paused
from tm.lang import lang_matches, normalize_lang
from tm.normalize import normalize
from tm.placeholders import compare_numbers, compare_placeholders
from tm.pretranslate.codes import CodesDiffer, transfer_codes
from tm.pretranslate.report import band
from tm.pretranslate.workers import search_indexes
from tm.store import MemoryStore


@dataclass
class Query:
    """A segment to translate and what identifies its context."""

    text: str
    markup: str | None = None
    context: str | None = None  # msgctxt
    prev: str | None = None  # source text of the previous entry in the file
    next: str | None = None
    flags: tuple[str, ...] = ()
    file: str = ""  # the file's name relative to its input directory
    plural_form: int | None = None  # which msgstr[N] of a plural entry this fills


@dataclass
class Hit:
    """The best match for a query, and what filling with it means."""

    score: float  # 100 only for an identical source
    source: str
    source_markup: str | None
    target: str
    target_markup: str | None
    origin: str | None
    unit_id: int
    store: int  # index of the store it came from
    in_context: bool = False
    props: str | None = None  # the unit's props as stored (JSON), for plural forms
    reasons: list[str] = field(default_factory=list)  # why an identical source is not exact
    # What was adjusted to fill with it (inline codes renumbered); unlike reasons, the hit
    # stays exact.
    notes: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.score >= 100 and not self.reasons

    @property
    def band(self) -> str:
        return band(self.score, self.in_context)


# The source text of a neighbouring entry; a tuple of texts for a plural entry, whose msgid
# and msgid_plural are two units on one line: a query names the msgid, but which unit is which
# is not known (the plural's may have been read first, from another file). None: no entry.
Neighbour = str | tuple[str, ...] | None


class _Place:
    """One origin of a unit and the source texts next to it there."""

    __slots__ = ("file", "line", "rel", "prev", "next")

    def __init__(self, file: str, line: int | None, rel: str) -> None:
        self.file, self.line, self.rel = file, line, rel
        self.prev: Neighbour = None
        self.next: Neighbour = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def _neighbour(texts: list[str]) -> Neighbour:
    """What a line holding units of these source texts is as a neighbour."""
    distinct = tuple(dict.fromkeys(texts))
    return distinct[0] if len(distinct) == 1 else distinct


def _among(text: str | None, neighbour: Neighbour) -> bool:
    if neighbour is None or isinstance(neighbour, str):
        return text == neighbour
    return text in neighbour


class _Row:
    """One unit of a memory as the finder keeps it."""

    __slots__ = (
        "uid", "store", "context", "file", "line", "props", "usage", "changed",
        "src", "src_markup", "tgt", "tgt_markup", "places",
    )  # fmt: skip

    def __init__(self, store: int, values: Sequence) -> None:
        (self.uid, self.context, self.file, self.line, self.props, self.usage, self.changed,
         self.src, self.src_markup, self.tgt, self.tgt_markup) = values  # fmt: skip
        self.store = store
        self.places: list[_Place] = []  # every origin, filled by MatchFinder.load

    @property
    def origin(self) -> str | None:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file


def _relative(name: str | None) -> str:
    """A file name without its first directory: ``3.13/library/os.po`` -> ``library/os.po``."""
    if not name:
        return ""
    return name.split("/", 1)[1] if "/" in name else name


class MatchFinder:
    """Best matches for many queries at once from one or more stores, for one language pair."""

    def __init__(
        self,
        stores: Sequence[MemoryStore],
        src: str,
        tgt: str,
        min_score: float = 75.0,
        jobs: int | None = None,
    ) -> None:
        self.stores = list(stores)
        self.src, self.tgt = normalize_lang(src), normalize_lang(tgt)
        self.min_score = min_score
        self.jobs = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
        self.rows: list[_Row] = []
        self.by_source: dict[str, list[int]] = {}
        self.by_uid: dict[tuple[int, int], int] = {}
        self._loaded = False

    def _langs(self, store: MemoryStore, wanted: str) -> list[str]:
        known = store.languages() if hasattr(store, "languages") else {}
        return [lang for lang in known if lang_matches(wanted, lang)]

    def load(self) -> None:
        """Read every unit of the language pair once (exact dictionary and neighbours)."""
        if self._loaded:
            return
        self._loaded = True
        with gc_paused():  # a hundred thousand objects and no cycles: see tm.gcpause
            self._load()

    def _load(self) -> None:
        relative: dict[str, str] = {}  # one string per file, not one per origin
        for number, store in enumerate(self.stores):
            src_langs, tgt_langs = self._langs(store, self.src), self._langs(store, self.tgt)
            if not src_langs or not tgt_langs:
                continue
            first = len(self.rows)
            rows_of: dict[int, list[_Row]] = {}
            for values in _pair_rows(store, src_langs, tgt_langs):
                self.by_uid.setdefault((number, values[0]), len(self.rows))
                row = _Row(number, values)
                self.rows.append(row)
                rows_of.setdefault(row.uid, []).append(row)
            for uid, file, line in _origin_rows(store, list(rows_of)):
                rel = relative.get(file) or relative.setdefault(file, _relative(file))
                for row in rows_of.get(uid, ()):
                    row.places.append(_Place(file, line or None, rel))
            for row in self.rows[first:]:
                if not row.places and row.file:  # a store that keeps only the first origin
                    row.places.append(_Place(row.file, row.line, _relative(row.file)))
        for i, row in enumerate(self.rows):
            self.by_source.setdefault(row.src, []).append(i)
        self._link_neighbours()

    def _link_neighbours(self) -> None:
        """Give every origin with a line the source texts before and after it in its file."""
        ordered = [
            (row.store, place.file, place.line, i, row.src, place)
            for i, row in enumerate(self.rows)
            for place in row.places
            if place.line
        ]
        ordered.sort(key=itemgetter(0, 1, 2, 3))
        # Entries of one line (the forms of a plural entry) share their neighbours.
        groups: list[tuple[tuple, list[str], list[_Place]]] = []
        for store, file, line, _i, src, place in ordered:
            if groups and groups[-1][0] == (store, file, line):
                groups[-1][1].append(src)
                groups[-1][2].append(place)
            else:
                groups.append(((store, file, line), [src], [place]))
        texts = [_neighbour(srcs) for _where, srcs, _places in groups]
        for g, ((store, file, _line), _srcs, places) in enumerate(groups):
            same = (store, file)
            prev_texts = texts[g - 1] if g and groups[g - 1][0][:2] == same else None
            nxt = g + 1 < len(groups) and groups[g + 1][0][:2] == same
            next_texts = texts[g + 1] if nxt else None
            for place in places:
                place.prev, place.next = prev_texts, next_texts

    def find(self, queries: Sequence[Query]) -> list[Hit | None]:
        """The best hit for each query (None below the minimum score)."""
        self.load()
        hits: list[Hit | None] = [None] * len(queries)
        fuzzy: dict[str, list[int]] = {}
        for q, query in enumerate(queries):
            if not query.text.strip():
                continue
            hit = self._exact(query)
            if hit is not None:
                hits[q] = hit
                continue
            normal = normalize(query.text)
            if normal:
                fuzzy.setdefault(normal, []).append(q)
        if fuzzy:
            texts = list(fuzzy)
            for text, found in zip(texts, self._search(texts), strict=True):
                for q in fuzzy[text]:
                    hits[q] = self._best_fuzzy(queries[q], found)
        for query, hit in zip(queries, hits, strict=True):
            if hit is not None:
                _check(query, hit)
        return hits

    def _in_context(self, query: Query, row: _Row) -> bool:
        if query.context is not None and row.context == query.context:
            return True
        return self._context_place(query, row) is not None

    @staticmethod
    def _context_place(query: Query, row: _Row) -> _Place | None:
        """The origin where the unit had the query's neighbours, if it has one."""
        prev, nxt = query.prev, query.next
        if prev is None and nxt is None:
            return None
        for place in row.places:
            if place.line and _among(prev, place.prev) and _among(nxt, place.next):
                return place
        return None

    @staticmethod
    def _same_file(query: Query, row: _Row) -> _Place | None:
        for place in row.places:
            if place.rel == query.file:
                return place
        return None

    def _origin(self, query: Query, row: _Row) -> str | None:
        """The origin to show: the one in context, else the one in the file of that name."""
        place = self._context_place(query, row) or self._same_file(query, row)
        return str(place) if place is not None else row.origin

    def _hit(self, query: Query, row: _Row, score: float, in_context: bool = False) -> Hit:
        return Hit(
            score=score,
            source=row.src,
            source_markup=row.src_markup,
            target=row.tgt,
            target_markup=row.tgt_markup,
            origin=self._origin(query, row),
            unit_id=row.uid,
            store=row.store,
            in_context=in_context,
            props=row.props,
        )

    def _rank(self, query: Query, row: _Row) -> tuple:
        return (
            not self._in_context(query, row),
            # a unit read from the same plural form of a PO entry (see tm.pofile.PROP_PLURAL)
            query.plural_form is not None
            and not (row.props and f"msgstr[{query.plural_form}]" in row.props),
            self._same_file(query, row) is None,
            -(row.usage or 0),
            row.store,
            row.uid,
        )

    def _exact(self, query: Query) -> Hit | None:
        found = self.by_source.get(query.text)
        if not found:
            return None  # the same text but for case, width or spacing is the fuzzy index's 99

        def rank(i: int) -> tuple:
            return self._rank(query, self.rows[i])

        hit = self._exact_hit(query, self.rows[min(found, key=rank)])
        if hit.reasons and len(found) > 1:
            # Another unit of the text may have the file's codes (the memory holds units from
            # XLIFF 1.2 and 2 files, say): one that fills exactly beats one that only suggests,
            # but a unit out of context does not beat one in context.
            for i in sorted(found, key=rank)[1:_CODE_TRIES]:
                other = self._exact_hit(query, self.rows[i])
                if other.in_context != hit.in_context:
                    break
                if not other.reasons:
                    return other
        return hit

    def _exact_hit(self, query: Query, row: _Row) -> Hit:
        hit = self._hit(query, row, 100.0, self._in_context(query, row))
        if (query.markup or None) != (row.src_markup or None):
            _transfer_codes(query, hit)
        return hit

    def _best_fuzzy(self, query: Query, found: list[tuple[int, int, float]]) -> Hit | None:
        best_row, best_key = None, None
        for store, uid, score in found:
            index = self.by_uid.get((store, uid))
            if index is None:
                continue  # a unit without the target language
            row = self.rows[index]
            key = (-score, *self._rank(query, row))
            if best_key is None or key < best_key:
                best_row, best_key = row, key
        if best_row is None:
            return None
        return self._hit(query, best_row, min(-best_key[0], 99.0))

    def _search(self, texts: list[str]) -> list[list[tuple[int, int, float]]]:
        """Fuzzy candidates (store, unit id, score) for each normal-form text."""
        from tm.search import Memory

        indexes = []
        for number, store in enumerate(self.stores):
            memory = Memory(store)
            for lang in self._langs(store, self.src):
                entry = memory.index_for(lang)
                indexes.append((number, entry.index, entry.delta_keys, entry.delta_texts))
        return search_indexes(indexes, texts, self.min_score, self.jobs)

    def record_usage(self, hits: Sequence[Hit]) -> None:
        """Count the units that filled something, in the stores they came from."""
        by_store: dict[int, set[int]] = {}
        for hit in hits:
            by_store.setdefault(hit.store, set()).add(hit.unit_id)
        for number, ids in by_store.items():
            self.stores[number].record_usage(sorted(ids))


def _pair_rows(store: MemoryStore, src_langs: list[str], tgt_langs: list[str]):
    """(id, context, file, line, props, usage, changed, src, src markup, tgt, tgt markup)."""
    conn = getattr(store, "conn", None)
    if conn is not None:  # one query instead of building every unit object
        s_marks, t_marks = ",".join("?" * len(src_langs)), ",".join("?" * len(tgt_langs))
        yield from conn.execute(
            "SELECT u.id, u.context, u.origin_file, u.origin_line, u.props, u.usage_count,"
            " COALESCE(u.changed_at, u.created_at), s.text, s.markup, t.text, t.markup"
            " FROM tm_units u"
            f" JOIN tm_variants s ON s.unit_id = u.id AND s.lang IN ({s_marks})"
            f" JOIN tm_variants t ON t.unit_id = u.id AND t.lang IN ({t_marks}) AND t.id != s.id"
            " ORDER BY u.id, s.id, t.id",
            [*src_langs, *tgt_langs],
        )
        return
    for unit in store.iter_units():
        source = next((v for v in unit.variants if v.lang in src_langs), None)
        target = next((v for v in unit.variants if v.lang in tgt_langs and v is not source), None)
        if source is not None and target is not None:
            props = json.dumps([list(p) for p in unit.props]) if unit.props else None
            yield (
                unit.id, unit.context, unit.origin_file, unit.origin_line, props,
                unit.usage_count, unit.changed_at or unit.created_at, source.text,
                source.markup, target.text, target.markup,
            )  # fmt: skip


def _origin_rows(store: MemoryStore, ids: list[int]):
    """(unit id, file, line or 0) of every origin of these units (SQLite: of every unit)."""
    conn = getattr(store, "conn", None)
    if conn is not None:  # one scan; the caller skips units outside the language pair
        yield from conn.execute("SELECT unit_id, file, line FROM tm_origins")
        return
    if not hasattr(store, "origins"):
        return  # the caller falls back on each unit's first origin
    for uid, origins in store.origins(ids).items():
        for origin in origins:
            yield uid, origin.file, origin.line


CODES_RENUMBERED = "inline codes renumbered"
_CODE_TRIES = 20  # units of one text tried for codes that fit the file's, the best first


def _transfer_codes(query: Query, hit: Hit) -> None:
    """Give an identical source's translation the file's codes, or say why it cannot have them.

    The match shows the file's numbering in its source too, so a fill that is still made a
    suggestion (placeholders, say) pairs a source and a target whose codes agree.
    """
    try:
        markup = transfer_codes(hit.source_markup, hit.target_markup, query.markup)
    except CodesDiffer as exc:
        hit.reasons.append(str(exc))
        return
    except InputError:  # markup the memory should not hold: no codes can be trusted
        hit.reasons.append("inline codes differ")
        return
    hit.source_markup, hit.target_markup = query.markup, markup
    hit.notes.append(CODES_RENUMBERED)


def _check(query: Query, hit: Hit) -> None:
    """Placeholders and numbers: a fill that loses or adds some is only a suggestion."""
    mismatch = compare_placeholders(query.text, hit.target, query.flags)
    if mismatch is not None:
        hit.reasons.append(str(mismatch))
    if hit.source == query.text:
        return
    numbers = compare_numbers(query.text, hit.source)
    if numbers is not None and compare_numbers(query.text, hit.target) is not None:
        hit.reasons.append(str(numbers))
