"""Term recognition: find a termbase's terms in English and Chinese text.

One :class:`TermMatcher` is built per termbase and serves every caller (glossary lookup, the
review UI, ``concord check``, pre-translation comments). Building expands each term into its
surface variants (``glossary.english``) and loads them into one Aho-Corasick automaton per
language (ahocorasick-rs, or the pure-Python automaton below when it is missing); finding is
then a single pass over the text whatever the number of terms. :meth:`TermMatcher.scan` stops
after that pass: a caller that reads a whole corpus (``concord check``) learns which entries
each text may hold and works out word boundaries only for the hits it asks about.

Text and terms go through the same normalisation, which keeps one character per character
so that spans map back to the original text exactly:

* per-character NFKC where it yields one character (full-width ``ＳＯＥ``/``，``/``０`` ->
  ``SOE``/``,``/``0``), typographic apostrophes and quotes to ASCII;
* whitespace runs and line breaks to one space (the only step that changes length; its few
  offsets are recorded);
* a hyphen between two word characters to a space;
* lower case (acronyms are checked afterwards against the unlowered text).

A candidate from the automaton is a hit when its edges are word boundaries: for a Latin edge,
no Latin letter or digit on the other side; for an edge between two Han characters in
Chinese, a jieba word boundary (``glossary.chinese``). A Chinese term refused that way is
still a nested hit inside a longer hit when it sits on jieba's own boundaries of the longer
one (管理器 in 上下文管理器: the termbase makes 上下文管理器 one word, jieba's dictionary cuts
上下文|管理器). Hyphenated compounds in the text are also looked up without their hyphens, so
the term ``email`` finds ``e-mail``.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Hashable, Iterable, Iterator, Set
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from glossary.chinese import Segmenter, is_han
from glossary.english import Variant, surface_variants
from tm.lang import is_cjk_lang, primary
from tm.normalize import han_latin_spellings

try:  # Rust; the pure-Python automaton below gives the same hits, slower (see the bench)
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised through pure_python=True in the tests
    ahocorasick_rs = None


@dataclass(frozen=True)
class TermEntry:
    text: str
    lang: str  # BCP 47, e.g. "en", "zh-CN"
    key: Hashable  # e.g. (concept_id, term_id)


@dataclass(frozen=True)
class TermHit:
    start: int  # span [start, end) in the original text
    end: int
    text: str  # original[start:end]
    entry: TermEntry


@dataclass(frozen=True)
class NearMiss:
    entry: TermEntry
    score: float  # 0-100
    text: str  # the span of the input that nearly matches; for search, the entry's text


# --- normalisation -------------------------------------------------------------------------

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
           "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
           "\u2033": '"', "\u2010": "-", "\u2011": "-"}  # fmt: skip


class _FoldTable(dict):
    """``str.translate`` table filled on demand: one character in, one character out."""

    def __missing__(self, code: int) -> int | str:
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot reach the automaton (UTF-8)
            value = self[code] = "\ufffd"
            return value
        if char.isspace():
            value = self[code] = " "  # tabs, line breaks, no-break and ideographic spaces
            return value
        folded = _QUOTES.get(char) or unicodedata.normalize("NFKC", char)
        # NFKC that expands (ligatures, ellipsis) would break the offset map: keep those.
        value = folded if len(folded) == 1 else code
        self[code] = value
        return value


_FOLD = _FoldTable()
_SPACES = re.compile(r" {2,}")
_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


class _Normalised:
    """A text folded for matching, with the map from its positions back to the original."""

    __slots__ = ("hyphenated", "folded", "lowered", "_starts", "_deltas")

    def __init__(self, text: str) -> None:
        folded = text.translate(_FOLD)
        self._starts, self._deltas = [0], [0]
        if "  " in folded:
            folded = self._collapse(folded)
        self.hyphenated = folded  # kept for the compound look-up (e-mail -> email)
        self.folded = _HYPHEN.sub(" ", folded) if "-" in folded else folded
        lowered = self.folded.lower()
        if len(lowered) != len(self.folded):  # 'İ'.lower() is two characters
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.folded)
        self.lowered = lowered

    def _collapse(self, text: str) -> str:
        delta = 0
        for m in _SPACES.finditer(text):
            delta += m.end() - m.start() - 1
            # From the character after this space on, originals lie *delta* further.
            self._starts.append(m.end() - delta)
            self._deltas.append(delta)
        return _SPACES.sub(" ", text)

    @property
    def is_identity(self) -> bool:
        """True when every normalised position is the original one (no whitespace run)."""
        return len(self._starts) == 1

    def original(self, pos: int) -> int:
        """Offset in the original text of normalised position *pos*."""
        if len(self._starts) == 1:
            return pos
        return pos + self._deltas[bisect.bisect_right(self._starts, pos) - 1]

    def span(self, start: int, stop: int) -> tuple[int, int]:
        return self.original(start), self.original(stop - 1) + 1


def _match_form(text: str) -> str:
    """The lower-case normalised form of a term or query, for fuzzy comparison."""
    return _Normalised(text.strip()).lowered


@functools.cache
def _primary(tag: str) -> str:
    """The primary subtag, accepting POSIX spellings too (``zh_CN`` -> ``zh``)."""
    return primary(tag.strip().replace("_", "-"))


def _is_word(char: str) -> bool:
    """A character that continues a Latin word (letters and digits below the CJK blocks)."""
    return (char.isalnum() or char == "_") and char < "\u2e80"


# --- Aho-Corasick --------------------------------------------------------------------------


class _PyAutomaton:
    """Aho-Corasick over characters; the fallback when ahocorasick-rs is not installed.

    Same calls as ``ahocorasick_rs.AhoCorasick(patterns, matchkind=MatchKind.Standard)``:
    ``find_matches_as_indexes(text, overlapping=True)`` lists ``(pattern index, start, end)``
    for every occurrence, nested and overlapping ones included.
    """

    def __init__(self, patterns: list[str]) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._fail: list[int] = [0]
        self._out: list[list[tuple[int, int]]] = [[]]  # (pattern index, length) per node
        for pattern_index, pattern in enumerate(patterns):
            node = 0
            for char in pattern:
                nxt = self._goto[node].get(char)
                if nxt is None:
                    nxt = self._goto[node][char] = len(self._goto)
                    self._goto.append({})
                    self._fail.append(0)
                    self._out.append([])
                node = nxt
            self._out[node].append((pattern_index, len(pattern)))
        queue = list(self._goto[0].values())
        for node in queue:  # breadth first: a node's fail target is always done before it
            for char, child in self._goto[node].items():
                fail = self._fail[node]
                while fail and char not in self._goto[fail]:
                    fail = self._fail[fail]
                target = self._goto[fail].get(char, 0)
                self._fail[child] = target if target != child else 0
                # Outputs of the longest proper suffix that is a key, so the scan need not
                # follow fail links to report nested keys.
                self._out[child] = self._out[child] + self._out[self._fail[child]]
                queue.append(child)

    def find_matches_as_indexes(
        self, text: str, overlapping: bool = True
    ) -> list[tuple[int, int, int]]:
        goto, fail, out = self._goto, self._fail, self._out
        found, state = [], 0
        for i, char in enumerate(text, 1):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            if out[state]:
                found.extend((pattern, i - length, i) for pattern, length in out[state])
        return found


def _automaton(patterns: list[str], pure_python: bool) -> _PyAutomaton:
    if pure_python or ahocorasick_rs is None:
        return _PyAutomaton(patterns)
    # Standard match semantics are the ones that can report overlapping matches.
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)


# --- one language's index ------------------------------------------------------------------

# A payload is (entry index, offsets that must be upper case in the text).
_Payload = tuple[int, tuple[int, ...]]
# What a term edge needs from its neighbour: nothing, no Latin word character, a jieba boundary.
_FREE, _LATIN, _HAN = 0, 1, 2


class _LangIndex:
    """The automaton and fuzzy forms for the entries of one primary language."""

    def __init__(self, lang: str, entries: list[tuple[int, TermEntry]], pure_python: bool):
        self.lang = lang
        self.cjk = is_cjk_lang(lang)
        self.variants: dict[str, list[_Payload]] = {}
        for index, entry in entries:
            for variant, mask in self._variants(entry.text):
                if variant:  # a term of only spaces has nothing to find
                    self.variants.setdefault(variant, []).append((index, mask))
        # Latin words, for hyphenated compounds in the text (e-mail -> email); acronym masks
        # cannot be checked once the hyphens are gone, so those stay out.
        self.solid = {
            variant: [p for p in payloads if not p[1]]
            for variant, payloads in self.variants.items()
            if all(map(_is_word, variant))
        }
        patterns = list(self.variants)
        # Per pattern: what its first and last characters need from their neighbours.
        self._patterns = [
            (self._edge_kind(p[0]), self._edge_kind(p[-1]), tuple(self.variants[p]))
            for p in patterns
        ]
        # Per pattern, its entries: candidates() unions these without looking at payloads.
        self.pattern_entries = [
            frozenset(i for i, _ in payloads) for *_, payloads in self._patterns
        ]
        self.automaton = _automaton(patterns, pure_python) if patterns else None
        self._words = [entry.text for _, entry in entries] if lang == "zh" else []
        self._segmenter: Segmenter | None = None
        # Fuzzy forms sorted by length, so a score cutoff selects a contiguous slice.
        forms = sorted((len(f), f, i) for i, e in entries if (f := _match_form(e.text)))
        self.form_lengths = [n for n, _, _ in forms]
        self.forms = [f for _, f, _ in forms]
        self.form_entries = [i for _, _, i in forms]

    def _variants(self, text: str) -> list[Variant]:
        folded = _Normalised(text.strip()).hyphenated
        variants = surface_variants(folded, inflect=self.lang == "en")
        if self.lang == "zh":
            # A space between Han and a Latin word is the writer's choice: lambda 表达式 is
            # found written lambda表达式 too, and the other way round.
            for spelling in han_latin_spellings(folded)[1:]:
                variants += surface_variants(spelling, inflect=False)
        return variants

    def _edge_kind(self, char: str) -> int:
        if _is_word(char):
            return _LATIN
        if self.lang == "zh" and is_han(char):
            return _HAN
        return _FREE  # punctuation, or CJK without a segmenter (ja, ko): any neighbour will do

    @property
    def segmenter(self) -> Segmenter:
        # Built on first need: loading jieba's dictionary costs most of a second.
        if self._segmenter is None:
            self._segmenter = Segmenter([_Normalised(w).lowered for w in self._words])
        return self._segmenter

    def matches(self, norm: _Normalised) -> list[tuple[int, int, int]]:
        """The automaton's (pattern, start, stop) in normalised positions, boundaries untested."""
        if self.automaton is None:
            return []
        return self.automaton.find_matches_as_indexes(norm.lowered, overlapping=True)

    def candidates(self, norm: _Normalised, matches: list[tuple[int, int, int]]) -> set[int]:
        """Entry indexes that may have a hit in *norm*: a superset of scan()'s, without
        boundary tests (so without jieba)."""
        entries = self.pattern_entries
        found: set[int] = set().union(*[entries[p] for p in {m[0] for m in matches}])
        if "-" in norm.hyphenated and self.solid:
            found.update(index for _, _, index in self._compounds(norm))
        return found

    def scan(
        self, norm: _Normalised, matches: list[tuple[int, int, int]] | None = None
    ) -> list[tuple[int, int, int]]:
        """Every hit as (start, stop, entry index) in normalised positions; *matches* are
        matches(norm) when the caller has them already."""
        if self.automaton is None:
            return []
        if matches is None:
            matches = self.matches(norm)
        low, folded, n = norm.lowered, norm.folded, len(norm.lowered)
        pairs, boundary = frozenset(), None  # only Chinese (zh) edges are ever _HAN
        if self.lang == "zh":
            # Two Han characters that occur together in no dictionary word are a forced word
            # boundary; only other pairs need the segmenter.
            pairs, boundary = self.segmenter.pairs, self.segmenter.is_boundary
        hits, split, patterns = [], [], self._patterns
        # The hot loop of the whole module: edge tests are inlined on purpose.
        for pattern, start, stop in matches:
            lead, tail, payloads = patterns[pattern]
            splits_word = False
            if start and lead:
                if lead == _LATIN:
                    char = low[start - 1]
                    if (char.isalnum() or char == "_") and char < "\u2e80":
                        continue
                elif low[start - 1 : start + 1] in pairs and not boundary(low, start):
                    splits_word = True
            if stop < n and tail:
                if tail == _LATIN:
                    char = low[stop]
                    if (char.isalnum() or char == "_") and char < "\u2e80":
                        continue
                elif low[stop - 1 : stop + 1] in pairs and not boundary(low, stop):
                    splits_word = True
            if splits_word:
                split.append((start, stop, payloads))
                continue
            for index, mask in payloads:
                if not mask or all(folded[start + m].isupper() for m in mask):
                    hits.append((start, stop, index))
        if split and hits:
            hits.extend(self._nested(norm, hits, split))
        if "-" in norm.hyphenated and self.solid:
            # The automaton never reports one span twice for one entry; compounds may.
            hits = list(dict.fromkeys(hits + self._compounds(norm)))
        return hits

    def _nested(
        self,
        norm: _Normalised,
        hits: list[tuple[int, int, int]],
        split: list[tuple[int, int, tuple[_Payload, ...]]],
    ) -> list[tuple[int, int, int]]:
        """Candidates refused for splitting a word, taken back when they lie inside a hit on
        boundaries of jieba's own cut of that hit (管理器 inside 上下文管理器)."""
        low, folded, found = norm.lowered, norm.folded, []
        outer = sorted({(s, e) for s, e, _ in hits}, key=lambda span: span[0] - span[1])
        for start, stop, payloads in split:
            for s, e in outer:
                if s <= start and stop <= e and e - s > stop - start:
                    bounds = self.segmenter.plain_boundaries(low[s:e])
                    if start - s in bounds and stop - s in bounds:
                        found.extend(
                            (start, stop, index)
                            for index, mask in payloads
                            if all(folded[start + m].isupper() for m in mask)
                        )
                        break
        return found

    def _compounds(self, norm: _Normalised) -> list[tuple[int, int, int]]:
        """Hyphenated compounds of the text joined up: e-mail -> email."""
        found = []
        for m in _COMPOUND.finditer(norm.hyphenated):
            parts = [(p.start(), p.end()) for p in _WORD_PART.finditer(norm.hyphenated, *m.span())]
            for i in range(len(parts)):
                for j in range(i + 1, len(parts)):
                    joined = "".join(norm.lowered[a:b] for a, b in parts[i : j + 1])
                    for index, _ in self.solid.get(joined, ()):
                        found.append((parts[i][0], parts[j][1], index))
        return found


