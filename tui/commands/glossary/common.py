"""What the glossary subcommands share: opening the store, and concepts as they print them."""

from __future__ import annotations

import argparse
from typing import Any

from glossary.model import Concept, Term
from glossary.store import GlossaryStore
from tm.db import resolve_db_path


def open_store(args: argparse.Namespace) -> GlossaryStore:
    return GlossaryStore.open(resolve_db_path(args.db))


def concept_json(concept: Concept) -> dict[str, Any]:
    """A concept as the JSON ``list`` and ``show`` print."""
    from glossary.model import concept_to_dict

    data = concept_to_dict(concept)
    for sec in data.get("languages", []):
        for term in sec.get("terms", []):
            term.setdefault("state", "approved")
    return data


def concept_line(concept: Concept) -> str:
    parts = []
    for sec in concept.languages:
        terms = ", ".join(term_label(t) for t in sec.terms)
        parts.append(f"{sec.lang}: {terms}")
    return f"{concept.id}\t" + " | ".join(parts)


def term_label(t: Term) -> str:
    marks = [
        m for m in (t.status, t.part_of_speech, None if t.state == "approved" else t.state) if m
    ]
    return t.text + (f" [{', '.join(marks)}]" if marks else "")


def history_json(h) -> dict[str, Any]:
    return {
        "batch": h.batch_id,
        "at": h.at,
        "who": h.who,
        "action": h.action,
        "summary": h.summary,
        "undone": h.undone,
        "concept": h.concept_id,
        "before": h.before,
        "after": h.after,
    }
