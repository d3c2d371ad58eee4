"""Benchmark ``concord check``: every check over the python-docs 3.13 corpus, 3k-term termbase.

    python bench/bench_check.py [CORPUS_DIR] [--terms 3000] [--sample 300]

The termbase is generated from the corpus, deterministically: frequent English two- and
three-word phrases (bench_recognize's), each paired with the jieba word of the Chinese
translations most associated with it (Dice coefficient over the segments; the best one
preferred, every third concept's runner-up admitted, every tenth's deprecated). Generating
it is not timed. Then one process reads the corpus in place, builds the matcher and runs
all checks, phase by phase, against the 10 s target: wall and CPU seconds (on a shared
machine the CPU time is the steadier figure). A naive term check (one regex per
term, per rendering) runs on a sample of segments for comparison.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_recognize import STOP  # noqa: E402

from glossary.checks import CheckTermbase, run_checks  # noqa: E402
from glossary.checks.inputs import file_segments  # noqa: E402
from glossary.checks.model import Segment  # noqa: E402
from glossary.chinese import Segmenter, _base_dictionary  # noqa: E402
from glossary.english import surface_variants  # noqa: E402
from glossary.model import Concept, LangSection, Term  # noqa: E402
from tm.gcpause import gc_paused  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/python-docs-zh-cn/3.13")
TARGET_SECONDS = 10.0
_WORD = re.compile(r"[A-Za-z][a-z]+")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def make_termbase(segments: list[Segment], size: int) -> list[Concept]:
    """English phrases with their most associated Chinese word (see the module docstring)."""
    sample = segments[::2]
    phrase_count: collections.Counter[str] = collections.Counter()
    seg_phrases = []
    for seg in sample:
        words = _WORD.findall(seg.source)
        found = set()
        for n in (2, 3):
            for gram in zip(*(words[i:] for i in range(n)), strict=False):
                if gram[0].lower() not in STOP and gram[-1].lower() not in STOP:
                    found.add(" ".join(gram).lower())
        phrase_count.update(found)
        seg_phrases.append(found)
    phrases = {p for p, _ in phrase_count.most_common(size * 4)}
    segmenter = Segmenter([])
    word_count: collections.Counter[str] = collections.Counter()
    pair_count: collections.Counter[tuple[str, str]] = collections.Counter()
    for seg, found in zip(sample, seg_phrases, strict=True):
        words = {
            w for run in _HAN_RUN.findall(seg.target) for w in segmenter.cut(run) if len(w) >= 2
        }
        word_count.update(words)
        for phrase in found & phrases:
            pair_count.update((phrase, w) for w in words)
    best: dict[str, list[tuple[float, str]]] = collections.defaultdict(list)
    for (phrase, word), n in pair_count.items():
        if n >= 3:
            best[phrase].append((2 * n / (phrase_count[phrase] + word_count[word]), word))
    ranked = sorted(
        ((max(c)[0], p) for p, c in best.items() if max(c)[0] >= 0.1), key=lambda x: (-x[0], x[1])
    )
    concepts, used = [], set()
    for i, (_, phrase) in enumerate(ranked):
        candidates = sorted(best[phrase], reverse=True)
        word = candidates[0][1]
        if (phrase, word) in used:
            continue
        used.add((phrase, word))
        zh = [Term(word, status="preferred")]
        if len(candidates) > 1 and candidates[1][0] >= 0.05:
            if i % 10 == 0:
                zh.append(Term(candidates[1][1], status="deprecated"))
            elif i % 3 == 0:
                zh.append(Term(candidates[1][1], status="admitted"))
        concepts.append(
            Concept(
                id=f"c{i}",
                languages=[
                    LangSection("en", [Term(phrase, status="preferred")]),
                    LangSection("zh-CN", zh),
                ],
            )
        )
        if len(concepts) >= size:
            break
    return concepts


def naive_check(concepts: list[Concept], segments: list[Segment]) -> int:
    """missing-term and forbidden-term with one regex per term: what an index saves."""
    rules = []
    for c in concepts:
        en = c.terms("en")[0].text
        forms = sorted({v for v, _ in surface_variants(en)}, key=len, reverse=True)
        source = re.compile(
            r"\b(?:" + "|".join(re.escape(f).replace(r"\ ", r"[\s-]+") for f in forms) + r")\b",
            re.IGNORECASE,
        )
        ok = [re.compile(re.escape(t.text)) for t in c.terms("zh") if t.status != "deprecated"]
        bad = [re.compile(re.escape(t.text)) for t in c.terms("zh") if t.status == "deprecated"]
        rules.append((source, ok, bad))
    found = 0
    for seg, (source, ok, bad) in itertools.product(segments, rules):
        if source.search(seg.source) and not any(p.search(seg.target) for p in ok):
            found += 1
        found += sum(1 for p in bad if p.search(seg.target))
    return found


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def timed_cpu(fn):
    """(wall seconds, CPU seconds of this process, result): on a shared machine the CPU
    time is the figure that does not depend on what else runs."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--terms", type=int, default=3000)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()

    # Setup, not timed: the termbase from a first read of the corpus.
    start = time.perf_counter()
    setup = list(file_segments([args.corpus]))
    setup_s = time.perf_counter() - start
    gen_s, concepts = timed(lambda: make_termbase(setup, args.terms))
    n_zh = sum(len(c.terms("zh")) for c in concepts)
    print(
        f"termbase: {len(concepts)} concepts ({len(concepts)} en + {n_zh} zh terms), "
        f"generated in {gen_s:.1f} s (setup read {setup_s:.1f} s; not timed)"
    )
    setup.clear()

    # The timed run: what `concord check CORPUS --glossary FILE` does in one process.
    phases = []
    start, start_cpu = time.perf_counter(), time.process_time()
    jieba_s, _ = timed(_base_dictionary)  # cached per process; the setup already paid it
    # The command streams the files through run_checks, which pauses the cyclic GC; read
    # here as a phase of its own, the corpus is read the same way.
    with gc_paused():
        read_s, read_cpu, segments = timed_cpu(lambda: list(file_segments([args.corpus])))
    phases.append(("read corpus (PO)", read_s, read_cpu))
    build_s, build_cpu, termbase = timed_cpu(lambda: CheckTermbase(concepts))
    phases.append(("build matcher", build_s, build_cpu))
    warm_s, warm_cpu, _ = timed_cpu(lambda: termbase.matcher.find("预热", "zh"))
    phases.append(("load segmenter (jieba)", warm_s, warm_cpu))
    check_s, check_cpu, report = timed_cpu(lambda: run_checks(segments, termbase))
    phases.append(("run checks", check_s, check_cpu))
    total = time.perf_counter() - start
    total_cpu = time.process_time() - start_cpu
    del jieba_s

    print(f"corpus: {report.segments} segments in {len(report.files)} files")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(f"{'phase':<34}{'wall s':>9}{'CPU s':>9}")
    for name, secs, cpu in phases:
        print(f"{name:<34}{secs:>9.2f}{cpu:>9.2f}")
    # The runner times checks by the wall clock only (a CPU clock call costs more than a
    # microsecond); their CPU time is estimated from the phase's CPU/wall ratio.
    ratio = check_cpu / check_s if check_s else 1.0
    for name, secs in report.seconds.items():
        print(f"{'  ' + name:<34}{secs:>9.2f}{secs * ratio:>8.2f}~")
    verdict = "OK" if total <= TARGET_SECONDS else "OVER"
    print(
        f"{'total (one process)':<34}{total:>9.2f}{total_cpu:>9.2f}"
        f"   target <= {TARGET_SECONDS:.0f} s: {verdict} (wall)"
    )
    print()
    print(f"{'check':<34}{'findings':>9}")
    by_check = report.by_check()
    for name in report.seconds:
        print(f"{name:<34}{by_check.get(name, 0):>9}")

    step = max(1, len(segments) // args.sample)
    sample = segments[::step]
    fresh = [Segment(s.source, s.target, s.src_lang, s.tgt_lang, s.file, s.line) for s in sample]
    fast_s, fast = timed(
        lambda: run_checks(fresh, termbase, _only("missing-term", "forbidden-term"))
    )
    naive_s, naive = timed(lambda: naive_check(concepts, sample))
    print()
    print(f"term checks on a sample of {len(sample)} segments:")
    print(f"{'':<34}{'seconds':>9}{'findings':>9}{'corpus s (est.)':>17}")
    scale = len(segments) / len(sample)
    print(
        f"{'matcher (Aho-Corasick)':<34}{fast_s:>9.2f}{len(fast.findings):>9}{fast_s * scale:>17.1f}"
    )
    print(f"{'naive regex per term':<34}{naive_s:>9.2f}{naive:>9}{naive_s * scale:>17.1f}")
    print(f"{'naive / matcher':<34}{naive_s / fast_s:>8.0f}x")


def _only(*names: str):
    from glossary.checks import CheckConfig

    config = CheckConfig()
    config.enable(list(names))
    return config


if __name__ == "__main__":
    main()
