"""Benchmark the translation memory on python-docs-zh-cn: import, fuzzy lookup, scale.

    python bench/bench_tm.py [--corpus DIR] [--quick] [--skip-scale] [--skip-tt]
                             [--workdir DIR] [--keep] [--json]

One run, one table (measure | value | target | ok?):

1. Import 3.13 (every PO file) with ``concord tm import`` in a child process: wall time and
   the child's peak RSS (os.wait4). Export it to TMX (``concord tm export``) and re-import
   the TMX into a fresh store, each measured the same way.
2. Look up the 3.14 msgids that are not a source segment of the 3.13 memory (about 6.8k
   entries) in-process through the persisted index: p50/p95 of ``Memory.lookup`` (the full
   path: index, SQLite fetch, re-scoring) and of ``FuzzyIndex.search`` alone; recall@1
   against an exhaustive RapidFuzz search over the same normal forms with the same scorer
   (``tm.fuzzy.exhaustive_search``, min score 75): a query counts when the exhaustive
   search finds a match and our best score equals its best score (within 0.01). Speed
   ratios against that exhaustive search and against Translate Toolkit's
   ``translate.search.match.matcher`` (built over the 3.13 PO files, ``max_length`` large
   enough to consider every unit; timed on a sample, it is slow).
3. Scale: a memory of 1M units (100k with ``--quick``): the 3.13 pairs plus pairs made by
   recombining them (head of one segment + tail of another of similar length, in both
   languages, fixed seed), written as TMX and imported with the CLI. Index build time and
   size, p50/p95 for long and short (< 20 characters) queries in English and Chinese, a
   lookup from a fresh process (``concord tm lookup``), and TMX export + re-import of the
   whole store with peak RSS.

The corpus is read in place. Work files go to a temporary directory under the user's cache
directory (or ``--workdir``) and are deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    Timer,
    dir_size,
    fmt_bytes,
    fmt_ms,
    fmt_s,
    format_table,
    log,
    machine_info,
    percentile,
    run_measured,
)

from tm.fuzzy import exhaustive_search  # noqa: E402
from tm.normalize import normalize  # noqa: E402
from tm.search import Memory  # noqa: E402
from tm.store import open_store  # noqa: E402
from tm.tmx import write_tmx  # noqa: E402
from tm.unit import TranslationUnit, Variant  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpora/python-docs-zh-cn")
_SCRIPT = Path(sys.executable).with_name("concord")
CONCORD = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "tui.cli"]
MIN_SCORE = 75.0
LIMIT = 5
SEED = 20240613
MB = 1_000_000


# -- results --------------------------------------------------------------------------------


class Results:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self.raw: dict[str, object] = {}
        self.notes: list[str] = []
        self.missed: list[str] = []

    def add(
        self, measure: str, value: str, target: str = "", ok: bool | None = None, raw=None
    ) -> None:
        mark = "" if ok is None else ("yes" if ok else "NO")
        self.rows.append((measure, value, target, mark))
        self.raw[measure] = raw if raw is not None else value
        if ok is False:
            self.missed.append(f"{measure}: {value} (target {target})")
        log(f"{measure}: {value}" + (f"  [target {target}: {mark}]" if target else ""))

    def note(self, text: str) -> None:
        self.notes.append(text)
        log(text)


def concord(db: Path, *args: str) -> list[str]:
    return [*CONCORD, "--db", str(db), *map(str, args)]


def run_cli(db: Path, *args: str, ok_codes=(0,)):
    result = run_measured(concord(db, *args), cwd=str(ROOT)).check(ok_codes)
    return result


def units_in(db: Path) -> int:
    with open_store(db) as store:
        return store.count_units()


# -- corpus ---------------------------------------------------------------------------------


def po_entries(folder: Path):
    for path in sorted(folder.rglob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                yield entry


def store_pairs(db: Path, src: str = "en", tgt: str = "zh-CN") -> list[tuple[str, str]]:
    with open_store(db) as store:
        texts = dict(store.iter_texts(tgt))
        return [(s, texts[k]) for k, s in store.iter_texts(src) if k in texts]


# -- step 1: import, export, re-import ------------------------------------------------------


def step_import(res: Results, corpus: Path, work: Path) -> Path:
    db = work / "m313.db"
    log("importing 3.13 with the CLI ...")
    run = run_cli(db, "tm", "import", corpus / "3.13", "--json")
    reports = json.loads(run.stdout)
    added = sum(r["added"] for r in reports)
    dups = sum(r["duplicates"] for r in reports)
    res.raw["import_313_units"] = added
    res.note(
        f"3.13: {len(reports)} PO files -> {added} units ({dups} duplicate pairs merged);"
        " import includes building both language indexes"
    )
    res.add("import 3.13: time", fmt_s(run.seconds), "<= 30 s", run.seconds <= 30, run.seconds)
    res.add("import 3.13: peak RSS", fmt_bytes(run.max_rss), "", None, run.max_rss)
    res.raw["store_313_bytes"] = db.stat().st_size
    return db


def step_roundtrip(res: Results, db: Path, work: Path, label: str, rss_target: int | None) -> None:
    tmx = work / f"{db.stem}.tmx"
    log(f"exporting {label} to TMX ...")
    run = run_cli(db, "tm", "export", tmx)
    target = f"<= {fmt_bytes(rss_target)}" if rss_target else ""
    ok = (run.max_rss <= rss_target) if rss_target else None
    res.add(f"{label}: TMX export time", fmt_s(run.seconds), "", None, run.seconds)
    res.add(f"{label}: TMX export peak RSS", fmt_bytes(run.max_rss), target, ok, run.max_rss)
    res.raw[f"{label}: TMX size"] = tmx.stat().st_size
    fresh = work / f"{db.stem}-re.db"
    log(f"re-importing the {label} TMX into a fresh store ...")
    run = run_cli(fresh, "tm", "import", tmx, "--json")
    before, after = units_in(db), units_in(fresh)
    res.add(f"{label}: TMX re-import time", fmt_s(run.seconds), "", None, run.seconds)
    res.add(
        f"{label}: TMX re-import peak RSS",
        fmt_bytes(run.max_rss),
        target,
        ok_rss(run, rss_target),
        run.max_rss,
    )
    res.add(
        f"{label}: units after round trip",
        f"{after} of {before}",
        "all",
        after == before,
        [after, before],
    )
    tmx.unlink(missing_ok=True)
    for p in fresh.parent.glob(f"{fresh.name}*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()


def ok_rss(run, target: int | None) -> bool | None:
    return None if not target else run.max_rss <= target


# -- step 2: lookups on the 3.13 memory -----------------------------------------------------


def new_queries(corpus: Path, db: Path) -> list[str]:
    """3.14 msgids (one per entry) that are not a source segment of the 3.13 memory."""
    with open_store(db) as store:
        known = {t for _, t in store.iter_texts("en")}
    return [e.msgid for e in po_entries(corpus / "3.14") if e.msgid not in known]


def timed_lookups(memory: Memory, queries: list[str], src: str, tgt: str):
    times, tops = [], []
    for q in queries:
        t0 = time.perf_counter()
        found = memory.lookup(q, src, tgt, limit=LIMIT, min_score=MIN_SCORE)
        times.append(time.perf_counter() - t0)
        tops.append(found[0].score if found else None)
    return times, tops


def timed_searches(index, queries: list[str]):
    times, tops = [], []
    for q in queries:
        nq = normalize(q)
        t0 = time.perf_counter()
        hits = index.search(nq, LIMIT, MIN_SCORE, candidates=max(4 * LIMIT, 20))
        times.append(time.perf_counter() - t0)
        tops.append(hits[0].score if hits else None)
    return times, tops


def recall(tops, reference) -> tuple[float, int, int]:
    """Share of queries with a reference match where our best score reaches the reference's."""
    wanted = [(t, r) for t, r in zip(tops, reference, strict=True) if r is not None]
    good = sum(1 for t, r in wanted if t is not None and t >= r - 0.01)
    return (good / len(wanted) if wanted else float("nan")), good, len(wanted)


