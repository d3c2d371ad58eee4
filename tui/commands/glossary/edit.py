"""``concord glossary add``, ``edit`` and ``remove``: changing concepts."""

from __future__ import annotations

import argparse
import json

from glossary.model import Concept, Term
from glossary.store import default_user
from tm.errors import UsageError
from tm.lang import lang_matches, normalize_lang
from tm.unit import utc_now
from tui.commands.glossary.common import concept_json, concept_line, open_store


def cmd_add(args: argparse.Namespace) -> int:
    pairs = [(normalize_lang(lang), text) for lang, text in args.term]
    if args.terms:
        if len(args.terms) > 2:
            raise UsageError("give at most a source and a target term (use --term for more)")
        pairs = (
            [(normalize_lang(args.src), args.terms[0])]
            + ([(normalize_lang(args.tgt), args.terms[1])] if len(args.terms) > 1 else [])
            + pairs
        )
    if not pairs:
        raise UsageError("no term given: concord glossary add SOURCE TARGET --src en --tgt zh-CN")
    concept = Concept(id=args.id, subject_field=args.subject, definition=args.definition)
    if args.note:
        concept.notes.append(args.note)
    for lang, text in pairs:
        if not text.strip():
            raise UsageError(f"an empty term in {lang}")
        sec = concept.section(lang, create=True)
        term = Term(text.strip())
        _apply_term_options(term, args)
        sec.terms.append(term)
    with open_store(args) as store:
        store.add(concept, default_user())
    if args.json:
        print(json.dumps(concept_json(concept), ensure_ascii=False, indent=2))
    else:
        print(f"added {concept_line(concept)}")
    return 0


def _apply_term_options(term: Term, args: argparse.Namespace, who: str | None = None) -> None:
    if args.pos:
        term.part_of_speech = args.pos
    if args.status:
        term.status = args.status
    if args.term_type:
        term.term_type = args.term_type
    if args.context:
        from glossary.model import Context

        term.contexts.append(Context(args.context))
    if args.state:
        term.state = args.state
        if who:
            term.reviewer = who
            term.review_date = utc_now()[:10]


def cmd_edit(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        concept = store.get(args.ref)
        if concept is None:
            raise UsageError(f"no concept {args.ref!r} in the termbase")
        who = args.reviewer or default_user()
        for lang, text in args.remove_term:
            sec = concept.section(normalize_lang(lang))
            if sec is None or not any(t.text == text for t in sec.terms):
                raise UsageError(f"concept {concept.id} has no {lang} term {text!r}")
            sec.terms = [t for t in sec.terms if t.text != text]
        concept.languages = [s for s in concept.languages if s.terms]
        added = []
        for lang, text in args.add_term:
            term = Term(text.strip())
            concept.section(normalize_lang(lang), create=True).terms.append(term)
            added.append(term)
        chosen = added or [
            t
            for sec in concept.languages
            if not args.lang or lang_matches(args.lang, sec.lang)
            for t in sec.terms
            if args.term_text is None or t.text == args.term_text
        ]
        term_change = (
            any(getattr(args, k) for k in ("pos", "status", "term_type", "state", "context"))
            or args.rename
        )
        if term_change and not chosen:
            raise UsageError("no term matches --lang/--term-text")
        if args.rename and len(chosen) != 1:
            raise UsageError(
                "--rename needs exactly one term: choose it with --lang and --term-text"
            )
        for term in chosen if term_change else []:
            _apply_term_options(term, args, who)
            if args.rename:
                term.text = args.rename
        if args.definition is not None:
            concept.definition = args.definition
        if args.note:
            concept.notes.append(args.note)
        if args.subject is not None:
            concept.subject_field = args.subject
        store.update(concept, default_user())
    print(f"edited {concept_line(concept)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        missing = [r for r in args.ref if store.get(r) is None]
        if missing:
            raise UsageError(f"no concept {', '.join(missing)} in the termbase")
        for ref in args.ref:
            c = store.remove(ref, default_user())
            print(f"removed {concept_line(c)}")
    return 0
