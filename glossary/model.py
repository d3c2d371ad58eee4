"""The termbase's model: concepts, their language sections and terms.

Nothing here knows about files or the store. Format modules (``tbx``, ``csvfile``,
``tmxterms``) convert to and from these classes; ``glossary.store`` persists them.

The shape follows TBX-Basic (ISO 30042:2019): a concept holds language sections, a
language section holds terms. Every TBX-Basic data category has a field, so a file
survives import and export; data categories TBX-Basic does not know are kept as notes by
the readers. Concord's review workflow (state, reviewer, review date, provenance) lives on
the term and is written to TBX as a ``transacGrp`` and ``note`` so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATES = ("candidate", "approved", "rejected")
STATUSES = ("preferred", "admitted", "deprecated", "superseded")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "other")
TRANSACTION_TYPES = ("origination", "modification")

# Simple-valued TBX-Basic data categories without a field of their own, by level.
# They are kept in ``properties`` as (data category, value) pairs.
CONCEPT_PROPERTIES = ("customerSubset", "projectSubset")
TERM_PROPERTIES = ("customerSubset", "projectSubset", "grammaticalGender", "termLocation")


@dataclass
class Transaction:
    """Who did what to an entry and when (a TBX ``transacGrp``)."""

    type: str = "origination"  # origination | modification
    date: str | None = None  # ISO 8601 date or date-time
    person: str | None = None  # the responsibility's text (a name)
    person_ref: str | None = None  # its target: the id of a person in the termbase's back matter


@dataclass
class Context:
    """A sentence that shows the term in use, and where it was found."""

    text: str
    source: str | None = None


@dataclass
class CrossRef:
    """A link from an entry: ``crossReference`` to another entry (target = its id),
    ``xGraphic`` or ``externalCrossReference`` to a URL."""

    text: str
    target: str | None = None
    kind: str = "crossReference"  # crossReference | xGraphic | externalCrossReference


@dataclass
class Term:
    """One designation of a concept in one language, with its TBX-Basic data and workflow."""

    text: str
    id: str | None = None  # the file's termSec/tig id, kept for cross-references
    part_of_speech: str | None = None
    term_type: str | None = None
    status: str | None = (
        None  # administrative status: preferred | admitted | deprecated | superseded
    )
    geographical_usage: str | None = None
    contexts: list[Context] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    xrefs: list[CrossRef] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    # Concord's workflow on top of TBX.
    state: str = "approved"  # candidate | approved | rejected
    reviewer: str | None = None
    review_date: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)  # scores, frequency, where found

    @property
    def has_workflow(self) -> bool:
        """True when the workflow fields differ from a plain approved term."""
        return bool(
            self.state != "approved" or self.reviewer or self.review_date or self.provenance
        )


@dataclass
class LangSection:
    """The terms of a concept in one language, plus what is said about it in that language."""

    lang: str
    terms: list[Term] = field(default_factory=list)
    definition: str | None = None
    definition_source: str | None = None
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    xrefs: list[CrossRef] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)


@dataclass
class Concept:
    """An entry of the termbase: one concept and its designations in every language."""

    id: str | None = None  # the file's conceptEntry id; the store assigns one when missing
    subject_field: str | None = None
    definition: str | None = None
    definition_source: str | None = None
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    xrefs: list[CrossRef] = field(default_factory=list)  # cross-references and graphics
    transactions: list[Transaction] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    languages: list[LangSection] = field(default_factory=list)
    db_id: int | None = None  # the store's row id

    def section(self, lang: str, create: bool = False) -> LangSection | None:
        """The language section for *lang* (exact tag), created on request."""
        for sec in self.languages:
            if sec.lang == lang:
                return sec
        if create:
            sec = LangSection(lang)
            self.languages.append(sec)
            return sec
        return None

    def terms(self, lang: str | None = None) -> list[Term]:
        """Every term, or those of one language (``zh`` serves ``zh-CN``)."""
        from tm.lang import lang_matches

        return [
            t
            for sec in self.languages
            if lang is None or lang_matches(lang, sec.lang)
            for t in sec.terms
        ]

    def preferred(self, lang: str) -> Term | None:
        """The term to use in *lang*: preferred, else admitted or unmarked, never
        deprecated, superseded or rejected; approved before candidates."""
        return best_term(self.terms(lang))

    @property
    def lang_tags(self) -> list[str]:
        return [sec.lang for sec in self.languages]


_RANK = {"preferred": 0, None: 1, "admitted": 2}


def best_term(terms: list[Term]) -> Term | None:
    """The first of *terms* to use: see :meth:`Concept.preferred`."""
    best, best_key = None, None
    for t in terms:
        if t.state == "rejected" or t.status in ("deprecated", "superseded"):
            continue
        key = (t.state != "approved", _RANK.get(t.status, 3))
        if best_key is None or key < best_key:
            best, best_key = t, key
    return best


# --- plain-data conversion (the store keeps concepts as JSON) -------------------------


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    """A JSON-ready dict of *concept*, leaving out empty fields to keep the store small.

    Written by hand rather than with ``dataclasses.asdict``, which deep-copies and is
    several times slower on a 100k-concept import; empty lists are tested inline because
    most are empty and a call per field is most of the cost.
    """
    d = _plain(concept, _CONCEPT_SCALARS)
    if concept.notes:
        d["notes"] = list(concept.notes)
    if concept.sources:
        d["sources"] = list(concept.sources)
    if concept.xrefs:
        d["xrefs"] = [_plain(x, _XREF) for x in concept.xrefs]
    if concept.transactions:
        d["transactions"] = [_plain(t, _TRANSAC) for t in concept.transactions]
    if concept.properties:
        d["properties"] = [list(p) for p in concept.properties]
    if concept.languages:
        d["languages"] = [_section_to_dict(s) for s in concept.languages]
    return d


_CONCEPT_SCALARS = ("id", "subject_field", "definition", "definition_source")
_SECTION_SCALARS = ("lang", "definition", "definition_source")
_TERM_SCALARS = (
    "text",
    "id",
    "part_of_speech",
    "term_type",
    "status",
    "geographical_usage",
    "reviewer",
    "review_date",
)
_XREF = ("text", "target", "kind")
_TRANSAC = ("type", "date", "person", "person_ref")
_CONTEXT = ("text", "source")


def _plain(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    d = {}
    for name in names:
        value = getattr(obj, name)
        if value is not None:
            d[name] = value
    return d


def _section_to_dict(sec: LangSection) -> dict[str, Any]:
    d = _plain(sec, _SECTION_SCALARS)
    if sec.notes:
        d["notes"] = list(sec.notes)
    if sec.sources:
        d["sources"] = list(sec.sources)
    if sec.xrefs:
        d["xrefs"] = [_plain(x, _XREF) for x in sec.xrefs]
    if sec.transactions:
        d["transactions"] = [_plain(t, _TRANSAC) for t in sec.transactions]
    if sec.terms:
        d["terms"] = [_term_to_dict(t) for t in sec.terms]
    return d


def _term_to_dict(term: Term) -> dict[str, Any]:
    d = _plain(term, _TERM_SCALARS)
    if term.state != "approved":
        d["state"] = term.state
    if term.notes:
        d["notes"] = list(term.notes)
    if term.sources:
        d["sources"] = list(term.sources)
    if term.contexts:
        d["contexts"] = [_plain(c, _CONTEXT) for c in term.contexts]
    if term.xrefs:
        d["xrefs"] = [_plain(x, _XREF) for x in term.xrefs]
    if term.transactions:
        d["transactions"] = [_plain(t, _TRANSAC) for t in term.transactions]
    if term.properties:
        d["properties"] = [list(p) for p in term.properties]
    if term.provenance:
        d["provenance"] = dict(term.provenance)
    return d


def concept_from_dict(data: dict[str, Any], db_id: int | None = None) -> Concept:
    """The inverse of :func:`concept_to_dict`."""
    return Concept(
        id=data.get("id"),
        subject_field=data.get("subject_field"),
        definition=data.get("definition"),
        definition_source=data.get("definition_source"),
        notes=list(data.get("notes", [])),
        sources=list(data.get("sources", [])),
        xrefs=[CrossRef(**x) for x in data.get("xrefs", [])],
        transactions=[Transaction(**t) for t in data.get("transactions", [])],
        properties=[tuple(p) for p in data.get("properties", [])],
        languages=[_section_from_dict(s) for s in data.get("languages", [])],
        db_id=db_id,
    )


def _section_from_dict(data: dict[str, Any]) -> LangSection:
    return LangSection(
        lang=data["lang"],
        terms=[_term_from_dict(t) for t in data.get("terms", [])],
        definition=data.get("definition"),
        definition_source=data.get("definition_source"),
        notes=list(data.get("notes", [])),
        sources=list(data.get("sources", [])),
        xrefs=[CrossRef(**x) for x in data.get("xrefs", [])],
        transactions=[Transaction(**t) for t in data.get("transactions", [])],
    )


def _term_from_dict(data: dict[str, Any]) -> Term:
    data = dict(data)
    data["contexts"] = [Context(**c) for c in data.get("contexts", [])]
    data["xrefs"] = [CrossRef(**x) for x in data.get("xrefs", [])]
    data["transactions"] = [Transaction(**t) for t in data.get("transactions", [])]
    data["properties"] = [tuple(p) for p in data.get("properties", [])]
    return Term(**data)


# --- merging duplicates ----------------------------------------------------------------


def merge_concepts(into: Concept, other: Concept) -> Concept:
    """Merge *other* into *into* (in place) without losing anything either holds.

    Terms are the same when language and text agree; their lists are united and empty
    fields are filled from *other*. Conflicting single values keep *into*'s and add
    *other*'s as a note, so a reviewer can see both.
    """
    _merge_fields(into, other, ("subject_field", "definition", "definition_source"))
    _union(into, other, ("notes", "sources", "xrefs", "transactions", "properties"))
    for sec in other.languages:
        mine = into.section(sec.lang, create=True)
        _merge_fields(mine, sec, ("definition", "definition_source"))
        _union(mine, sec, ("notes", "sources", "xrefs", "transactions"))
        for term in sec.terms:
            same = next((t for t in mine.terms if t.text == term.text), None)
            if same is None:
                mine.terms.append(term)
                continue
            _merge_fields(
                same,
                term,
                ("id", "part_of_speech", "term_type", "status", "geographical_usage"),
            )
            _union(
                same, term, ("contexts", "notes", "sources", "xrefs", "transactions", "properties")
            )
            for key, value in term.provenance.items():
                same.provenance.setdefault(key, value)
    return into


def _merge_fields(into: Any, other: Any, names: tuple[str, ...]) -> None:
    for name in names:
        mine, theirs = getattr(into, name), getattr(other, name)
        if mine is None:
            setattr(into, name, theirs)
        elif theirs is not None and theirs != mine and name != "id":
            note = f"merged {name}: {theirs}"
            if note not in into.notes:
                into.notes.append(note)


def _union(into: Any, other: Any, names: tuple[str, ...]) -> None:
    for name in names:
        mine = getattr(into, name)
        for item in getattr(other, name):
            if item not in mine:
                mine.append(item)
