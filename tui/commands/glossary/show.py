"""``concord glossary list``, ``show`` and ``stats``: reading the termbase."""

from __future__ import annotations

import argparse
import json
import sys

from glossary.model import Concept
from glossary.store import GlossaryStore
from tm.lang import normalize_lang
from tui.commands.glossary.common import (
    concept_json,
    concept_line,
    history_json,
    open_store,
    term_label,
)


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        concepts = store.concepts(
            lang=args.lang and normalize_lang(args.lang),
            state=args.state,
            status=args.status,
            text=args.text,
            limit=args.limit,
        )
        n = 0
        if args.json:
            out = [concept_json(c) for c in concepts]
            n = len(out)
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            for c in concepts:
                print(concept_line(c))
                n += 1
    return 0 if n else 1


def _resolve(store: GlossaryStore, ref: str) -> list[Concept]:
    concept = store.get(ref)
    if concept is not None:
        return [concept]
    return store.find_term(ref)


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = [c for ref in args.ref for c in _resolve(store, ref)]
        histories = {c.id: store.history(c.db_id) for c in found} if args.history else {}
    if args.json:
        out = []
        for c in found:
            data = concept_json(c)
            if args.history:
                data["history"] = [history_json(h) for h in histories[c.id]]
            out.append(data)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for c in found:
            print(_describe(c))
            for h in histories.get(c.id, []):
                print(f"  {h.at} {h.who} {h.action}{' (undone)' if h.undone else ''}")
    if not found:
        print(f"concord: nothing found for {' '.join(args.ref)}", file=sys.stderr)
    return 0 if found else 1


def _describe(c: Concept) -> str:
    lines = [f"concept {c.id}"]
    if c.subject_field:
        lines.append(f"  subject: {c.subject_field}")
    if c.definition:
        lines.append(f"  definition: {c.definition}")
    for note in c.notes:
        lines.append(f"  note: {note}")
    for x in c.xrefs:
        lines.append(f"  {x.kind}: {x.text} -> {x.target}")
    for sec in c.languages:
        lines.append(f"  [{sec.lang}]")
        if sec.definition:
            lines.append(f"    definition: {sec.definition}")
        for t in sec.terms:
            lines.append(f"    {term_label(t)}")
            for ctx in t.contexts:
                lines.append(
                    f"      context: {ctx.text}" + (f" ({ctx.source})" if ctx.source else "")
                )
            for note in t.notes:
                lines.append(f"      note: {note}")
            if t.reviewer or t.review_date:
                lines.append(f"      reviewed: {t.reviewer or ''} {t.review_date or ''}".rstrip())
    return "\n".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"concepts: {stats['concepts']}\nterms: {stats['terms']}")
    for key in ("languages", "states", "statuses", "parts_of_speech"):
        values = ", ".join(f"{k} {v}" for k, v in stats[key].items())
        print(f"{key.replace('_', ' ')}: {values or '-'}")
    print(f"duplicate preferred terms: {stats['duplicates']}\nedits: {stats['edits']}")
    return 0