_WORD_PART = re.compile(r"[^\W_]+")


def _original(norm: _Normalised, raw: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Raw hits with their normalised spans mapped back to the original text."""
    if norm.is_identity:
        return raw
    return [(*norm.span(start, stop), index) for start, stop, index in raw]


class TextScan:
    """One text after the automaton: its candidate entries now, its hits on demand.

    Hits are raw ``(start, end, entry index)`` tuples in the original text's offsets,
    indexing :attr:`TermMatcher.entries`; :meth:`hit` makes a :class:`TermHit` of one.
    Building hit objects and testing word boundaries (jieba, for Chinese) is most of the
    cost of a scan, and a checker needs them for few of the hits it could find.
    """

    __slots__ = ("text", "_matcher", "_index", "_norm", "_matches", "_candidates", "_hits")

    def __init__(self, matcher: TermMatcher, text: str, index: _LangIndex | None) -> None:
        self.text = text
        self._matcher = matcher
        self._index = index if text else None
        self._norm = _Normalised(text) if self._index is not None else None
        self._matches = self._index.matches(self._norm) if self._index is not None else []
        self._candidates: set[int] | None = None
        self._hits: list[tuple[int, int, int]] | None = None

    def candidates(self) -> set[int]:
        """Entry indexes that may have a hit: every entry of hits() is among them."""
        if self._candidates is None:
            self._candidates = (
                set() if self._index is None else self._index.candidates(self._norm, self._matches)
            )
        return self._candidates

    def hits(self, *wanted: Set[int]) -> list[tuple[int, int, int]]:
        """Every hit, nested ones included, in find_all()'s order (by start, longest first).

        With *wanted* (sets of entry indexes), only the hits of the candidates that overlap a
        candidate of a wanted entry, directly or through a chain of overlapping candidates.
        Whether a candidate is a hit, and whether it wins a longest-match choice, depends on
        the candidates it overlaps only; so for the hits of wanted entries the answer is that
        of all hits, while the word-boundary tests (jieba) of the others are never made.
        """
        compounds = self._index is not None and "-" in self._norm.hyphenated and self._index.solid
        if wanted and not compounds:  # compound hits (e-mail) are no matches: take them all
            return self._scan(self._related(wanted))
        if self._hits is None:
            self._hits = self._scan(self._matches)
        return self._hits

    def _scan(self, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        if self._index is None or not matches and "-" not in self._norm.hyphenated:
            return []  # no automaton match; only a compound (e-mail) could be a hit
        raw = self._index.scan(self._norm, matches)
        raw.sort(key=lambda h: (h[0], -h[1]))
        return _original(self._norm, raw)

    def _related(self, wanted: tuple[Set[int], ...]) -> list[tuple[int, int, int]]:
        """The matches in the overlap groups that hold a match of a wanted entry (order kept)."""
        if self._index is None or not self._matches:
            return []
        entries = self._index.pattern_entries
        patterns = {m[0] for m in self._matches}
        seeds = {p for p in patterns if any(not entries[p].isdisjoint(w) for w in wanted)}
        if len(seeds) == len(patterns) or not seeds:
            return self._matches if seeds else []
        # Overlapping spans form groups that are runs of the matches sorted by start.
        group_of: dict[tuple[int, int, int], int] = {}
        group, reach, keep = -1, -1, set()
        for match in sorted(self._matches, key=lambda m: m[1]):
            if match[1] >= reach:
                group += 1
            reach = max(reach, match[2]) if match[1] < reach else match[2]
            group_of[match] = group
            if match[0] in seeds:
                keep.add(group)
        return [m for m in self._matches if group_of[m] in keep]

    def hit(self, raw: tuple[int, int, int]) -> TermHit:
        start, end, index = raw
        return TermHit(start, end, self.text[start:end], self._matcher.entries[index])


# --- the matcher ---------------------------------------------------------------------------


class TermMatcher:
    """Finds a termbase's terms in text; build once, query many times."""

    def __init__(self, entries: list[TermEntry], pure_python: bool = False) -> None:
        self._entries = entries
        by_lang: dict[str, list[tuple[int, TermEntry]]] = {}
        for index, entry in enumerate(entries):
            by_lang.setdefault(_primary(entry.lang), []).append((index, entry))
        self._indexes = {
            lang: _LangIndex(lang, members, pure_python) for lang, members in by_lang.items()
        }
        self._search_forms = [_match_form(e.text) for e in entries]

    @classmethod
    def build(cls, entries: Iterable[TermEntry], *, pure_python: bool = False) -> TermMatcher:
        """Build the matcher for *entries* (duplicates dropped).

        *pure_python* forces the built-in Aho-Corasick even when ahocorasick-rs is installed
        (tests and benchmarks compare the two).
        """
        return cls(list(dict.fromkeys(entries)), pure_python)

    @property
    def entries(self) -> list[TermEntry]:
        """The entries, duplicates dropped; raw hits (:class:`TextScan`) index this list."""
        return self._entries

    def _scan(self, text: str, lang: str) -> tuple[_Normalised, list[tuple[int, int, int]]]:
        index = self._indexes.get(_primary(lang))
        norm = _Normalised(text)
        return norm, index.scan(norm) if index is not None and text else []

    def _hits(self, text: str, norm: _Normalised, raw: list[tuple[int, int, int]]) -> list[TermHit]:
        entries = self._entries
        return [TermHit(s, e, text[s:e], entries[i]) for s, e, i in _original(norm, raw)]

    def find_all(self, text: str, lang: str) -> list[TermHit]:
        """Every hit, nested and overlapping ones included, sorted by start then longest."""
        norm, raw = self._scan(text, lang)
        raw.sort(key=lambda h: (h[0], -h[1]))
        return self._hits(text, norm, raw)

    def scan(self, text: str, lang: str) -> TextScan:
        """*text* run through the automaton only; hits are worked out when asked for.

        For callers that look at many texts and need the hits of few (``concord check``):
        :meth:`TextScan.candidates` rules a text out without word-boundary tests.
        """
        return TextScan(self, text, self._indexes.get(_primary(lang)))

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Non-overlapping hits, the longest winning among overlaps, sorted by start.

        Entries that share the very same span (homonyms in the termbase) are all returned.
        """
        norm, raw = self._scan(text, lang)
        raw.sort()
        if any(raw[k][1] > raw[k + 1][0] for k in range(len(raw) - 1)):  # some overlap
            raw.sort(key=lambda h: (h[0] - h[1], h[0]))  # longest first, then leftmost
            taken = bytearray(len(norm.lowered))  # 1 where a chosen hit lies
            chosen, spans = [], set()
            for start, stop, index in raw:
                if (start, stop) in spans:
                    chosen.append((start, stop, index))  # a homonym of a hit already chosen
                elif taken.find(1, start, stop) == -1:
                    chosen.append((start, stop, index))
                    spans.add((start, stop))
                    taken[start:stop] = b"\x01" * (stop - start)
            raw = sorted(chosen)
        return self._hits(text, norm, raw)

    def near_misses(
        self, text: str, lang: str, limit: int = 5, min_score: float = 80
    ) -> list[NearMiss]:
        """Terms that almost occur in *text* (misspelt, partly there) but are not hits."""
        index = self._indexes.get(_primary(lang))
        if index is None or not index.forms or not text.strip():
            return []
        exact = {h.entry for h in self.find_all(text, lang)}
        norm = _Normalised(text)
        if index.cjk:
            # The longest window that can still reach min_score against the longest form.
            s = max(min_score, 1) / 100
            candidates = _windows(norm.lowered, int(index.form_lengths[-1] * (2 - s) / s))
        else:
            candidates = _ngrams(norm.lowered)
        best: dict[int, tuple[float, int, str]] = {}
        for (start, stop), entry_index, score in _close_forms(index, candidates, min_score):
            entry = self._entries[entry_index]
            if entry in exact or (index.cjk and score >= 100):
                continue  # a CJK window equal to the term is one segmentation refused
            begin, end = norm.span(start, stop)
            if entry_index not in best or score > best[entry_index][0]:
                best[entry_index] = (score, begin, text[begin:end])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        return [NearMiss(self._entries[i], round(s, 1), t) for i, (s, _, t) in ranked[:limit]]

    def search(self, query: str, limit: int = 20, min_score: float = 60) -> list[NearMiss]:
        """Fuzzy search over every term of every language.

        Scores: 100 for the term itself or one of its inflected forms; 90-99 when the term
        contains the query (shorter terms first); at most 89 for a fuzzy (WRatio) likeness,
        which is skipped for queries under three characters.
        """
        q = _match_form(query)
        if not q:
            return []
        scores: dict[int, float] = {}
        for index in self._indexes.values():
            for entry_index, _ in index.variants.get(q, ()):
                scores[entry_index] = 100.0
        for i, form in enumerate(self._search_forms):
            if i not in scores and q in form:
                scores[i] = 100.0 if q == form else round(90 + 9 * len(q) / len(form), 1)
        if len(q) >= 3:
            for _, score, i in process.extract(
                q, self._search_forms, scorer=fuzz.WRatio, limit=None, score_cutoff=min_score
            ):
                if i not in scores and min(score, 89.0) >= min_score:
                    scores[i] = round(min(score, 89.0), 1)
        ranked = sorted(
            scores.items(), key=lambda kv: (-kv[1], len(self._search_forms[kv[0]]), kv[0])
        )
        return [
            NearMiss(self._entries[i], s, self._entries[i].text)
            for i, s in ranked[:limit]
            if s >= min_score
        ]


# --- near-miss candidates ------------------------------------------------------------------

_MAX_NGRAM = 5


def _ngrams(text: str) -> dict[str, tuple[int, int]]:
    """Runs of 1-5 words of *text*, each with its first span."""
    words = [m.span() for m in _WORD.finditer(text)]
    out: dict[str, tuple[int, int]] = {}
    for i, (start, _) in enumerate(words):
        for j in range(i, min(i + _MAX_NGRAM, len(words))):
            out.setdefault(text[start : words[j][1]], (start, words[j][1]))
    return out


def _windows(text: str, longest: int) -> dict[str, tuple[int, int]]:
    """Character windows of *text* that neither start nor end with a space."""
    out: dict[str, tuple[int, int]] = {}
    for i, char in enumerate(text):
        if char.isspace():
            continue
        for j in range(i + 1, min(i + longest, len(text)) + 1):
            if not text[j - 1].isspace():
                out.setdefault(text[i:j], (i, j))
    return out


def _close_forms(
    index: _LangIndex, candidates: dict[str, tuple[int, int]], min_score: float
) -> Iterator[tuple[tuple[int, int], int, float]]:
    """(span, entry index, score) for every form scoring at least *min_score* (fuzz.ratio)."""
    by_length: dict[int, list[str]] = {}
    for window in candidates:
        by_length.setdefault(len(window), []).append(window)
    # ratio <= 2*min(a, b)/(a + b): only forms within this length window can reach the cutoff,
    # and the forms are sorted by length, so each window length compares with one slice.
    s = max(min_score, 1) / 100
    for n, windows in by_length.items():
        lo = bisect.bisect_left(index.form_lengths, n * s / (2 - s))
        hi = bisect.bisect_right(index.form_lengths, n * (2 - s) / s)
        if lo >= hi:
            continue
        scores = process.cdist(
            windows, index.forms[lo:hi], scorer=fuzz.ratio, score_cutoff=min_score
        )
        for row, col in zip(*np.nonzero(scores), strict=True):
            yield candidates[windows[row]], index.form_entries[lo + col], float(scores[row, col])
