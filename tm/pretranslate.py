"""Pre-translation: fill PO, POT and XLIFF files from the memory alone, with honest marking.

The work is batched across all files: every segment is read first, then looked up in one
pass, then each file is written.

* **Exact matches** come from a dictionary of the memory's source texts (one SQL query),
  not from the fuzzy index. Among several, an in-context match ranks first: the same
  ``msgctxt``, or the same previous and next source text as the unit had in the file it
  was imported from. Then a unit from the file of the same name (``library/os.po``), then
  the most used.
* **Fuzzy matches** come from the fuzzy index, only for segments without an exact match,
  each distinct text once, spread over worker processes when there are many.
* A fill is **exact** (translated) only when the source is identical and the translation
  keeps the source's placeholders (:mod:`tm.placeholders`) and numbers. Anything else is a
  suggestion for review: PO ``#, fuzzy`` with a ``# Concord: 87% match from FILE:LINE``
  comment; XLIFF 1.2 ``state="needs-review-translation"`` with an ``alt-trans``; XLIFF 2
  ``state="initial"`` with the matches module.

PO files are edited as text: entries that are not filled keep their exact bytes (wrapping,
comments, obsolete entries), and filled ones change only in their ``msgstr``, flags and
Concord comment. Leverage is counted per segment and per word: English and other spaced
languages by whitespace-separated words, Chinese, Japanese and Korean by characters (each
Han, kana or hangul character is a word, as CAT tools count them).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from tm.errors import ConcordError, InputError, UsageError
from tm.lang import is_cjk_lang, lang_matches, normalize_lang, primary
from tm.normalize import normalize
from tm.placeholders import compare_numbers, compare_placeholders
from tm.store import MemoryStore

BANDS = ("in-context", "100%", "95-99", "85-94", "75-84", "no match")
PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff")
COMMENT_PREFIX = "Concord:"
PARALLEL_MIN = 400  # distinct fuzzy queries before worker processes pay off


# Queries and hits -------------------------------------------------------------------------


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

    @property
    def exact(self) -> bool:
        return self.score >= 100 and not self.reasons

    @property
    def band(self) -> str:
        return band(self.score, self.in_context)


def band(score: float | None, in_context: bool = False) -> str:
    """The leverage band of a match score (None: no match)."""
    if score is None:
        return "no match"
    if score >= 100:
        return "in-context" if in_context else "100%"
    if score >= 95:
        return "95-99"
    if score >= 85:
        return "85-94"
    return "75-84"


_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


def count_words(text: str, lang: str) -> int:
    """Words of *text*: whitespace-separated words, and each CJK character in CJK languages."""
    if not is_cjk_lang(lang):
        return len(text.split())
    cjk = len(_CJK.findall(text))
    return cjk + len(_CJK.sub(" ", text).split())


class _Row:
    """One unit of a memory as the finder keeps it."""

    __slots__ = (
        "uid", "store", "context", "file", "line", "props", "usage", "changed",
        "src", "src_markup", "tgt", "tgt_markup", "prev", "next", "rel",
    )  # fmt: skip

    def __init__(self, store: int, values: Sequence) -> None:
        (self.uid, self.context, self.file, self.line, self.props, self.usage, self.changed,
         self.src, self.src_markup, self.tgt, self.tgt_markup) = values  # fmt: skip
        self.store = store
        self.prev = self.next = None
        self.rel = _relative(self.file)

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


# The finder -------------------------------------------------------------------------------


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
        for number, store in enumerate(self.stores):
            src_langs, tgt_langs = self._langs(store, self.src), self._langs(store, self.tgt)
            if not src_langs or not tgt_langs:
                continue
            for values in _pair_rows(store, src_langs, tgt_langs):
                self.by_uid.setdefault((number, values[0]), len(self.rows))
                self.rows.append(_Row(number, values))
        for i, row in enumerate(self.rows):
            self.by_source.setdefault(row.src, []).append(i)
        self._link_neighbours()

    def _link_neighbours(self) -> None:
        ordered = sorted(
            (i for i, r in enumerate(self.rows) if r.file and r.line),
            key=lambda i: (self.rows[i].store, self.rows[i].file, self.rows[i].line, i),
        )
        # Entries of one line (the forms of a plural entry) share their neighbours.
        groups: list[list[int]] = []
        for i in ordered:
            row = self.rows[i]
            if groups:
                head = self.rows[groups[-1][0]]
                if (head.store, head.file, head.line) == (row.store, row.file, row.line):
                    groups[-1].append(i)
                    continue
            groups.append([i])
        for g, members in enumerate(groups):
            head = self.rows[members[0]]
            prev = self.rows[groups[g - 1][0]] if g else None
            nxt = self.rows[groups[g + 1][0]] if g + 1 < len(groups) else None
            same = (head.store, head.file)
            prev_text = prev.src if prev is not None and (prev.store, prev.file) == same else None
            next_text = nxt.src if nxt is not None and (nxt.store, nxt.file) == same else None
            for i in members:
                self.rows[i].prev, self.rows[i].next = prev_text, next_text

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
        return (
            (query.prev is not None or query.next is not None)
            and row.prev == query.prev
            and row.next == query.next
        )

    def _hit(self, row: _Row, score: float, in_context: bool = False) -> Hit:
        return Hit(
            score=score,
            source=row.src,
            source_markup=row.src_markup,
            target=row.tgt,
            target_markup=row.tgt_markup,
            origin=row.origin,
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
            row.rel != query.file,
            -(row.usage or 0),
            row.store,
            row.uid,
        )

    def _exact(self, query: Query) -> Hit | None:
        found = self.by_source.get(query.text)
        if found:
            best = min(found, key=lambda i: self._rank(query, self.rows[i]))
            row = self.rows[best]
            hit = self._hit(row, 100.0, self._in_context(query, row))
            if (query.markup or None) != (row.src_markup or None):
                hit.reasons.append("inline codes differ")
            return hit
        return None  # the same text but for case, width or spacing is the fuzzy index's 99

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
        return self._hit(best_row, min(-best_key[0], 99.0))

    def _search(self, texts: list[str]) -> list[list[tuple[int, int, float]]]:
        """Fuzzy candidates (store, unit id, score) for each normal-form text."""
        from tm.search import Memory

        indexes = []
        for number, store in enumerate(self.stores):
            memory = Memory(store)
            for lang in self._langs(store, self.src):
                entry = memory.index_for(lang)
                indexes.append((number, entry.index, entry.delta_keys, entry.delta_texts))
        if not indexes:
            return [[] for _ in texts]
        global _SEARCH_STATE
        _SEARCH_STATE = (indexes, self.min_score)
        try:
            if self.jobs > 1 and len(texts) >= PARALLEL_MIN:
                size = max(50, len(texts) // (self.jobs * 8))
                chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
                with ProcessPoolExecutor(self.jobs, mp_context=get_context("fork")) as pool:
                    return [hits for part in pool.map(_search_chunk, chunks) for hits in part]
            return _search_chunk(texts)
        finally:
            _SEARCH_STATE = None

    def record_usage(self, hits: Sequence[Hit]) -> None:
        """Count the units that filled something, in the stores they came from."""
        by_store: dict[int, set[int]] = {}
        for hit in hits:
            by_store.setdefault(hit.store, set()).add(hit.unit_id)
        for number, ids in by_store.items():
            self.stores[number].record_usage(sorted(ids))


_SEARCH_STATE: tuple | None = None  # set before forking workers, which inherit it


def _search_chunk(texts: list[str]) -> list[list[tuple[int, int, float]]]:
    from tm.fuzzy import exhaustive_search

    indexes, min_score = _SEARCH_STATE
    out = []
    for text in texts:
        found: list[tuple[int, int, float]] = []
        for number, index, delta_keys, delta_texts in indexes:
            for hit in index.search(text, 5, min_score, candidates=20):
                found.append((number, hit.key, hit.score))
            if delta_texts:
                for i, score in exhaustive_search(text, delta_texts, 20, min_score):
                    found.append((number, delta_keys[i], round(score, 2)))
        out.append(found)
    return out


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


# Reports ----------------------------------------------------------------------------------


@dataclass
class FileReport:
    """What pre-translating one file did."""

    path: str
    output: str | None
    format: str
    segments: int = 0
    words: int = 0
    filled_exact: int = 0
    filled_fuzzy: int = 0
    kept: int = 0  # already translated, left alone
    downgraded: int = 0  # identical source, filled as fuzzy (placeholders, numbers, codes)
    bands: dict[str, list[int]] = field(default_factory=lambda: {b: [0, 0] for b in BANDS})
    error: str | None = None

    def count(self, band_name: str, words: int) -> None:
        self.segments += 1
        self.words += words
        self.bands[band_name][0] += 1
        self.bands[band_name][1] += words


@dataclass
class Report:
    """Leverage and fills over a run."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0
    word_unit: str = "words"

    def totals(self) -> FileReport:
        total = FileReport("(total)", None, "")
        for f in self.files:
            for name in ("segments", "words", "filled_exact", "filled_fuzzy", "kept", "downgraded"):
                setattr(total, name, getattr(total, name) + getattr(f, name))
            for b, (segs, words) in f.bands.items():
                total.bands[b][0] += segs
                total.bands[b][1] += words
        return total

    def to_json(self) -> dict:
        total = self.totals()
        return {
            "bands": {b: {"segments": s, "words": w} for b, (s, w) in total.bands.items()},
            "segments": total.segments,
            "words": total.words,
            "filled": {"exact": total.filled_exact, "fuzzy": total.filled_fuzzy},
            "kept": total.kept,
            "downgraded": total.downgraded,
            "files_processed": sum(1 for f in self.files if f.error is None),
            "files_failed": sum(1 for f in self.files if f.error is not None),
            "seconds": round(self.seconds, 3),
            "files": [
                {
                    "path": f.path,
                    "output": f.output,
                    "format": f.format,
                    "segments": f.segments,
                    "words": f.words,
                    "filled": {"exact": f.filled_exact, "fuzzy": f.filled_fuzzy},
                    "kept": f.kept,
                    "downgraded": f.downgraded,
                    "bands": {b: {"segments": s, "words": w} for b, (s, w) in f.bands.items()},
                    "error": f.error,
                }
                for f in self.files
            ],
        }

    def table(self) -> str:
        total = self.totals()
        lines = [f"{'band':<12}{'segments':>10}{'%':>7}{self.word_unit:>10}{'%':>7}"]
        for b, (segs, words) in total.bands.items():
            sp = 100 * segs / total.segments if total.segments else 0.0
            wp = 100 * words / total.words if total.words else 0.0
            lines.append(f"{b:<12}{segs:>10}{sp:>6.1f}%{words:>10}{wp:>6.1f}%")
        lines.append(f"{'total':<12}{total.segments:>10}{'':>7}{total.words:>10}")
        lines.append(
            f"filled {total.filled_exact} exact + {total.filled_fuzzy} fuzzy"
            f" ({total.downgraded} identical sources kept for review);"
            f" {total.kept} already translated left alone"
        )
        return "\n".join(lines)


