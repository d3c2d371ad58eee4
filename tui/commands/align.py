"""``concord align``: sentence-align two parallel documents into the memory.

Exit codes: 0 success; 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from tm.align import AlignedPair, align_documents
from tm.atomic import atomic_write
from tm.errors import InputError, UsageError
from tm.lang import normalize_lang
from tm.store import open_store
from tm.textfile import read_text
from tm.tmx import write_tmx
from tm.tsvfile import write_tsv
from tm.unit import TranslationUnit, Variant

LOW_CONFIDENCE = 0.5  # beads below this are counted as weak in the summary

EPILOG = """\
examples:
  concord align seeds/sasac-soe-press-conference-2024.en.txt \\
                seeds/sasac-soe-press-conference-2024.zh-CN.txt -o pairs.tmx
  concord align report.zh.txt report.en.txt --src zh-CN --tgt en --no-store --json
  concord align en.txt zh.txt --terms glossary.tsv --min-confidence 0.4 -o pairs.tsv

Approved terms of the termbase (and --terms) anchor the alignment: a sentence pair that
shares a known term is more likely to belong together.

Pairs (1-1, 1-2 and 2-1 beads) go into the memory with their origin and an
x-align-confidence prop; sentences left without a counterpart (1-0, 0-1) are reported
but not stored.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "align",
        help="sentence-align two parallel documents into the memory",
        description="Align the sentences of a document and its translation (plain text: "
        "UTF-8, UTF-16 with BOM or GB18030) and store the pairs in the memory.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", help="the source-language text file")
    p.add_argument("target", help="the target-language text file")
    p.add_argument("--src", default="en", help="source language (default: en)")
    p.add_argument("--tgt", default="zh-CN", help="target language (default: zh-CN)")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="also write the pairs as TMX or TSV (by extension)"
    )
    p.add_argument("--no-store", action="store_true", help="do not add the pairs to the memory")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="X",
        help="keep only pairs with at least this confidence (0-1; default: keep all)",
    )
    p.add_argument(
        "--terms",
        metavar="TSV",
        help="known term pairs (source TAB target per line) to use as anchors",
    )
    p.add_argument("--json", action="store_true", help="print the pairs as a JSON array")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    src_lang, tgt_lang = normalize_lang(args.src), normalize_lang(args.tgt)
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must be between 0 and 1, not {args.min_confidence}")
    output_format = _output_format(args.output)
    src_text = read_text(args.source)
    tgt_text = read_text(args.target)
    anchors = _read_terms(args.terms) if args.terms else []
    anchors += termbase_anchors(args.db, src_lang, tgt_lang)

    pairs = align_documents(src_text, tgt_text, src_lang, tgt_lang, anchors or None)
    kept = [p for p in pairs if p.source and p.target and p.confidence >= args.min_confidence]
    origin = f"{Path(args.source).name}+{Path(args.target).name}"
    units = [_unit(p, origin, src_lang, tgt_lang) for p in kept]

    added = duplicates = 0
    if not args.no_store:
        with open_store(args.db) as store, store.transaction():
            result = store.add_units(units)
        added, duplicates = result.added, result.duplicates
    if args.output:
        with atomic_write(args.output) as fh:
            if output_format == "tmx":
                write_tmx(fh, units, srclang=src_lang)
            else:
                write_tsv(fh, units, src_lang=src_lang, tgt_lang=tgt_lang)

    summary = _summary(pairs, kept, added, duplicates, args)
    if args.json:
        json.dump([_pair_json(p) for p in pairs], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        print(summary, file=sys.stderr)
    else:
        print(summary)
    return 0


def _output_format(path: str | None) -> str | None:
    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    if suffix == ".tmx":
        return "tmx"
    if suffix in (".tsv", ".txt"):
        return "tsv"
    raise UsageError(f"-o {path}: unknown output format (use a .tmx or .tsv file name)")


def _read_terms(path: str) -> list[tuple[str, str]]:
    """Term pairs from a two-column TSV file; other lines (headers, comments) are skipped."""
    terms = []
    for n, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise InputError("expected source TAB target", path, n)
        terms.append((fields[0].strip(), fields[1].strip()))
    return terms


def termbase_anchors(db: str | None, src_lang: str, tgt_lang: str) -> list[tuple[str, str]]:
    """Approved term pairs of the store's termbase: known terms anchor the alignment."""
    from glossary.store import GlossaryStore
    from tm.db import resolve_db_path
    from tm.lang import lang_matches

    path = resolve_db_path(db)
    if not path.exists():
        return []
    by_concept: dict[int, tuple[list[str], list[str]]] = {}
    with GlossaryStore.open(path) as store:
        for concept, lang, text, state, status in store.term_rows():
            if state != "approved" or status in ("deprecated", "superseded"):
                continue
            sides = by_concept.setdefault(concept, ([], []))
            if lang_matches(src_lang, lang):
                sides[0].append(text)
            elif lang_matches(tgt_lang, lang):
                sides[1].append(text)
    return [(s, t) for sources, targets in by_concept.values() for s in sources for t in targets]


def _unit(pair: AlignedPair, origin: str, src_lang: str, tgt_lang: str) -> TranslationUnit:
    return TranslationUnit(
        variants=[Variant(src_lang, pair.source), Variant(tgt_lang, pair.target)],
        origin_file=origin,
        origin_line=pair.src[0] + 1,
        props=[("x-align-confidence", f"{pair.confidence:.2f}"), ("x-align-bead", pair.kind)],
    )


def _pair_json(pair: AlignedPair) -> dict:
    return {
        "source": pair.source,
        "target": pair.target,
        "kind": pair.kind,
        "confidence": pair.confidence,
        "source_index": list(pair.src),
        "target_index": list(pair.tgt),
    }


def _summary(
    pairs: list[AlignedPair],
    kept: list[AlignedPair],
    added: int,
    duplicates: int,
    args: argparse.Namespace,
) -> str:
    kinds = Counter(p.kind for p in pairs)
    order = ("1-1", "1-2", "2-1", "1-0", "0-1")
    weak = sum(1 for p in pairs if p.source and p.target and p.confidence < LOW_CONFIDENCE)
    lines = [
        f"{len(kept)} pairs from {len(pairs)} beads ("
        + ", ".join(f"{k}: {kinds[k]}" for k in order if kinds[k])
        + ")",
        f"{weak} pairs below confidence {LOW_CONFIDENCE}",
    ]
    if not args.no_store:
        lines.append(f"memory: {added} added, {duplicates} already present")
    if args.output:
        lines.append(f"written: {args.output}")
    return "\n".join(lines)
