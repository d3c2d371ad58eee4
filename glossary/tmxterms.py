"""Term pairs as TMX, for tools that only read glossaries in TMX.

One unit per concept and language pair: the source language's preferred term against the
target's, with props for status and part of speech (``x-status``, ``x-pos``), the
concept id as ``tuid`` and the definition as a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from glossary.model import Concept, Term
from tm.lang import normalize_lang
from tm.unit import TranslationUnit, Variant


def term_units(concepts: Iterable[Concept], src: str, tgts: list[str]) -> Iterator[TranslationUnit]:
    """A unit for each concept with a usable term in *src* and in a target language."""
    for concept in concepts:
        source = concept.preferred(src)
        if source is None:
            continue
        for tgt in tgts:
            target = concept.preferred(tgt)
            if target is None:
                continue
            unit = TranslationUnit(
                variants=[
                    _variant(source, _lang_of(concept, source, src)),
                    _variant(target, _lang_of(concept, target, tgt)),
                ],
                tuid=concept.id if len(tgts) == 1 else f"{concept.id}-{tgt}",
            )
            if concept.subject_field:
                unit.props.append(("x-subject", concept.subject_field))
            if concept.definition:
                unit.notes.append(concept.definition)
            yield unit


def _variant(term: Term, lang: str) -> Variant:
    props = []
    if term.status:
        props.append(("x-status", term.status))
    if term.part_of_speech:
        props.append(("x-pos", term.part_of_speech))
    if term.state != "approved":
        props.append(("x-state", term.state))
    return Variant(lang, term.text, props=props)


def _lang_of(concept: Concept, term: Term, fallback: str) -> str:
    for sec in concept.languages:
        if any(t is term for t in sec.terms):
            return sec.lang
    return fallback


def write_term_tmx(
    fileobj: IO[bytes], concepts: Iterable[Concept], src: str, tgts: list[str]
) -> int:
    """Write term pairs from *src* to each of *tgts*; return how many units were written."""
    from tm.tmx import write_tmx

    src = normalize_lang(src)
    tgts = [normalize_lang(t) for t in tgts]

    return write_tmx(fileobj, term_units(concepts, src, tgts), srclang=src)