def step_lookups(res: Results, corpus: Path, db: Path, args) -> None:
    queries = new_queries(corpus, db)
    res.note(f"queries: {len(queries)} 3.14 entries whose msgid is not a 3.13 source segment")
    if args.queries and args.queries < len(queries):
        queries = queries[:: len(queries) // args.queries][: args.queries]
        res.note(f"(--queries: timing and recall on {len(queries)} of them)")
    with open_store(db) as store:
        memory = Memory(store)
        for q in queries[:20]:  # load the index, warm the caches
            memory.lookup(q, "en", "zh-CN")
        index = memory.index_for("en").index
        texts = [index.text(d) for d in range(len(index))]  # the indexed normal forms
        t_search, top_search = timed_searches(index, queries)
        # Memory.lookup is timed on an evenly spaced sample (all queries with 0).
        step = max(1, len(queries) // args.lookup_sample) if args.lookup_sample else 1
        picked = list(range(0, len(queries), step))
        log(f"Memory.lookup over {len(picked)} of the queries ...")
        t_lookup_s, top_lookup_s = timed_lookups(
            memory, [queries[i] for i in picked], "en", "zh-CN"
        )
    t_lookup = [None] * len(queries)
    top_lookup = [None] * len(queries)
    for i, t, top in zip(picked, t_lookup_s, top_lookup_s, strict=True):
        t_lookup[i], top_lookup[i] = t, top
    if len(picked) < len(queries):
        res.note(
            f"Memory.lookup timed on {len(picked)} evenly spaced queries (every {step}th); FuzzyIndex.search and the exhaustive search on all"
        )
    log(f"exhaustive search over {len(texts)} normal forms for {len(queries)} queries ...")
    t_exh, top_exh = [], []
    for q in queries:
        nq = normalize(q)
        t0 = time.perf_counter()
        found = exhaustive_search(nq, texts, LIMIT, MIN_SCORE) if nq else []
        t_exh.append(time.perf_counter() - t0)
        top_exh.append(found[0][1] if found else None)

    p50_l, p95_l = percentile(t_lookup_s, 50), percentile(t_lookup_s, 95)
    p50_s, p95_s = percentile(t_search, 50), percentile(t_search, 95)
    p50_e = percentile(t_exh, 50)
    r_l, good_l, n_ref_l = recall(top_lookup_s, [top_exh[i] for i in picked])
    r_s, good_s, n_ref = recall(top_search, top_exh)
    label = f"{len(texts) // 1000}k"
    res.add(
        f"{label}: recall@1 (Memory.lookup, min 75)",
        f"{100 * r_l:.2f}% ({good_l}/{n_ref_l})",
        ">= 99%",
        r_l >= 0.99,
        r_l,
    )
    res.add(
        f"{label}: recall@1 (FuzzyIndex.search)",
        f"{100 * r_s:.2f}% ({good_s}/{n_ref})",
        ">= 99%",
        r_s >= 0.99,
        r_s,
    )
    res.add(f"{label}: Memory.lookup p50", fmt_ms(p50_l), "<= 1 ms", p50_l <= 0.001, p50_l)
    res.add(f"{label}: Memory.lookup p95", fmt_ms(p95_l), "", None, p95_l)
    res.add(f"{label}: FuzzyIndex.search p50", fmt_ms(p50_s), "<= 1 ms", p50_s <= 0.001, p50_s)
    res.add(f"{label}: FuzzyIndex.search p95", fmt_ms(p95_s), "", None, p95_s)
    res.add(
        f"{label}: exhaustive RapidFuzz p50 / p95",
        f"{fmt_ms(p50_e)} / {fmt_ms(percentile(t_exh, 95))}",
        "",
        None,
        [p50_e, percentile(t_exh, 95)],
    )
    ratio_l, ratio_s = p50_e / p50_l, p50_e / p50_s
    res.add(
        f"{label}: speed-up vs exhaustive (p50, Memory.lookup)",
        f"{ratio_l:.1f}x",
        ">= 10x",
        ratio_l >= 10,
        ratio_l,
    )
    res.add(
        f"{label}: speed-up vs exhaustive (p50, FuzzyIndex.search)",
        f"{ratio_s:.1f}x",
        ">= 10x",
        ratio_s >= 10,
        ratio_s,
    )
    res.raw["queries_313"] = len(queries)
    res.raw["queries_with_reference_match"] = n_ref

    if args.skip_tt:
        return
    step_tt(res, corpus, queries, t_lookup, t_search, args.tt_sample, label)


def step_tt(
    res: Results, corpus: Path, queries, t_lookup, t_search, sample: int, label: str
) -> None:
    from translate.search.match import matcher
    from translate.storage import base as tt_base
    from translate.storage import po as tt_po

    # matcher.matches() keeps (score, unit) pairs in a heap; on a tie heapq compares the
    # units, which are not orderable (TypeError). Give them an arbitrary order: no effect on
    # which scores are found, negligible cost.
    if (
        not hasattr(tt_base.TranslationUnit, "__lt__")
        or tt_base.TranslationUnit.__lt__ is object.__lt__
    ):
        tt_base.TranslationUnit.__lt__ = lambda a, b: id(a) < id(b)

    log("building Translate Toolkit's matcher over the 3.13 PO files ...")
    with Timer() as t:
        stores = [tt_po.pofile.parsefile(str(p)) for p in sorted((corpus / "3.13").rglob("*.po"))]
        longest = max((len(str(u.source)) for s in stores for u in s.units), default=0)
        tt = matcher(
            stores, max_candidates=LIMIT, min_similarity=int(MIN_SCORE), max_length=longest + 1000
        )
    res.note(
        f"Translate Toolkit matcher: {len(tt.candidates.units)} candidates, built in {t.seconds:.1f} s"
        f" (max_length={longest + 1000}: no truncation); timed on {sample} evenly spaced queries"
    )
    timed = [i for i, t in enumerate(t_lookup) if t is not None]  # where Memory.lookup was timed
    step = max(1, len(timed) // sample)
    picked = timed[::step][:sample]
    t_tt = []
    for i in picked:
        t0 = time.perf_counter()
        tt.matches(queries[i])
        t_tt.append(time.perf_counter() - t0)
    ours_l = [t_lookup[i] for i in picked]
    ours_s = [t_search[i] for i in picked]
    p50_tt = percentile(t_tt, 50)
    res.add(
        f"{label}: Translate Toolkit matcher p50 / mean",
        f"{fmt_ms(p50_tt)} / {fmt_ms(sum(t_tt) / len(t_tt))}",
        "",
        None,
        [p50_tt, sum(t_tt) / len(t_tt)],
    )
    res.add(
        f"{label}: speed-up vs Translate Toolkit (p50, Memory.lookup)",
        f"{p50_tt / percentile(ours_l, 50):.1f}x (mean {sum(t_tt) / sum(ours_l):.1f}x)",
        "",
        None,
        p50_tt / percentile(ours_l, 50),
    )
    res.add(
        f"{label}: speed-up vs Translate Toolkit (p50, FuzzyIndex.search)",
        f"{p50_tt / percentile(ours_s, 50):.1f}x (mean {sum(t_tt) / sum(ours_s):.1f}x)",
        "",
        None,
        p50_tt / percentile(ours_s, 50),
    )


# -- step 3: scale --------------------------------------------------------------------------

_SPACE = re.compile(r"\s")


def _cut_en(text: str, frac: float) -> int:
    """A word boundary near frac * len(text) (a character position when there is none)."""
    pos = int(len(text) * frac)
    left, right = text.rfind(" ", 0, pos + 1), text.find(" ", pos)
    cands = [c for c in (left, right) if 0 < c < len(text)]
    return min(cands, key=lambda c: abs(c - pos)) if cands else max(1, pos)


def synthetic_units(pairs: list[tuple[str, str]], total: int, seed: int = SEED):
    """The corpus pairs, then recombined pairs until *total* distinct units."""
    rng = random.Random(seed)
    seen: set[int] = set()
    count = 0
    for en, zh in pairs:
        if count >= total:
            return
        h = hash((en, zh))
        if h in seen:
            continue
        seen.add(h)
        count += 1
        yield TranslationUnit([Variant("en", en), Variant("zh-CN", zh)], tuid=f"c{count}")
    ordered = sorted(pairs, key=lambda p: len(p[0]))
    n = len(ordered)
    while count < total:
        i = rng.randrange(n)
        j = min(n - 1, max(0, i + rng.randint(-400, 400)))
        if i == j:
            continue
        (en_a, zh_a), (en_b, zh_b) = ordered[i], ordered[j]
        f = rng.uniform(0.3, 0.7)
        ca, cb = _cut_en(en_a, f), _cut_en(en_b, f)
        en = (en_a[:ca].rstrip() + " " + en_b[cb:].lstrip()).strip()
        za, zb = max(1, int(len(zh_a) * f)), int(len(zh_b) * f)
        zh = zh_a[:za] + zh_b[zb:]
        if not en or not zh.strip():
            continue
        h = hash((en, zh))
        if h in seen:
            continue
        seen.add(h)
        count += 1
        yield TranslationUnit([Variant("en", en), Variant("zh-CN", zh)], tuid=f"s{count}")


def scale_queries(corpus: Path, db313: Path, rng: random.Random, per_class: int):
    """Query sets for the large memory: long/short English and Chinese from 3.14."""
    with open_store(db313) as store:
        known = {t for _, t in store.iter_texts("en")}
    long_en, long_zh, short_en, short_zh = [], [], set(), set()
    for e in po_entries(corpus / "3.14"):
        translated = bool(e.msgstr) and "fuzzy" not in e.flags
        n_en = len(normalize(e.msgid))
        if n_en < 20 and n_en:
            short_en.add(e.msgid)
        if translated and 0 < len(normalize(e.msgstr)) < 20:
            short_zh.add(e.msgstr)
        if e.msgid not in known:
            if n_en >= 20:
                long_en.append(e.msgid)
            if translated and len(normalize(e.msgstr)) >= 20:
                long_zh.append(e.msgstr)

    def pick(items):
        items = sorted(set(items))
        return rng.sample(items, min(per_class, len(items)))

    return {
        "long en (new 3.14 msgids, >= 20 chars)": ("en", "zh-CN", pick(long_en)),
        "short en (3.14 msgids, < 20 chars)": ("en", "zh-CN", pick(short_en)),
        "long zh (their 3.14 msgstrs, >= 20 chars)": ("zh-CN", "en", pick(long_zh)),
        "short zh (3.14 msgstrs, < 20 chars)": ("zh-CN", "en", pick(short_zh)),
    }


_BUILD_CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
from tm.store import open_store
from tm.normalize import normalize
from tm.fuzzy import FuzzyIndex
out = {{}}
with open_store({db!r}) as store:
    for lang in ("en", "zh-CN"):
        t0 = time.perf_counter(); rows = list(store.iter_texts(lang)); t1 = time.perf_counter()
        entries = [(k, normalize(t)) for k, t in rows]; t2 = time.perf_counter()
        index = FuzzyIndex.build(entries); t3 = time.perf_counter()
        out[lang] = {{"read": t1 - t0, "normalize": t2 - t1, "build": t3 - t2, "docs": len(index)}}
        del rows, entries, index
print(json.dumps(out))
"""


def step_scale(res: Results, corpus: Path, db313: Path, work: Path, args) -> None:
    total = 100_000 if args.quick else 1_000_000
    label = f"{total // 1000}k" if total < 1_000_000 else f"{total // 1_000_000}M"
    pairs = store_pairs(db313)
    tmx = work / f"scale{label}.tmx"
    log(f"writing {total} units to {tmx.name} ...")
    with Timer() as t, open(tmx, "wb") as fh:
        written = write_tmx(fh, synthetic_units(pairs, total), srclang="en")
    res.note(
        f"scale: {written} units ({len(pairs)} 3.13 pairs + recombined ones), TMX"
        f" {fmt_bytes(tmx.stat().st_size)}, generated and written in {t.seconds:.0f} s"
    )
    db = work / f"scale{label}.db"
    log(f"importing {label} units with the CLI ...")
    run = run_cli(db, "tm", "import", tmx, "--json")
    tmx.unlink()
    units = units_in(db)
    res.raw[f"{label}: units"] = units
    res.add(f"{label}: TMX import time (incl. indexing)", fmt_s(run.seconds), "", None, run.seconds)
    res.add(
        f"{label}: TMX import peak RSS",
        fmt_bytes(run.max_rss),
        "<= 500 MB",
        run.max_rss <= 500 * MB,
        run.max_rss,
    )

    log("rebuilding the indexes (concord tm reindex) ...")
    run = run_cli(db, "tm", "reindex")
    res.add(
        f"{label}: index build, both languages (tm reindex)",
        fmt_s(run.seconds),
        "",
        None,
        run.seconds,
    )
    res.add(f"{label}: tm reindex peak RSS", fmt_bytes(run.max_rss), "", None, run.max_rss)
    child = run_measured(
        [sys.executable, "-c", _BUILD_CHILD.format(root=str(ROOT), db=str(db))], cwd=str(ROOT)
    ).check()
    parts = json.loads(child.stdout)
    res.note(
        f"{label}: index build breakdown: "
        + "; ".join(
            f"{lang}: read {p['read']:.1f} s, normalize {p['normalize']:.1f} s,"
            f" FuzzyIndex.build {p['build']:.1f} s"
            for lang, p in parts.items()
        )
    )
    res.raw[f"{label}: build breakdown"] = parts
    index_root = Path(f"{db}.index")
    sizes = {p.name: dir_size(p) for p in index_root.iterdir() if p.is_dir()}
    size = sum(sizes.values())
    res.add(
        f"{label}: index size on disk ("
        + " + ".join(f"{k} {fmt_bytes(v)}" for k, v in sizes.items())
        + ")",
        fmt_bytes(size),
        "<= 1 GB",
        size <= 1000 * MB,
        size,
    )
    res.raw[f"{label}: store size"] = db.stat().st_size
    res.note(f"{label}: store file {fmt_bytes(db.stat().st_size)}")

    rng = random.Random(SEED)
    sets = scale_queries(corpus, db313, rng, args.scale_queries)
    with open_store(db) as store:
        memory = Memory(store)
        for name, (src, tgt, queries) in sets.items():
            index = memory.index_for(src).index
            timed_searches(index, queries[:20])  # warm
            t_s, _ = timed_searches(index, queries)
            sub = queries[: args.scale_lookups]
            memory.lookup(sub[0], src, tgt)
            t_l, _ = timed_lookups(memory, sub, src, tgt)
            p50, p95 = percentile(t_l, 50), percentile(t_l, 95)
            res.add(
                f"{label}: Memory.lookup {name} p50 / p95 (n={len(sub)})",
                f"{fmt_ms(p50)} / {fmt_ms(p95)}",
                "<= 10 / 50 ms",
                p50 <= 0.010 and p95 <= 0.050,
                [p50, p95],
            )
            p50, p95 = percentile(t_s, 50), percentile(t_s, 95)
            res.add(
                f"{label}: FuzzyIndex.search {name} p50 / p95 (n={len(queries)})",
                f"{fmt_ms(p50)} / {fmt_ms(p95)}",
                "<= 10 / 50 ms",
                p50 <= 0.010 and p95 <= 0.050,
                [p50, p95],
            )

    long_q = sets["long en (new 3.14 msgids, >= 20 chars)"][2][0]
    short_zh = sets["short zh (3.14 msgstrs, < 20 chars)"][2][0]
    fresh = []
    for cmd in (
        ("tm", "lookup", long_q),
        ("tm", "lookup", long_q),
        ("tm", "lookup", long_q),
        ("tm", "lookup", long_q, "--json"),
        ("tm", "lookup", short_zh, "--src", "zh-CN", "--tgt", "en", "--json"),
    ):
        fresh.append(run_cli(db, *cmd, ok_codes=(0, 1)))
    walls = sorted(r.seconds for r in fresh)
    worst = max(walls)
    res.add(
        f"{label}: fresh-process lookup (concord tm lookup, 5 runs) median / max",
        f"{fmt_s(walls[len(walls) // 2])} / {fmt_s(worst)}",
        "< 1 s",
        worst < 1.0,
        walls,
    )
    res.add(
        f"{label}: fresh-process lookup peak RSS",
        fmt_bytes(max(r.max_rss for r in fresh)),
        "",
        None,
        max(r.max_rss for r in fresh),
    )
    base = run_measured([*CONCORD, "--version"], cwd=str(ROOT))
    res.note(
        f"fresh process: `concord --version` alone takes {base.seconds:.2f} s (interpreter + CLI imports)"
    )

    step_roundtrip(res, db, work, label, 500 * MB)


# -- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="python-docs-zh-cn (with 3.13/ and 3.14/)",
    )
    parser.add_argument("--quick", action="store_true", help="a 100k-unit scale step instead of 1M")
    parser.add_argument("--skip-scale", action="store_true", help="no scale step")
    parser.add_argument("--skip-tt", action="store_true", help="no Translate Toolkit comparison")
    parser.add_argument(
        "--tt-sample", type=int, default=200, help="queries timed with Translate Toolkit (200)"
    )
    parser.add_argument(
        "--scale-queries",
        type=int,
        default=500,
        help="queries per class for FuzzyIndex.search at scale (500)",
    )
    parser.add_argument(
        "--scale-lookups", type=int, default=50, help="of those, timed through Memory.lookup (50)"
    )
    parser.add_argument(
        "--lookup-sample",
        type=int,
        default=1500,
        help="queries timed through Memory.lookup on the 3.13 memory (1500; 0: all)",
    )
    parser.add_argument(
        "--queries", type=int, default=0, help="use only N of the 3.14 queries (debugging)"
    )
    parser.add_argument("--workdir", type=Path, help="where to put stores and TMX files")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)

    machine = machine_info()
    log(f"machine: {machine}")
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench_tm.", dir=args.workdir))
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "concord-bench"
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench_tm.", dir=cache))
    log(f"work directory: {work}")
    res = Results()
    started = time.perf_counter()
    try:
        db313 = step_import(res, args.corpus, work)
        steps = [lambda: step_roundtrip(res, db313, work, "3.13", None)]
        steps.append(lambda: step_lookups(res, args.corpus, db313, args))
        if not args.skip_scale:
            steps.append(lambda: step_scale(res, args.corpus, db313, work, args))
        for run_step in steps:
            try:
                run_step()
            except Exception as exc:  # one failed step must not lose the others' figures
                import traceback

                traceback.print_exc()
                res.add("step failed", f"{type(exc).__name__}: {str(exc)[:200]}", "", False)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    machine["loadavg_end"] = machine_info().get("loadavg")
    if args.json:
        print(
            json.dumps(
                {
                    "machine": machine,
                    "seconds": elapsed,
                    "notes": res.notes,
                    "missed": res.missed,
                    "rows": [
                        dict(zip(("measure", "value", "target", "ok"), r, strict=True))
                        for r in res.rows
                    ],
                    "raw": res.raw,
                },
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
        return 0
    print(f"# bench_tm: {time.strftime('%Y-%m-%d %H:%M')}, {elapsed / 60:.1f} min")
    print(
        f"machine: {machine.get('cpu', '?')}, {machine.get('cpus_usable', machine['cpus'])} CPUs,"
        f" {machine.get('memory', '?')} RAM, Python {machine['python']};"
        f" load average {machine.get('loadavg')} at start, {machine['loadavg_end']} at end"
    )
    for note in res.notes:
        print(f"- {note}")
    print()
    print(format_table(("measure", "value", "target", "ok?"), res.rows))
    if res.missed:
        print("\ntargets missed:")
        for m in res.missed:
            print(f"- {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
