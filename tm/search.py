"""Searching the memory: fuzzy matches and concordance, through persisted indexes.

Each language of the store has a :class:`~tm.fuzzy.FuzzyIndex` saved beside the store file
(``concord.db.index/<lang>/``). It is derived data, rebuilt from the store whenever it is
missing or stale, so deleting it loses nothing. Units added after the index was built are
searched exhaustively until there are enough of them to make a rebuild worthwhile: a small
import does not pay for re-indexing a million units.

A match or concordance line names the unit's first origin (``origin``, as exports do). All of
its origins (the same pair may come from many PO files) are asked for separately, with
:meth:`Memory.attach_origins`, once for a whole batch of lookups: a lookup is the hot path, and
most callers (pre-translation, the review UI) need only the first.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tm.fuzzy import FuzzyIndex, exhaustive_search, similarity
from tm.fuzzybuild import build_index
from tm.lang import lang_matches, normalize_lang
from tm.normalize import (
    han_latin_spellings,
    is_han,
    mask_numbers,
    normalize,
    normalize_with_offsets,
)
from tm.store import SQLiteStore
from tm.unit import Origin, TranslationUnit, Variant

# Rebuild once the units added since the last build exceed this share of the index.
REBUILD_SHARE = 0.05
REBUILD_MIN = 5000


@dataclass
class Match:
    """One fuzzy match: a unit of the memory scored against a query."""

    score: float
    source: str
    target: str
    origin: str | None
    unit_id: int
    context: str | None = None
    in_context: bool = False
    differences: list[str] = field(default_factory=list)  # "numbers", "tags", "formatting"
    source_markup: str | None = None
    target_markup: str | None = None
    usage_count: int = 0
    changed_at: str | None = None
    origins: list[str] = field(default_factory=list)  # filled by Memory.attach_origins

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ConcordanceLine:
    """A segment containing the searched words, with where they are and its translation."""

    unit_id: int
    lang: str
    text: str
    start: int
    end: int
    partner_lang: str | None
    partner_text: str | None
    origin: str | None
    origins: list[str] = field(default_factory=list)  # filled by Memory.attach_origins

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _LanguageIndex:
    index: FuzzyIndex
    delta_keys: list[int]
    delta_texts: list[str]


class Memory:
    """Fuzzy lookup and concordance over a store."""

    def __init__(self, store: SQLiteStore, index_root: Path | None = None) -> None:
        self.store = store
        self.index_root = index_root or Path(f"{store.path}.index")
        self._indexes: dict[str, _LanguageIndex] = {}
        self._languages: list[str] | None = None

    def languages(self) -> list[str]:
        """The store's languages, asked once per Memory (a lookup must not scan the store)."""
        if self._languages is None:
            self._languages = self.store.language_tags()
        return self._languages

    # -- indexes --------------------------------------------------------------------------

    def _index_dir(self, lang: str) -> Path:
        return self.index_root / lang

    def index_for(self, lang: str) -> _LanguageIndex:
        """The index of *lang*, loaded from disk, rebuilt when missing or stale."""
        if lang in self._indexes:
            return self._indexes[lang]
        index = FuzzyIndex.load(self._index_dir(lang))
        if index is None or index.meta.get("rewrite_generation") != self.store.rewrite_generation():
            index = self.build_index(lang)
        covered = int(index.meta.get("max_unit_id", 0))
        delta = [(k, normalize(t)) for k, t in self.store.iter_texts(lang, after_id=covered)]
        if len(delta) > max(REBUILD_MIN, REBUILD_SHARE * len(index)):
            index = self.build_index(lang)
            delta = []
        entry = _LanguageIndex(index, [k for k, _ in delta], [t for _, t in delta])
        self._indexes[lang] = entry
        return entry

    def build_index(self, lang: str) -> FuzzyIndex:
        """Build and save the index of *lang* from the store's current content."""
        generation = self.store.rewrite_generation()
        max_id = self.store.max_unit_id()
        entries = ((k, normalize(t)) for k, t in self.store.iter_texts(lang) if k <= max_id)
        meta = {"lang": lang, "rewrite_generation": generation, "max_unit_id": max_id}
        build_index(self._index_dir(lang), entries, meta)
        self._indexes.pop(lang, None)
        index = FuzzyIndex.load(self._index_dir(lang))
        assert index is not None
        return index

    def refresh(self, langs: Sequence[str] | None = None) -> None:
        """Bring the indexes of *langs* (default: all) up to date after a write."""
        self._languages = None
        wanted = list(langs) if langs is not None else self.languages()
        for lang in wanted:
            self._indexes.pop(lang, None)
            self.index_for(lang)
        if langs is None and self.index_root.exists():
            for stale in self.index_root.iterdir():
                if stale.is_dir() and stale.name not in wanted:
                    shutil.rmtree(stale, ignore_errors=True)

    def _resolve_lang(self, lang: str) -> list[str]:
        """Store languages that serve *lang* (``zh`` finds ``zh-CN`` and ``zh-TW``)."""
        lang = normalize_lang(lang)
        known = self.languages()
        if lang in known:
            return [lang]
        return [k for k in known if lang_matches(lang, k)]

    # -- fuzzy lookup ---------------------------------------------------------------------

    def lookup(
        self,
        text: str,
        src: str,
        tgt: str,
        limit: int = 5,
        min_score: float = 75.0,
        context: str | None = None,
        markup: str | None = None,
    ) -> list[Match]:
        """The best units whose *src* text resembles *text* and that have a *tgt* variant."""
        query = normalize(text)
        if not query:
            return []
        hits: dict[int, float] = {}
        for lang in self._resolve_lang(src):
            entry = self.index_for(lang)
            for hit in entry.index.search(query, limit, min_score, candidates=max(4 * limit, 20)):
                hits[hit.key] = max(hits.get(hit.key, 0.0), hit.score)
            if entry.delta_texts:
                for i, score in exhaustive_search(query, entry.delta_texts, 4 * limit, min_score):
                    key = entry.delta_keys[i]
                    hits[key] = max(hits.get(key, 0.0), round(score, 2))
        if not hits:
            return []
        matches = []
        for unit in self.store.get_units(list(hits)):
            match = self._match(unit, text, query, src, tgt, context, markup)
            if match is not None:
                matches.append(match)
        matches.sort(
            key=lambda m: (
                -m.score,
                not m.in_context,
                -m.usage_count,
                m.changed_at or "",
                m.unit_id,
            )
        )
        seen: set[tuple[str, str]] = set()
        unique = []
        for m in matches:
            if (m.source, m.target) not in seen:
                seen.add((m.source, m.target))
                unique.append(m)
        return unique[:limit]

    def _match(
        self,
        unit: TranslationUnit,
        text: str,
        query: str,
        src: str,
        tgt: str,
        context: str | None,
        markup: str | None,
    ) -> Match | None:
        target = unit.variant(tgt)
        sources = [v for v in unit.variants if lang_matches(src, v.lang) and v is not target]
        if target is None or not sources:
            return None
        scored = [(similarity(query, normalize(v.text)), v) for v in sources]
        score, source = max(scored, key=lambda item: item[0])
        return Match(
            score=round(score, 2),
            source=source.text,
            target=target.text,
            origin=unit.origin,
            unit_id=unit.id or 0,
            context=unit.context,
            in_context=context is not None and unit.context == context,
            differences=differences(text, markup, source),
            source_markup=source.markup,
            target_markup=target.markup,
            usage_count=unit.usage_count,
            changed_at=unit.changed_at or unit.created_at,
        )

    # -- concordance ----------------------------------------------------------------------

    def concordance(
        self, words: str, langs: Sequence[str] | None = None, limit: int = 50
    ) -> list[ConcordanceLine]:
        """Segments in any language (or in *langs*) that contain *words*, shortest first."""
        needle = normalize(words)
        if not needle:
            return []
        wanted = (
            [lang for want in langs for lang in self._resolve_lang(want)]
            if langs
            else self.languages()
        )
        # Chinese writers put a space between Han and a Latin word or not (lambda 表达式,
        # lambda表达式): either spelling finds both.
        needles = han_latin_spellings(needle)
        found: list[tuple[int, str, str]] = []
        seen: set[tuple[int, str]] = set()
        for lang in wanted:
            entry = self.index_for(lang)
            index = entry.index
            for spelling in needles:
                # Each spelling has its own budget: the one most writers use hides no other.
                enough = len(found) + limit
                # Lazily: a one-character query may occur in most of a million segments.
                pool = itertools.chain(
                    ((int(index.doc_keys[d]), index.text(d)) for d in index.containing(spelling)),
                    zip(entry.delta_keys, entry.delta_texts, strict=True),
                )
                for key, normal in pool:
                    if (key, lang) not in seen and _find_word(normal, spelling) >= 0:
                        seen.add((key, lang))
                        found.append((key, lang, spelling))
                        if len(found) >= enough:
                            break
        units = {u.id: u for u in self.store.get_units(list(dict.fromkeys(k for k, *_ in found)))}
        lines = []
        for key, lang, spelling in found:
            unit = units.get(key)
            if unit is None:
                continue
            line = _concordance_line(unit, lang, spelling)
            if line is not None:
                lines.append(line)
        lines.sort(key=lambda line: (len(line.text), line.unit_id))
        return lines[:limit]

    # -- every origin ---------------------------------------------------------------------

    def attach_origins(self, items: Sequence[Match | ConcordanceLine]) -> None:
        """Fill in ``origins`` of these matches or lines, with one store query for them all."""
        asked = [item.unit_id for item in items if item.origin]
        recorded = self.store.origins(asked) if asked else {}
        for item in items:
            item.origins = _origin_strings(item.origin, recorded.get(item.unit_id, []))


