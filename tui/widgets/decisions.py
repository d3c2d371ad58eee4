"""What the review keys do to a concept, as plain functions (the screen writes the result).

Kept apart from the widgets so the rules (approving a proposal rejects the other
candidates in that language, rejecting rejects every pending term) are read and tested
in one place.
"""

from __future__ import annotations

from glossary.model import Concept, Term
from tm.lang import lang_matches
from tm.unit import utc_now


def _sign(term: Term, state: str, who: str) -> None:
    term.state = state
    term.reviewer = who
    term.review_date = utc_now()[:10]


def approve(concept: Concept, src: str, tgt: str, chosen: Term | None, who: str) -> None:
    """Approve the concept with *chosen* as its target: pending source terms are approved,
    the other pending target proposals rejected (they stay, with their provenance)."""
    for sec in concept.languages:
        for term in sec.terms:
            if lang_matches(tgt, sec.lang) and not lang_matches(src, sec.lang):
                if chosen is not None and term is chosen:
                    if term.state != "approved":
                        _sign(term, "approved", who)
                    if term.status is None:
                        term.status = "preferred"
                elif term.state == "candidate":
                    _sign(term, "rejected" if chosen is not None else "approved", who)
            elif term.state == "candidate":
                _sign(term, "approved", who)


def reject(concept: Concept, who: str) -> None:
    """Reject every term of the concept that is not already rejected."""
    for term in concept.terms():
        if term.state != "rejected":
            _sign(term, "rejected", who)


def add_synonym(concept: Concept, lang: str, text: str, status: str | None, who: str) -> Term:
    """Add an approved term in *lang* (admitted unless said otherwise)."""
    term = Term(text.strip(), status=status or "admitted")
    _sign(term, "approved", who)
    concept.section(lang, create=True).terms.append(term)
    return term