# PO files as text -------------------------------------------------------------------------

_CHARSET = re.compile(rb"Content-Type:[^\n]*?charset=([-\w.:]+)")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
_CONTINUATION = re.compile(r'^"(.*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}  # fmt: skip
_ESCAPE_SEQ = re.compile(r"\\(.)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE_SEQ.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        .replace("\r", "\\r").replace("\t", "\\t")
    )  # fmt: skip


class _PoEntry:
    __slots__ = ("start", "end", "first_kw", "msgstr_start", "msgctxt", "msgid", "msgid_plural",
                 "msgstr", "flags", "obsolete", "line")  # fmt: skip

    def __init__(self, start: int) -> None:
        self.start = self.end = start
        self.first_kw: int | None = None
        self.msgstr_start: int | None = None
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}
        self.flags: list[str] = []
        self.obsolete = False
        self.line = start + 1

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


class PoText:
    """A PO or POT file as lines, with its entries located, for editing in place."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        match = _CHARSET.search(data)
        charset = match.group(1).decode("ascii") if match else "utf-8"
        self.template_charset = charset.upper() == "CHARSET"
        self.charset = "utf-8" if self.template_charset else charset
        try:
            text = data.decode(self.charset)
        except (LookupError, UnicodeDecodeError):
            _polib_error(data, name)
            raise InputError(f"cannot decode the file as {charset}", name) from None
        self.bom = text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
        self.lines = text.splitlines(keepends=True) if "\u2028" not in text else _split_lines(text)
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        try:
            self.entries = self._scan()
        except _Syntax as exc:
            _polib_error(data, name)
            raise InputError(f"PO syntax error: {exc.reason}", name, exc.line) from None
        self.header = next(
            (e for e in self.entries if e.msgid == "" and e.msgctxt is None and not e.obsolete),
            None,
        )

    def _scan(self) -> list[_PoEntry]:
        """Locate the entries; a line-by-line reading of the PO grammar, fast on large files."""
        entries: list[_PoEntry] = []
        cur: _PoEntry | None = None
        target: tuple[str, int] | None = None  # the field a continuation line extends
        for i, raw in enumerate(self.lines):
            line = raw.strip()
            if not line:
                if cur is not None and cur.msgstr_start is not None:
                    entries.append(cur)
                    cur = target = None
                continue
            first = line[0]
            obsolete = False
            if first == "#" and line.startswith("#~"):
                obsolete = True
                line = line[2:].strip()
                if not line or line[0] == "|":
                    line = "#" + line
                first = line[0]
            if first == "#":
                if cur is not None and cur.msgstr_start is not None:
                    entries.append(cur)
                    cur = target = None
                if cur is None:
                    cur = _PoEntry(i)
                cur.obsolete |= obsolete
                if line.startswith("#,") and not obsolete:
                    cur.flags = [f.strip() for f in line[2:].split(",") if f.strip()]
                cur.end = i + 1
                continue
            if first == '"':
                if cur is None or target is None or len(line) < 2 or line[-1] != '"':
                    raise _Syntax(f"unexpected line {line[:40]!r}", i + 1)
                value = _unescape(line[1:-1])
                if target[0] == "msgstr":
                    cur.msgstr[target[1]] += value
                else:
                    setattr(cur, target[0], getattr(cur, target[0]) + value)
                cur.end = i + 1
                continue
            match = _KEYWORD.match(line)
            if match is None:
                raise _Syntax(f"unexpected line {line[:40]!r}", i + 1)
            keyword = match.group(1)
            if keyword[3] == "s":  # msgstr, msgstr[N]
                if cur is None or cur.msgid is None:
                    raise _Syntax("msgstr without msgid", i + 1)
                if cur.msgstr_start is None:
                    cur.msgstr_start = i
                form = int(match.group(2) or 0)
                cur.msgstr[form] = _unescape(match.group(3))
                target = ("msgstr", form)
            else:
                if cur is not None and (
                    cur.msgstr_start is not None
                    or (keyword != "msgid_plural" and cur.msgid is not None)
                ):
                    if cur.msgstr_start is None:
                        raise _Syntax(f"{keyword} before the msgstr of the entry above", i + 1)
                    entries.append(cur)
                    cur = None
                if cur is None:
                    cur = _PoEntry(i)
                if cur.first_kw is None:
                    cur.first_kw, cur.line = i, i + 1
                setattr(cur, keyword, _unescape(match.group(3)))
                target = (keyword, 0)
            cur.obsolete |= obsolete
            cur.end = i + 1
        if cur is not None and cur.msgstr_start is not None:
            entries.append(cur)
        elif cur is not None and cur.msgid is not None:
            raise _Syntax("msgid without msgstr at the end of the file", cur.end)
        return entries

    def header_field(self, name: str) -> str | None:
        if self.header is None:
            return None
        for line in self.header.msgstr.get(0, "").split("\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def render(self, changes: dict[int, list[str]]) -> bytes:
        """The file with the lines of some entries (by start line) replaced."""
        out: list[str] = []
        i = 0
        starts = {e.start: e for e in self.entries}
        while i < len(self.lines):
            if i in changes:
                out.extend(changes[i])
                i = starts[i].end
                continue
            out.append(self.lines[i])
            i += 1
        text = ("\ufeff" if self.bom else "") + "".join(out)
        try:
            return text.encode(self.charset)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"the translation has characters {self.charset} cannot encode", self.name
            ) from exc


class _Syntax(Exception):
    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


def _split_lines(text: str) -> list[str]:
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _polib_error(data: bytes, name: str) -> None:
    """Raise polib's verdict on a file this module's scanner refused (its messages are good)."""
    from tm.pofile import _parse

    _parse(data, name)


def _render_field(keyword: str, text: str, nl: str) -> list[str]:
    parts = text.split("\n")
    pieces = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return [f'{keyword} "{_escape(text)}"{nl}']
    return [f'{keyword} ""{nl}'] + [f'"{_escape(p)}"{nl}' for p in pieces]


def _entry_lines(
    po: PoText, entry: _PoEntry, forms: dict[int, str], fuzzy: bool, comment: str | None
) -> list[str]:
    nl = po.newline
    old = po.lines[entry.start : entry.end]
    split = entry.first_kw - entry.start
    comments, keywords = old[:split], old[split : entry.msgstr_start - entry.start]
    comments = [c for c in comments if not c.lstrip().startswith(f"# {COMMENT_PREFIX}")]
    flags = [f for f in entry.flags if f != "fuzzy"]
    if fuzzy:
        flags.insert(0, "fuzzy")
    else:
        comments = [c for c in comments if not c.startswith("#|")]
    flag_line = f"#, {', '.join(flags)}{nl}" if flags else None
    at = next((k for k, c in enumerate(comments) if c.startswith("#,")), None)
    if at is not None:
        if flag_line:
            comments[at] = flag_line
        else:
            del comments[at]
    elif flag_line:
        at = next((k for k, c in enumerate(comments) if c.startswith("#|")), len(comments))
        comments.insert(at, flag_line)
    if comment:
        comments.insert(0, f"# {COMMENT_PREFIX} {comment}{nl}")
    if entry.msgid_plural is not None:
        body = [line for n in sorted(forms) for line in _render_field(f"msgstr[{n}]", forms[n], nl)]
    else:
        body = _render_field("msgstr", forms[0], nl)
    tail = old[entry.msgstr_start - entry.start :]
    # Keep what follows the msgstr lines inside the entry's span (nothing, normally).
    extra = [t for t in tail if t.strip() and not (t.lstrip().startswith(("msgstr", '"')))]
    return comments + keywords + body + extra


_PLURAL_FORMS = {"zh": 1, "ja": 1, "ko": 1, "vi": 1, "th": 1, "id": 1, "ms": 1}


def _nplurals(po: PoText, tgt: str) -> int:
    value = po.header_field("Plural-Forms")
    match = _NPLURALS.search(value or "")
    if match:
        return max(1, int(match.group(1)))
    return _PLURAL_FORMS.get(primary(tgt), 2)


def _header_lines(po: PoText, tgt: str) -> list[str] | None:
    """The header of a template made into a translation's header, or None if it is fine."""
    header = po.header
    if header is None:
        return None
    text = header.msgstr.get(0, "")
    fields = text.split("\n")
    changed = False
    for k, line in enumerate(fields):
        key, _, value = line.partition(":")
        name = key.strip().lower()
        if name == "content-type" and "charset=CHARSET" in value:
            fields[k] = line.replace("charset=CHARSET", "charset=UTF-8")
            changed = True
        elif name == "language" and not value.strip():
            fields[k] = f"Language: {tgt.replace('-', '_')}"
            changed = True
        elif name == "plural-forms" and "INTEGER" in value:
            n = _PLURAL_FORMS.get(primary(tgt), 2)
            rule = "nplurals=1; plural=0;" if n == 1 else "nplurals=2; plural=(n != 1);"
            fields[k] = f"Plural-Forms: {rule}"
            changed = True
    if not changed:
        return None
    nl = po.newline
    old = po.lines[header.start : header.msgstr_start]
    pieces = [f + "\n" for f in fields[:-1]] + ([fields[-1]] if fields[-1] else [])
    return old + [f'msgstr ""{nl}'] + [f'"{_escape(p)}"{nl}' for p in pieces]