def _origin_strings(origin: str | None, recorded: list[Origin]) -> list[str]:
    # The unit's own origin comes first, written as ``origin`` writes it (``file#tuid`` when
    # there is no line), so that ``origins[0] == origin`` always holds; the store's record of
    # it is left out (a unit known by its tuid alone has none).
    if origin is None:
        return []
    rest = list(recorded)
    for i, o in enumerate(rest):
        if str(o) == origin or (o.line is None and origin.startswith(f"{o.file}#")):
            del rest[i]
            break
    return [origin, *(str(o) for o in rest)]


def differences(text: str, markup: str | None, matched: Variant) -> list[str]:
    """How a match differs from the query when the difference is only of one kind."""
    query, candidate = normalize(text), normalize(matched.text)
    found = []
    if query == candidate:
        if text != matched.text:
            found.append("formatting")
        if (markup or None) != (matched.markup or None) and (markup or matched.markup):
            found.append("tags")
    elif mask_numbers(query) == mask_numbers(candidate):
        found.append("numbers")
    return found


_WORD = re.compile(r"\w", re.UNICODE)


def _find_word(haystack: str, needle: str, start: int = 0) -> int:
    """Position of *needle* in *haystack*, at a word start when it begins with a Latin letter.

    Chinese has no word boundaries: a Han query matches anywhere. A Latin query must not
    start inside a word ("art" does not find "start") but may end inside one, so that
    "integrat" finds "integration" and "SOE" finds "SOEs".
    """
    while True:
        pos = haystack.find(needle, start)
        if pos < 0:
            return -1
        first = needle[0]
        if not _WORD.match(first) or is_han(first) or pos == 0:
            return pos
        before = haystack[pos - 1]
        if not _WORD.match(before) or is_han(before):
            return pos
        start = pos + 1


def _concordance_line(unit: TranslationUnit, lang: str, needle: str) -> ConcordanceLine | None:
    for variant in unit.variants:
        if variant.lang != lang:
            continue
        normal, offsets = normalize_with_offsets(variant.text)
        pos = _find_word(normal, needle)
        if pos < 0:
            continue
        start = offsets[pos]
        end = offsets[pos + len(needle) - 1] + 1
        partner = next((v for v in unit.variants if v.lang != lang), None)
        return ConcordanceLine(
            unit_id=unit.id or 0,
            lang=lang,
            text=variant.text,
            start=start,
            end=end,
            partner_lang=partner.lang if partner else None,
            partner_text=partner.text if partner else None,
            origin=unit.origin,
        )
    return None
