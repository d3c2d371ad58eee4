"""How a concept is stored: the checks it must pass, its JSON and its term index rows."""

from __future__ import annotations

from collections.abc import Callable

import orjson

from glossary.model import Concept, Term, best_term
from tm.errors import UsageError
from tm.normalize import join_han_latin, normalize

# The columns of glossary_term, in the order term_rows gives them.
INSERT_TERM = (
    "INSERT INTO glossary_term(concept_id, lang, text, norm, status, state, pos, preferred) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def term_norm(text: str) -> str:
    """The form duplicate checks and exact lookups compare (case, width, spacing folded; a
    space between Han and a Latin word is optional: lambda 表达式, lambda表达式)."""
    return join_han_latin(normalize(text))


# check_circular off: concept dicts are trees, and the check costs a sixth of the encoding.
def dumps(data: dict) -> str:
    """Compact JSON of a concept; orjson writes the same text as json, three times faster."""
    return orjson.dumps(data).decode()


def term_rows(
    db_id: int,
    concept: Concept,
    norm: Callable[[str], str] = term_norm,
    bests: list[Term | None] | None = None,
) -> list[tuple]:
    """The glossary_term rows of *concept*; *bests*: each section's best term, if known."""
    if bests is None:
        bests = [best_term(sec.terms) for sec in concept.languages]
    rows = []
    for sec, best in zip(concept.languages, bests, strict=True):
        for term in sec.terms:
            rows.append(
                (
                    db_id,
                    sec.lang,
                    term.text,
                    norm(term.text),
                    term.status,
                    term.state,
                    term.part_of_speech,
                    int(term is best),
                )
            )
    return rows


def check_concept(concept: Concept) -> None:
    """Refuse a concept without terms, with an empty term or with an unknown state."""
    if not any(sec.terms for sec in concept.languages):
        raise UsageError(f"concept {concept.id or ''} has no term".replace("  ", " "))
    for sec in concept.languages:
        for term in sec.terms:
            if not term.text.strip():
                raise UsageError(f"concept {concept.id}: an empty term in {sec.lang}")
            if term.state not in ("candidate", "approved", "rejected"):
                raise UsageError(f"unknown state {term.state!r} (candidate, approved, rejected)")


def label(concept: Concept) -> str:
    """How the history summarises an edit of *concept*: its id and first term."""
    first = next((t.text for t in concept.terms()), "")
    return f"{concept.id or ''} {first}".strip()