# Files ------------------------------------------------------------------------------------


@dataclass
class FileJob:
    """One input file, the name it is reported under, and where its output goes."""

    path: Path
    name: str  # relative to the input directory, for reports and same-file ranking
    output: Path | None


@dataclass
class _Item:
    """One thing to fill: a PO entry (one query per plural form) or an XLIFF segment."""

    queries: list[Query]
    translated: bool
    handle: object  # _PoEntry or XliffSegment
    forms: list[int] = field(default_factory=list)


class _Loaded:
    def __init__(self, job: FileJob, fmt: str, src: str, tgt: str) -> None:
        self.job, self.format, self.src, self.tgt = job, fmt, src, tgt
        self.items: list[_Item] = []
        self.doc: object = None
        self.changes: dict[int, list[str]] = {}


def _load_po(job: FileJob, src: str | None, tgt: str | None, default_tgt: str | None) -> _Loaded:
    po = PoText(job.path.read_bytes(), job.name)
    src = normalize_lang(src or "en")
    if not tgt:
        language = po.header_field("Language") or default_tgt
        if not language:
            raise InputError(
                "the PO header names no Language; pass the target language (--tgt)", job.name
            )
        try:
            tgt = normalize_lang(language)
        except UsageError:
            raise InputError(
                f"the PO header's Language {language!r} is not a language tag", job.name
            ) from None
    loaded = _Loaded(job, "po", src, normalize_lang(tgt))
    loaded.doc = po
    nplurals = _nplurals(po, loaded.tgt)
    live = [e for e in po.entries if not e.obsolete and e is not po.header and e.msgid]
    for k, entry in enumerate(live):
        prev = live[k - 1].msgid if k else None
        nxt = live[k + 1].msgid if k + 1 < len(live) else None
        flags = tuple(entry.flags)
        if entry.msgid_plural is None:
            texts, forms = [entry.msgid], [0]
        elif nplurals == 1:  # the one form translates the plural (with its placeholders)
            texts, forms = [entry.msgid_plural], [0]
        else:
            forms = list(range(nplurals))
            texts = [entry.msgid] + [entry.msgid_plural] * (nplurals - 1)
        plural = entry.msgid_plural is not None
        queries = [
            Query(t, None, entry.msgctxt, prev, nxt, flags, job.name, n if plural else None)
            for t, n in zip(texts, forms, strict=True)
        ]
        loaded.items.append(_Item(queries, entry.translated, entry, forms))
    return loaded


