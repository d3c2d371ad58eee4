"""``concord extract FILES...``: propose term candidates (and renderings) for review.

Exit codes: 0 success (candidates printed, and stored unless --dry-run or --json); 1 no
candidate found; 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from tm.errors import InputError
from tm.lang import lang_matches, normalize_lang
from tui.progress import Progress

if TYPE_CHECKING:  # the extraction modules load jieba and wordfreq: only when run
    from glossary.extract import TermCandidate

EPILOG = """\
examples:
  concord align seeds/sasac-soe-press-conference-2024.en.txt \\
      seeds/sasac-soe-press-conference-2024.zh-CN.txt   # aligned pairs into the memory
  concord extract --src en --tgt zh-CN --top 60       # no FILES: from the memory
  concord extract seeds/sasac-soe-press-conference-2024.en.txt \\
      seeds/sasac-soe-press-conference-2024.zh-CN.txt --src en --tgt zh-CN
  concord extract memory.tmx --src en --tgt zh-CN --top 200 --json > candidates.json
  concord extract docs/ --src en --tgt zh-CN --dry-run      # every PO/TMX/TSV/XLIFF file under docs/

With no FILES (or with --memory) the translation units of the store are the input.
Inputs: PO, TMX, TSV (source<TAB>target), XLIFF (also .xlz archives), plain text (UTF-8,
UTF-16 with BOM, GB18030).
Two plain texts, one per language, are aligned sentence by sentence; one is monolingual.
Candidates are stored in the termbase as state "candidate" (re-running merges; reviewed
terms are never changed); review them with `concord review`.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "extract",
        help="propose term candidates and their translations from texts or memories",
        description="Rank term candidates in FILES and, for bilingual input, their renderings.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILES",
        help="input files or directories (none: the translation memory of the store)",
    )
    p.add_argument(
        "--memory",
        action="store_true",
        help="read the translation units of the store (the default when no FILES are given)",
    )
    p.add_argument("--src", default="en", help="source language (default: en)")
    p.add_argument("--tgt", default=None, help="target language (e.g. zh-CN); omit for monolingual")
    p.add_argument("--top", type=int, default=50, help="how many candidates (default: 50)")
    p.add_argument(
        "--side",
        choices=("source", "target"),
        default="source",
        help="rank the source-language terms (default) or the target-language ones",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array, best first")
    p.add_argument("--dry-run", action="store_true", help="print only; store nothing")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from glossary.extract import extract
    from glossary.extract.corpus import load

    src = normalize_lang(args.src)
    tgt = normalize_lang(args.tgt) if args.tgt else None
    if args.top < 1:
        raise InputError("--top must be at least 1")
    store_path = None if args.dry_run else _store_path(args)
    known = _known_pairs(store_path, src, tgt) if store_path is not None else []
    segments = load(args.files, src, tgt) if args.files else []
    if args.memory or not args.files:
        segments += _memory_segments(args.db, src, tgt)
    if not segments:
        where = " ".join(args.files) or "the translation memory"
        hint = "" if args.files else " (store pairs with `concord align` or `concord tm import`)"
        raise InputError(f"no segments found in {where}{hint}")
    with Progress(len(segments), "extract") as bar:

        def progress(done: int, total: int, label: str) -> None:
            bar.total = total
            bar.update(done, label)

        candidates = extract(
            segments, src, tgt, top=args.top, side=args.side, known_pairs=known, progress=progress
        )
    if store_path is not None:
        stored = store_candidates(store_path, candidates, tgt if args.side == "source" else src)
    if args.json:
        json.dump([c.to_dict() for c in candidates], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_table(candidates)
        if store_path is not None:
            print(
                f"\n{stored['added']} added, {stored['merged']} merged, "
                f"{stored['kept']} reviewed left as they were; review with `concord review`.",
                file=sys.stderr,
            )
    return 0 if candidates else 1


def _memory_segments(db, src: str, tgt: str | None) -> list:
    """The units of the store's memory holding *src* (and *tgt*) as aligned segments."""
    from glossary.extract.corpus import from_memory
    from tm.db import resolve_db_path
    from tm.store import open_store

    if not resolve_db_path(db).exists():
        return []
    with open_store(db) as store:
        return from_memory(store, src, tgt)


def _store_path(args: argparse.Namespace):
    from tm.db import resolve_db_path

    return resolve_db_path(args.db)


def _print_table(candidates: list[TermCandidate]) -> None:
    width = min(40, max((len(c.term) for c in candidates), default=4))
    print(f"{'#':>4}  {'term':<{width}}  {'type':<6}  {'score':>7}  {'freq':>5}  translations")
    for n, c in enumerate(candidates, 1):
        renderings = ", ".join(f"{t.term} ({t.score:.2f}, {t.count})" for t in c.translations)
        flag = " [several renderings]" if c.renderings_flag else ""
        print(
            f"{n:>4}  {c.term:<{width}}  {c.type:<6}  {c.score:>7.2f}  {c.frequency:>5}  {renderings}{flag}"
        )


def _known_pairs(path, src: str, tgt: str | None) -> list[tuple[str, str]]:
    """Approved (source, target) term pairs of the termbase: jieba words and evidence."""
    if tgt is None or not path.exists():
        return []
    from glossary.store import GlossaryStore

    pairs = []
    with GlossaryStore.open(path) as store:
        for concept in store.concepts():
            s_terms = [t.text for t in concept.terms(src) if t.state == "approved"]
            t_terms = [t.text for t in concept.terms(tgt) if t.state == "approved"]
            pairs.extend((s, t) for s in s_terms for t in t_terms)
    return pairs


def store_candidates(
    path, candidates: list[TermCandidate], other_lang: str | None
) -> dict[str, int]:
    """Store candidates as concepts in state "candidate"; merge with earlier runs.

    A concept already holding the term is updated only while that term is a candidate: an
    approved or rejected term (reviewed) is left exactly as it is.
    """
    from glossary.model import Concept, Context, LangSection, Term
    from glossary.store import GlossaryStore

    counts = {"added": 0, "merged": 0, "kept": 0}
    with (
        GlossaryStore.open(path) as store,
        store.edit("extract", summary=f"{len(candidates)} candidates"),
    ):
        for cand in candidates:
            provenance = {
                "origin": "concord extract",
                "key": cand.key,
                "score": round(cand.score, 4),
                "frequency": cand.frequency,
                "dispersion": cand.dispersion,
                "type": cand.type,
                "sources": sorted({e.origin.rsplit(":", 1)[0] for e in cand.contexts if e.origin})[
                    :5
                ],
            }
            if cand.renderings_flag:
                provenance["renderings"] = cand.renderings_flag
            contexts = [Context(e.source, e.origin) for e in cand.contexts]
            best = cand.translations[0] if cand.translations else None
            found = _existing(store, cand)
            if found is not None:
                concept, term = found
                if term.state != "candidate":
                    counts["kept"] += 1
                    continue
                term.text = cand.term  # the display form may have changed ("argument")
                term.provenance.update(provenance)
                for ctx in contexts:
                    if ctx not in term.contexts and len(term.contexts) < 5:
                        term.contexts.append(ctx)
                if (
                    best is not None
                    and other_lang
                    and not any(_same(t.text, best.term) for t in concept.terms(other_lang))
                ):
                    concept.section(other_lang, create=True).terms.append(_rendering(best, Term))
                store.update(concept)
                counts["merged"] += 1
                continue
            concept = Concept(
                languages=[
                    LangSection(
                        cand.lang,
                        [
                            Term(
                                cand.term,
                                state="candidate",
                                provenance=provenance,
                                contexts=contexts,
                            )
                        ],
                    )
                ]
            )
            if best is not None and other_lang:
                concept.languages.append(LangSection(other_lang, [_rendering(best, Term)]))
            store.add(concept)
            counts["added"] += 1
    return counts


def _existing(store, cand: TermCandidate):
    """The stored (concept, term) of a candidate: same surface, or another surface of its key.

    Runs merge by key, so a term stored as "arguments" is found when "argument" is shown.
    """
    for text in (cand.term, *cand.variants):
        for concept in store.find_term(text, cand.lang):
            for term in concept.terms(cand.lang):
                key = term.provenance.get("key") if term.provenance else None
                if _same(term.text, text) and (key is None or key == cand.key or text == cand.term):
                    return concept, term
    return None


def _rendering(best, term_class):
    return term_class(
        best.term,
        state="candidate",
        provenance={
            "origin": "concord extract",
            "score": round(best.score, 4),
            "count": best.count,
            "evidence": best.evidence,
        },
    )


def _same(a: str, b: str) -> bool:
    from glossary.store import term_norm

    return term_norm(a) == term_norm(b)


__all__ = ["register", "run", "store_candidates", "lang_matches"]
