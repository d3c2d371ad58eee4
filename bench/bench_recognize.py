"""Benchmark term recognition: a 3k-term termbase over the whole python-docs-zh-cn corpus.

    python bench/bench_recognize.py [CORPUS_DIR] [--terms 3000] [--sample 2000]

The termbase is generated from the corpus itself (frequent English two- and three-word
phrases, frequent jieba words of the Chinese), so most segments contain terms. find() runs
over every English msgid and every Chinese msgstr; a naive loop over the terms (one regex
per term, the way a checker without an index would do it) runs on a sample and is
extrapolated. The corpus is read in place. Times are CPU seconds of this process.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import re
import sys
import time
from pathlib import Path

import jieba
import polib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from glossary.chinese import Segmenter, _base_dictionary  # noqa: E402
from glossary.english import surface_variants  # noqa: E402
from glossary.recognize import TermEntry, TermMatcher  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/python-docs-zh-cn/3.13")
STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "by",
        "with",
        "as",
        "at",
        "from",
        "that",
        "this",
        "it",
        "its",
        "not",
        "can",
        "if",
        "you",
        "your",
        "we",
        "which",
        "when",
        "will",
        "may",
        "use",
        "used",
        "using",
        "see",
        "also",
        "no",
        "all",
        "any",
        "each",
        "into",
        "than",
        "then",
        "there",
        "these",
        "those",
        "has",
        "have",
        "was",
        "were",
        "but",
        "so",
        "such",
        "other",
        "more",
        "one",
        "two",
        "only",
        "should",
        "must",
        "do",
        "does",
        "how",
        "what",
        "about",
        "like",
    ]
)
_WORD = re.compile(r"[A-Za-z][a-z]+")
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# jieba dictionary tags of nouns (common, proper-other, verbal, organisation): term-like words.
NOUN_TAGS = {"n", "nz", "vn", "nt"}


def read_pairs(corpus: Path) -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(corpus.rglob("*.po")):
        for unit in polib.pofile(str(path)):
            if unit.msgid and unit.msgstr and not unit.obsolete:
                pairs.append((unit.msgid, unit.msgstr))
    return pairs


def make_termbase(pairs: list[tuple[str, str]], size: int) -> list[TermEntry]:
    """Half English noun-phrase-like n-grams, half Chinese words, all frequent in the corpus."""
    phrases: collections.Counter[str] = collections.Counter()
    for msgid, _ in pairs[::3]:
        words = _WORD.findall(msgid)
        for n in (2, 3):
            for gram in zip(*(words[i:] for i in range(n)), strict=False):
                if gram[0].lower() not in STOP and gram[-1].lower() not in STOP:
                    phrases[" ".join(gram).lower()] += 1
    english = [p for p, _ in phrases.most_common(size // 2)]
    segmenter = Segmenter([])
    nouns = set()
    for line in jieba.Tokenizer().get_dict_file():
        word, _, tag = line.decode("utf-8").split()
        if tag in NOUN_TAGS and _HAN_WORD.match(word):
            nouns.add(word)
    han: collections.Counter[str] = collections.Counter()
    for _, msgstr in pairs[::4]:
        for run in re.findall(r"[\u4e00-\u9fff]+", msgstr):
            han.update(w for w in segmenter.cut(run) if w in nouns)
    chinese = [w for w, _ in han.most_common(size - len(english))]
    return [TermEntry(t, "en", ("en", i)) for i, t in enumerate(english)] + [
        TermEntry(t, "zh-CN", ("zh", i)) for i, t in enumerate(chinese)
    ]


def naive_matchers(entries: list[TermEntry], lang: str) -> list[re.Pattern[str]]:
    """One regex per term: its variants as an alternation, word-bounded for English."""
    out = []
    for entry in entries:
        if not entry.lang.startswith(lang):
            continue
        if lang == "en":
            forms = sorted({v for v, _ in surface_variants(entry.text)}, key=len, reverse=True)
            alternation = "|".join(re.escape(f).replace(r"\ ", r"[\s-]+") for f in forms)
            out.append(re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE))
        else:
            out.append(re.compile(re.escape(entry.text)))
    return out


def cpu_times(fn, repeat: int = 1) -> tuple[list[float], object]:
    """CPU seconds of each of *repeat* runs of *fn*, and its result.

    CPU time of this process, not wall time: the machine is shared with other work.
    """
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--terms", type=int, default=3000)
    parser.add_argument("--sample", type=int, default=2000)
    args = parser.parse_args()

    (jieba_s,), _ = cpu_times(_base_dictionary)  # once per process: dictionary and its pairs
    (load_s,), pairs = cpu_times(lambda: read_pairs(args.corpus))
    english = [p[0] for p in pairs]
    chinese = [p[1] for p in pairs]
    (terms_s,), entries = cpu_times(lambda: make_termbase(pairs, args.terms))
    print(
        f"corpus: {len(pairs)} pairs, {sum(map(len, english)):,} + {sum(map(len, chinese)):,} "
        f"chars, read in {load_s:.1f} s; termbase: {len(entries)} terms, made in {terms_s:.1f} s"
    )
    print(f"jieba dictionary load, once per process: {jieba_s:.2f} s (CPU seconds throughout)")

    print()
    print(f"{'backend':<16}{'lang':<5}{'segments':>9}{'hits':>8}{'build':>7}{'jieba':>7}"
          f"{'find 1st':>10}{'find best':>10}{'find_all':>10}{'us/seg':>8}")  # fmt: skip
    best_find = {}
    for backend, pure, repeat in (("ahocorasick-rs", False, 3), ("pure-Python AC", True, 1)):
        (build_s,), matcher = cpu_times(lambda p=pure: TermMatcher.build(entries, pure_python=p))
        # The first Chinese find() adds the termbase's words to a copy of jieba's dictionary.
        (warm_s,), _ = cpu_times(lambda m=matcher: m.find("预热", "zh"))
        for lang, texts in (("en", english), ("zh", chinese)):
            # The first pass fills the segmentation cache; later passes show the steady state.
            times, hits = cpu_times(
                lambda m=matcher, lang=lang, texts=texts: sum(len(m.find(t, lang)) for t in texts),
                repeat,
            )
            (all_s,), _ = cpu_times(
                lambda m=matcher, lang=lang, texts=texts: [m.find_all(t, lang) for t in texts]
            )
            best_find[backend, lang] = min(times)
            print(f"{backend:<16}{lang:<5}{len(texts):>9}{hits:>8}{build_s:>7.2f}{warm_s:>7.2f}"
                  f"{times[0]:>10.2f}{min(times):>10.2f}{all_s:>10.2f}"
                  f"{times[0] / len(texts) * 1e6:>8.1f}")  # fmt: skip

    step = max(1, len(pairs) // args.sample)
    print()
    print(f"{'naive regex/term':<18}{'lang':<5}{'sample':>7}{'hits':>8}{'sample s':>10}"
          f"{'corpus s (est.)':>17}{'naive/AC':>10}")  # fmt: skip
    for lang, texts in (("en", english), ("zh", chinese)):
        patterns = naive_matchers(entries, lang)
        sample = texts[::step]
        (secs,), hits = cpu_times(
            lambda sample=sample, patterns=patterns: sum(
                len(p.findall(t)) for t, p in itertools.product(sample, patterns)
            )
        )
        estimate = secs * len(texts) / len(sample)
        ratio = estimate / best_find["ahocorasick-rs", lang]
        print(f"{'':<18}{lang:<5}{len(sample):>7}{hits:>8}{secs:>10.2f}{estimate:>17.1f}"
              f"{ratio:>9.0f}x")  # fmt: skip

    matcher = TermMatcher.build(entries)
    print()
    for lang, texts in (("en", english), ("zh", chinese)):
        sample = texts[:: step * 4]
        (secs,), _ = cpu_times(
            lambda s=sample, lang=lang: [matcher.near_misses(t, lang) for t in s]
        )
        print(f"near_misses {lang}: {secs / len(sample) * 1e3:.1f} ms per segment ({len(sample)})")
    queries = ["装", "积分", "函数", "decorator", "contxt manager", "file object", "返回值"]
    (secs,), _ = cpu_times(lambda: [matcher.search(q) for q in queries])
    print(f"search: {secs / len(queries) * 1e3:.1f} ms per query over {len(entries)} terms")


if __name__ == "__main__":
    main()
