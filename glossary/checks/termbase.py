"""The termbase as checks see it: one matcher over every approved term, and per concept the
renderings that are acceptable or forbidden in each language.

Built from :class:`~glossary.model.Concept` objects, whether they come from the store or
from a TBX/CSV file read into memory (:func:`load_concepts`); nothing is written anywhere.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from glossary.english import surface_variants
from glossary.model import Concept, Term, best_term
from glossary.recognize import TermEntry, TermHit, TermMatcher
from tm.errors import InputError, UsageError
from tm.lang import lang_matches, primary

try:  # the Rust automaton the matcher uses; a plain loop when it is missing
    import ahocorasick_rs
except ImportError:  # pragma: no cover
    ahocorasick_rs = None

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
        self.matcher = TermMatcher.build(entries, pure_python=pure_python)
        self._entries = entries
        self._prefilters: dict[str, _Prefilter] = {}
        # Per language, whether every entry of its primary language serves it (no filtering).
        self._all_serve: dict[str, bool] = {}
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

    def candidates(self, text: str, lang: str) -> tuple[set[int], bool]:
        """(concepts that may have a rendering in *text*, whether a forbidden term may be
        there): a substring test without word boundaries, so a superset of what the matcher
        finds. It spares the full scan of targets that cannot hold what a check looks for."""
        key = primary(lang)
        prefilter = self._prefilters.get(key)
        if prefilter is None:
            prefilter = self._prefilters[key] = _Prefilter(
                [e for e in self._entries if primary(e.lang) == key], key == "en"
            )
        return prefilter.candidates(text)

    def _serving(self, hits: list[TermHit], lang: str) -> list[TermHit]:
        every = self._all_serve.get(lang)
        if every is None:
            every = self._all_serve[lang] = all(
                serves(e.lang, lang) for e in self._entries if primary(e.lang) == primary(lang)
            )
        return hits if every else [h for h in hits if serves(h.entry.lang, lang)]

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Non-overlapping hits, longest first, of terms that serve *lang*."""
        return self._serving(self.matcher.find(text, lang), lang)

    def find_all(self, text: str, lang: str) -> list[TermHit]:
        """Every hit, nested ones included, of terms that serve *lang*."""
        return self._serving(self.matcher.find_all(text, lang), lang)


_JOINTS = re.compile(r"[\s\-‐‑]+")


def _fold(text: str) -> str:
    """Width, case and joints folded as the matcher folds them (for substring tests)."""
    return _JOINTS.sub(" ", unicodedata.normalize("NFKC", text).lower())


class _Prefilter:
    """Every surface form of a language's terms in one automaton, boundaries ignored."""

    def __init__(self, entries: list[TermEntry], inflect: bool) -> None:
        payloads: dict[str, set[tuple[int, bool]]] = {}
        for entry in entries:
            item = (entry.key.concept, entry.key.status in FORBIDDEN)
            forms = {_fold(entry.text)}
            forms.update(_fold(v) for v, _ in surface_variants(_fold(entry.text), inflect=inflect))
            for form in forms:
                if form.strip():
                    payloads.setdefault(form, set()).add(item)
        self.patterns = list(payloads)
        self.payloads = [payloads[p] for p in self.patterns]
        self.has_forbidden = any(f for items in self.payloads for _, f in items)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self.patterns)
            if ahocorasick_rs is not None and self.patterns
            else None
        )

    def candidates(self, text: str) -> tuple[set[int], bool]:
        folded = _fold(text)
        if self._automaton is not None:
            found = {
                i for i, _, _ in self._automaton.find_matches_as_indexes(folded, overlapping=True)
            }
        else:
            found = {i for i, p in enumerate(self.patterns) if p in folded}
        concepts, forbidden = set(), False
        for i in found:
            for concept, is_forbidden in self.payloads[i]:
                concepts.add(concept)
                forbidden = forbidden or is_forbidden
        return concepts, forbidden


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
