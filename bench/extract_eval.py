"""Quality and speed of term extraction against gold lists, printed as a table.

    python -m bench.extract_eval                 # the seed pair, and python-docs 3.13 if present
    python -m bench.extract_eval --seed-only

For each corpus and direction: recall at N of the gold terms among the candidates, and among
the gold terms found, how often the gold rendering is the first (top-1) or among the first
three (top-3) renderings. The python-docs run also reports wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import sys
import time
from pathlib import Path

from glossary.extract import analyse, extract
from glossary.extract.analysis import Analysis, LangRules
from glossary.extract.corpus import load

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold"
SEEDS = ROOT / "seeds"
PYDOCS = ROOT.parent / "shared" / "corpora" / "python-docs-zh-cn" / "3.13"


def read_gold(path: Path) -> list[tuple[str, list[str]]]:
    gold = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            gold.append((fields[0], fields[1].split("|")))
    return gold


def _norm_zh(text: str) -> str:
    return text.replace("“", "").replace("”", "").replace(" ", "")


def evaluate(analysis: Analysis, gold: list[tuple[str, list[str]]], n: int, reverse: bool) -> dict:
    """Recall@n and rendering accuracy of one direction."""
    cands = extract(
        analysis.segments,
        analysis.src.lang,
        analysis.tgt.lang,
        top=n,
        analysis=analysis,
        side="target" if reverse else "source",
    )
    en_rules: LangRules = analysis.src.rules

    def en_key(term: str) -> str:
        return en_rules.key_of(term) or term.lower()

    by_key = {c.key: c for c in cands}
    found = top1 = top3 = 0
    misses = []
    for en, zhs in gold:
        if reverse:
            cand = next((by_key[_norm_zh(z)] for z in zhs if _norm_zh(z) in by_key), None)
            wanted = {en_key(en)}
            got = [en_key(t.term) for t in cand.translations] if cand else []
        else:
            cand = by_key.get(en_key(en))
            wanted = {_norm_zh(z) for z in zhs}
            got = [_norm_zh(t.term) for t in cand.translations] if cand else []
        if cand is None:
            misses.append(zhs[0] if reverse else en)
            continue
        found += 1
        top1 += bool(got[:1] and got[0] in wanted)
        top3 += any(g in wanted for g in got[:3])
    return {"gold": len(gold), "found": found, "top1": top1, "top3": top3, "misses": misses}


def _row(name: str, direction: str, n: int, r: dict) -> str:
    pct = lambda a, b: f"{100 * a / b:5.1f}%" if b else "   - "  # noqa: E731
    return (
        f"| {name:<14} | {direction:<5} | {n:>5} | {r['found']:>3}/{r['gold']:<3} {pct(r['found'], r['gold'])} "
        f"| {pct(r['top1'], r['found'])} | {pct(r['top3'], r['found'])} |"
    )


HEADER = (
    "| corpus         | dir   |     N | recall@N         | top-1  | top-3  |\n"
    "|----------------|-------|-------|------------------|--------|--------|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--pydocs", default=str(PYDOCS), help="python-docs corpus directory")
    parser.add_argument("--misses", action="store_true", help="list the gold terms not found")
    args = parser.parse_args(argv)

    rows, notes = [], []
    seed_texts = [
        SEEDS / "sasac-soe-press-conference-2024.en.txt",
        SEEDS / "sasac-soe-press-conference-2024.zh-CN.txt",
    ]
    seed = analyse(load(seed_texts, "en", "zh-CN"), "en", "zh-CN")
    gold = read_gold(GOLD / "seed.tsv")
    for reverse in (False, True):
        r = evaluate(seed, gold, 60, reverse)
        rows.append(_row("seed pair", "zh-en" if reverse else "en-zh", 60, r))
        if args.misses and r["misses"]:
            notes.append(
                f"seed {'zh-en' if reverse else 'en-zh'} missing: {', '.join(r['misses'])}"
            )

    if not args.seed_only and os.path.isdir(args.pydocs):
        files = sorted(glob.glob(os.path.join(args.pydocs, "**", "*.po"), recursive=True))
        start = time.perf_counter()
        segments = load(files, "en", "zh-CN")
        analysis = analyse(segments, "en", "zh-CN")
        t_analyse = time.perf_counter() - start
        gold = read_gold(GOLD / "python-docs-3.13.tsv")
        for reverse in (False, True):
            t0 = time.perf_counter()
            r = evaluate(analysis, gold, 2000, reverse)
            notes.append(
                f"python-docs {'zh-en' if reverse else 'en-zh'}: ranking + pairing {time.perf_counter() - t0:.1f} s"
            )
            rows.append(_row("python-docs", "zh-en" if reverse else "en-zh", 2000, r))
            if args.misses and r["misses"]:
                notes.append(
                    f"python-docs {'zh-en' if reverse else 'en-zh'} missing: {', '.join(r['misses'])}"
                )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # The counting pass may fork a worker: its peak counts too (it shares pages with the
        # parent, so the sum overstates the memory in use; the peaks are not simultaneous).
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        notes.insert(
            0,
            f"python-docs: {len(segments)} pairs, reading + analysis {t_analyse:.1f} s, "
            f"total {time.perf_counter() - start:.1f} s, peak RSS {rss:.0f} MB "
            f"(worker process {worker:.0f} MB)",
        )
    print(HEADER)
    print("\n".join(rows))
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
