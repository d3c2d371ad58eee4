"""The termbase as checks see it: one matcher over every approved term, and per concept the
renderings that are acceptable or forbidden in each language.

Built from :class:`~glossary.model.Concept` objects, whether they come from the store or
from a TBX/CSV file read into memory (:func:`load_concepts`); nothing is written anywhere.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from glossary.model import Concept, Term, best_term
from glossary.recognize import TermEntry, TermHit, TermMatcher, TextScan
from tm.errors import InputError, UsageError
from tm.gcpause import gc_paused
from tm.lang import lang_matches, primary

# A raw hit: (start, end, index into TermMatcher.entries); see recognize.TextScan.
RawHit = tuple[int, int, int]

ACCEPTABLE = frozenset({None, "preferred", "admitted"})
FORBIDDEN = frozenset({"deprecated", "superseded"})


class TermKey(NamedTuple):
    """What a matcher entry points at: a term of a concept."""

    concept: int  # index into CheckTermbase.concepts
    lang: str
    text: str
    status: str | None


def serves(entry_lang: str, lang: str) -> bool:
    """True when a term in *entry_lang* may stand in text of *lang* (zh for zh-CN and back)."""
    return lang_matches(lang, entry_lang) or lang_matches(entry_lang, lang)


class CheckTermbase:
    """Approved terms of a termbase, ready for matching; build once per run."""

    def __init__(self, concepts: Iterable[Concept], *, pure_python: bool = False) -> None:
        self.concepts: list[Concept] = []
        entries: list[TermEntry] = []
        for concept in concepts:
            index = len(self.concepts)
            self.concepts.append(concept)
            for sec in concept.languages:
                for term in sec.terms:
                    if term.state == "approved" and term.text.strip():
                        key = TermKey(index, sec.lang, term.text, term.status)
                        entries.append(TermEntry(term.text, sec.lang, key))
        with gc_paused():  # the automaton's tables are many small objects, none garbage
            self.matcher = TermMatcher.build(entries, pure_python=pure_python)
        self._entries = entries
        # Per matcher entry, what checks ask of a raw hit: its concept, whether it is forbidden.
        keys = [e.key for e in self.matcher.entries]
        self.entry_concept: list[int] = [k.concept for k in keys]
        self.entry_forbidden: list[bool] = [k.status in FORBIDDEN for k in keys]
        self._forbidden_entries = frozenset(i for i, k in enumerate(keys) if k.status in FORBIDDEN)
        self._concept_entries: dict[int, set[int]] = {}
        for i, key in enumerate(keys):
            self._concept_entries.setdefault(key.concept, set()).add(i)
        # Per language, whether every entry of its primary language serves it (no filtering).
        self._all_serve: dict[str, bool] = {}
        self._serves: dict[str, list[bool]] = {}
        self._acceptable: dict[tuple[int, str], list[str]] = {}
        self._preferred: dict[tuple[int, str], str | None] = {}

    def __len__(self) -> int:
        return len(self.concepts)

    def _terms(self, concept: int, lang: str) -> list[Term]:
        return [
            t
            for sec in self.concepts[concept].languages
            if serves(sec.lang, lang)
            for t in sec.terms
            if t.state == "approved"
        ]

    def acceptable(self, concept: int, lang: str) -> list[str]:
        """The renderings of *concept* a translation into *lang* may use, preferred first."""
        key = (concept, lang)
        found = self._acceptable.get(key)
        if found is None:
            terms = [t for t in self._terms(concept, lang) if t.status in ACCEPTABLE]
            terms.sort(key=lambda t: {"preferred": 0, None: 1}.get(t.status, 2))
            found = self._acceptable[key] = list(dict.fromkeys(t.text for t in terms))
        return found

    def preferred(self, concept: int, lang: str) -> str | None:
        """The fix to offer for a forbidden term: the concept's best term in *lang*."""
        key = (concept, lang)
        if key not in self._preferred:
            best = best_term(self._terms(concept, lang))
            self._preferred[key] = best.text if best else None
        return self._preferred[key]

    def scan(self, text: str, lang: str) -> TextScan:
        """*text* through the matcher's automaton: candidates now, raw hits on demand."""
        return self.matcher.scan(text, lang)

    def may_render(self, scan: TextScan, concepts: set[int]) -> bool:
        """Whether the scanned text may hold a term of *concepts*: no word boundaries tested,
        so True for every text that does, and for some that do not. It spares the boundary
        tests of targets that cannot hold what a check looks for."""
        entries = scan.candidates()
        return any(not entries.isdisjoint(self._concept_entries[c]) for c in concepts)

    def may_forbid(self, scan: TextScan) -> bool:
        """Whether the scanned text may hold a forbidden term (as :meth:`may_render`)."""
        return not scan.candidates().isdisjoint(self._forbidden_entries)

    def serving_hits(
        self, scan: TextScan, lang: str, concepts: set[int] | None = None
    ) -> list[RawHit]:
        """The raw hits of *scan* whose terms serve *lang* (find_all() as raw hits).

        With *concepts*, only the hits that decide where those concepts' terms and forbidden
        terms are (see :meth:`TextScan.hits`): the checks ask about nothing else.
        """
        if concepts is None:
            hits = scan.hits()
        else:
            wanted = [self._concept_entries[c] for c in concepts]
            hits = scan.hits(self._forbidden_entries, *wanted)
        if not hits or self._every_serves(lang):
            return hits
        serves_lang = self._serves.get(lang)
        if serves_lang is None:
            serves_lang = self._serves[lang] = [serves(e.lang, lang) for e in self.matcher.entries]
        return [h for h in hits if serves_lang[h[2]]]

    def _every_serves(self, lang: str) -> bool:
        every = self._all_serve.get(lang)
        if every is None:
            every = self._all_serve[lang] = all(
                serves(e.lang, lang) for e in self._entries if primary(e.lang) == primary(lang)
            )
        return every

    def _serving(self, hits: list[TermHit], lang: str) -> list[TermHit]:
        return hits if self._every_serves(lang) else [h for h in hits if serves(h.entry.lang, lang)]

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Non-overlapping hits, longest first, of terms that serve *lang*."""
        return self._serving(self.matcher.find(text, lang), lang)

    def find_all(self, text: str, lang: str) -> list[TermHit]:
        """Every hit, nested ones included, of terms that serve *lang*."""
        return self._serving(self.matcher.find_all(text, lang), lang)


# --- loading -----------------------------------------------------------------------------


def load_concepts(path: str | Path) -> list[Concept]:
    """The concepts of a TBX or CSV/TSV termbase file (read into memory, nothing stored)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the glossary: {exc.strerror or exc}", str(path)) from exc
    ext = path.suffix.lower()
    if ext in (".tbx", ".tbxm", ".xml"):
        from glossary.tbx import read_tbx

        return list(read_tbx(io.BytesIO(data), str(path)))
    if ext in (".csv", ".tsv", ".tab", ".txt"):
        from glossary import csvfile

        text = csvfile.text_stream(data, str(path))
        delimiter = "," if ext == ".csv" else "\t"
        return list(csvfile.read_csv(text, str(path), delimiter=delimiter))
    raise UsageError(f"{path}: a glossary must be .tbx, .csv or .tsv")


def load_store_concepts(db_path: str | Path) -> list[Concept]:
    """The concepts of the store's termbase; none when the store file does not exist."""
    path = Path(db_path)
    if not path.exists():
        return []
    from glossary.store import GlossaryStore

    with GlossaryStore.open(path) as store:
        return list(store.concepts())