def _load_xliff(job: FileJob, src: str | None, tgt: str | None, default_tgt: str | None) -> _Loaded:
    from tm.xliff import XliffDocument

    with open(job.path, "rb") as fh:
        doc = XliffDocument.parse(fh, job.name)
    segments = doc.segments()
    first = segments[0] if segments else None
    src = normalize_lang(src) if src else (first.src_lang if first else "en")
    tgt = normalize_lang(tgt) if tgt else (first.tgt_lang if first else None) or default_tgt
    if not tgt:
        raise InputError("the XLIFF file names no target language; pass --tgt", job.name)
    loaded = _Loaded(job, "xliff", src, tgt)
    loaded.doc = doc
    for k, seg in enumerate(segments):
        prev = segments[k - 1].source if k else None
        nxt = segments[k + 1].source if k + 1 < len(segments) else None
        query = Query(seg.source, seg.source_markup, seg.context, prev, nxt, (), job.name)
        loaded.items.append(_Item([query], seg.is_translated, seg, [0]))
    return loaded


def _comment(hit: Hit, reasons: list[str]) -> str:
    text = f"{int(hit.score)}% match from {hit.origin or 'the memory'}"
    return "; ".join([text, *reasons]).replace("\n", " ")


def _apply(
    loaded: _Loaded, hits: list[list[Hit | None]], overwrite: bool, report: FileReport
) -> list[Hit]:
    """Fill the loaded file's items from their hits; returns the hits used."""
    used: list[Hit] = []
    changes: dict[int, list[str]] = {}
    po = loaded.doc if loaded.format == "po" else None
    if po is not None:
        header = _header_lines(po, loaded.tgt)
        if header is not None:
            changes[po.header.start] = header
    for item, item_hits in zip(loaded.items, hits, strict=True):
        words = count_words(item.queries[0].text, loaded.src)
        found = [h for h in item_hits if h is not None]
        complete = bool(found) and len(found) == len(item_hits)
        if not found:
            report.count("no match", words)
            continue
        worst = min(found, key=lambda h: h.score)
        if complete:
            report.count(band(worst.score, all(h.in_context for h in found)), words)
        else:
            report.count(band(min(max(h.score for h in found), 99.0)), words)
        if item.translated and not overwrite:
            report.kept += 1
            continue
        exact = complete and all(h.exact for h in found)
        reasons = list(dict.fromkeys(r for h in found for r in h.reasons))
        if not complete:
            reasons.append("some plural forms had no match")
        handle = item.handle
        if not exact and not overwrite and po is not None and any(handle.msgstr.values()):
            continue  # a translator's fuzzy draft is not replaced by a suggestion
        shown = min(found, key=lambda h: h.score)
        if po is not None:
            forms = {}
            for n, hit in zip(item.forms, item_hits, strict=True):
                forms[n] = (hit or shown).target
            comment = None if exact else _comment(shown, reasons)
            changes[handle.start] = _entry_lines(po, handle, forms, not exact, comment)
        else:
            from tm.xliff import FillInfo

            hit = found[0]
            loaded.doc.fill(
                handle,
                FillInfo(
                    text=hit.target,
                    markup=hit.target_markup,
                    exact=exact,
                    score=hit.score,
                    origin=hit.origin,
                    match_source=hit.source,
                    match_source_markup=hit.source_markup,
                    in_context=hit.in_context,
                ),
            )
        used.extend(found)
        if exact:
            report.filled_exact += 1
        else:
            report.filled_fuzzy += 1
            if all(h.score >= 100 for h in found) and complete:
                report.downgraded += 1
    loaded.changes = changes
    return used


def _write_temp(loaded: _Loaded, output: Path) -> Path:
    """Write the output beside its target under a temporary name (renamed once all are done)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if loaded.format == "po":
                fh.write(loaded.doc.render(loaded.changes))
            else:
                loaded.doc.write(fh)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _commit(written: list[tuple[Path, Path]]) -> None:
    """Make the temporary outputs durable with one sync, then rename each over its target.

    Like :func:`tm.atomic.atomic_write` (a reader never sees half a file), but one sync for
    the batch instead of one per file: five hundred fsyncs cost seconds.
    """
    if written:
        os.sync()
    for tmp, target in written:
        os.replace(tmp, target)


def detect(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in PO_SUFFIXES:
        return "po"
    if suffix in XLIFF_SUFFIXES:
        return "xliff"
    return None


def memory_target(stores: Sequence[MemoryStore], src: str | None) -> str | None:
    """The target language the stores imply: the one language besides the source, if one."""
    src = normalize_lang(src or "en")
    langs = {lang for store in stores for lang in store.languages() if not lang_matches(src, lang)}
    return langs.pop() if len(langs) == 1 else None


def plan_jobs(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str] | None, in_place: bool
) -> list[FileJob]:
    """Files to pre-translate and their outputs.

    A directory stands for every PO, POT and XLIFF file below it; with OUT a directory, the
    tree below each input directory is mirrored there (``.pot`` becomes ``.po``). A single
    input file may have OUT a file. Without OUT, files are written in place only with
    *in_place*; with neither, nothing is written (an analysis).
    """
    found: list[tuple[Path, str, bool]] = []  # path, name, from a directory
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and detect(p))
            found.extend((p, p.relative_to(path).as_posix(), True) for p in files)
        elif path.is_file():
            if detect(path) is None:
                raise UsageError(f"{raw}: not a PO, POT or XLIFF file (.po, .pot, .xlf, .xliff)")
            found.append((path, path.name, False))
        else:
            raise UsageError(f"{raw}: no such file or directory")
    if not found:
        raise UsageError("no PO, POT or XLIFF files in the input")
    if output is not None and in_place:
        raise UsageError("give either -o OUT or --in-place, not both")
    jobs = []
    out = Path(output) if output is not None else None
    single_file = len(found) == 1 and not found[0][2]
    if out is not None and single_file and not out.is_dir() and detect(out):
        return [FileJob(found[0][0], found[0][1], out)]
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(
            f"{out}: is a file; with several inputs or a directory, OUT is a directory"
        )
    names: set[str] = set()
    for path, name, _ in found:
        target = None
        if out is not None:
            rel = name[:-4] + ".po" if name.lower().endswith(".pot") else name
            if rel in names:
                raise UsageError(f"two inputs would both be written to {out / rel}")
            names.add(rel)
            target = out / rel
        elif in_place:
            target = path
        jobs.append(FileJob(path, name, target))
    return jobs


def pretranslate(
    jobs: Sequence[FileJob],
    finder_for: Callable[[str, str], MatchFinder],
    *,
    overwrite: bool = False,
    src: str | None = None,
    tgt: str | None = None,
    record_usage: bool = True,
    default_tgt: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> Report:
    """Pre-translate *jobs*; files that cannot be read are reported and the rest done.

    Languages come from *src*/*tgt*, else from each file (PO: source English, target the
    header's Language; XLIFF: its declared languages); *default_tgt* serves files that name
    no target language (templates).
    """
    started = time.perf_counter()
    report = Report()
    loaded: list[tuple[_Loaded, FileReport]] = []
    for job in jobs:
        fmt = detect(job.path) or "po"
        file_report = FileReport(job.name, str(job.output) if job.output else None, fmt)
        report.files.append(file_report)
        try:
            load = _load_po if fmt == "po" else _load_xliff
            item = load(job, src, tgt, default_tgt)
        except (ConcordError, OSError) as exc:
            file_report.error = str(exc) if isinstance(exc, ConcordError) else f"{job.name}: {exc}"
            continue
        loaded.append((item, file_report))
    if on_progress:
        on_progress(f"read {len(loaded)} file(s); looking up")
    by_pair: dict[tuple[str, str], list[Query]] = {}
    for item, _ in loaded:
        queries = by_pair.setdefault((item.src, item.tgt), [])
        for it in item.items:
            queries.extend(it.queries)
    results: dict[tuple[str, str], list[Hit | None]] = {}
    finders: dict[tuple[str, str], MatchFinder] = {}
    for pair, queries in by_pair.items():
        finders[pair] = finder_for(*pair)
        results[pair] = finders[pair].find(queries)
    if on_progress:
        on_progress("writing")
    cursors = dict.fromkeys(results, 0)
    used_by_pair: dict[tuple[str, str], list[Hit]] = {}
    written: list[tuple[Path, Path]] = []
    for item, file_report in loaded:
        pair = (item.src, item.tgt)
        hits_list = results[pair]
        per_item = []
        for it in item.items:
            start = cursors[pair]
            per_item.append(hits_list[start : start + len(it.queries)])
            cursors[pair] = start + len(it.queries)
        try:
            used = _apply(item, per_item, overwrite, file_report)
            if item.job.output is not None:
                written.append((_write_temp(item, item.job.output), item.job.output))
        except (ConcordError, OSError) as exc:
            file_report.error = (
                str(exc) if isinstance(exc, ConcordError) else f"{item.job.name}: {exc}"
            )
            continue
        if item.job.output is not None:
            used_by_pair.setdefault(pair, []).extend(used)
    try:
        _commit(written)
    except BaseException:
        for tmp, _ in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    if record_usage:
        for pair, used in used_by_pair.items():
            finders[pair].record_usage(used)
    src_langs = {item.src for item, _ in loaded}
    report.word_unit = "words*" if any(is_cjk_lang(s) for s in src_langs) else "words"
    report.seconds = time.perf_counter() - started
    return report
