"""Benchmark: the review workbench on a generated termbase (default 50k candidates), Pilot-driven.

    python bench/bench_review.py [--size 50000] [--word integration]

Measures, headless at 120x35: time to the first screen (app start until the table shows
rows and the detail of the first one), per-key filter latency while typing a word, and
selection-move latency (a key press until the detail and the concordance are updated,
workers finished). The memory holds the seed press conference.

Targets (issue): first screen < 1 s; filter < 100 ms per key; selection move < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import format_table, percentile  # noqa: E402

EN = (
    "central state-owned enterprise reform capital market energy security supply chain "
    "industrial upgrading innovation platform professional integration ballast national "
    "team digital transformation green development strategic emerging industry backbone "
    "resource allocation layout structure growth driver high-quality core function"
).split()
ZH = list(
    "国有企业改革资本市场能源安全供应链产业升级创新平台专业化整合压舱石国家队数字转型绿色发展"
)
SEED = ROOT / "seeds" / "sasac-soe-press-conference-2024.en-zh-CN.tsv"


def generate(n: int, rng: random.Random):
    from glossary.model import Concept, Context, LangSection, Term

    for i in range(n):
        words = rng.sample(EN, rng.randint(1, 3))
        en = " ".join(words) + (f" {i}" if i % 3 else "")
        zh = ["".join(rng.sample(ZH, rng.randint(2, 5))) for _ in range(rng.randint(1, 3))]
        score = round(rng.random(), 4)
        yield Concept(
            id=f"g{i}",
            languages=[
                LangSection(
                    "en",
                    [
                        Term(
                            en,
                            state="candidate",
                            contexts=[Context(f"We discussed {en} at length.", f"corpus.txt:{i}")],
                            provenance={"score": score, "frequency": rng.randint(1, 200)},
                        )
                    ],
                ),
                LangSection(
                    "zh-CN",
                    [
                        Term(z, state="candidate", provenance={"score": round(rng.random(), 3)})
                        for z in dict.fromkeys(zh)
                    ],
                ),
            ],
        )


def build(db: Path, n: int) -> None:
    from glossary.store import GlossaryStore
    from tui.cli import main

    main(["--db", str(db), "tm", "import", str(SEED), "--src", "en", "--tgt", "zh-CN"])
    with GlossaryStore.open(db) as store:
        store.import_concepts(generate(n, random.Random(7)), "bench", source="bench")


async def drive(db: Path, word: str, moves: int) -> dict[str, list[float]]:
    from tui.app import make_review_app

    results: dict[str, list[float]] = {
        "first": [],
        "full": [],
        "filter": [],
        "move": [],
        "noop": [],
    }
    start = time.perf_counter()
    app = make_review_app(db, poll_seconds=None)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        while not (screen.table.rows and screen.detail.concept is not None):
            await asyncio.sleep(0.002)
        results["first"].append(time.perf_counter() - start)
        while not screen.loaded:
            await asyncio.sleep(0.002)
        results["full"].append(time.perf_counter() - start)
        await app.workers.wait_for_complete()
        for _ in range(10):  # Pilot's own cost: a key nothing is bound to
            t = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            results["noop"].append(time.perf_counter() - t)
        shown = len(screen.table.rows)

        await pilot.press("slash")
        for ch in word:
            t = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            results["filter"].append(time.perf_counter() - t)
        filtered = len(screen.table.rows)
        await pilot.press("ctrl+u", "escape")
        await pilot.pause()
        await app.workers.wait_for_complete()

        for _ in range(moves):
            t = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            await app.workers.wait_for_complete()
            results["move"].append(time.perf_counter() - t)
    results["rows"] = [shown, filtered]
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--word", default="integration")
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        build(db, args.size)
        print(
            f"generated {args.size:,} candidates in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
        r = asyncio.run(drive(db, args.word, args.moves))

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    rows = [
        [
            "first screen",
            ms(r["first"][0]),
            ms(r["first"][0]),
            "< 1000 ms",
            _ok(r["first"][0], 1.0),
        ],
        ["whole termbase loaded", ms(r["full"][0]), ms(r["full"][0]), "-", ""],
        [
            "(Pilot round trip of a no-op key)",
            ms(percentile(r["noop"], 50)),
            ms(max(r["noop"])),
            "-",
            "",
        ],
        [
            f"filter per key ({args.word!r}, {len(args.word)} keys)",
            ms(percentile(r["filter"], 50)),
            ms(max(r["filter"])),
            "< 100 ms",
            _ok(max(r["filter"]), 0.1),
        ],
        [
            f"selection move ({args.moves} moves)",
            ms(percentile(r["move"], 50)),
            ms(max(r["move"])),
            "< 100 ms",
            _ok(max(r["move"]), 0.1),
        ],
    ]
    print(
        f"{args.size:,} candidates; {r['rows'][0]:,} pending shown; "
        f"{r['rows'][1]:,} rows match {args.word!r}"
    )
    print(format_table(["measure", "median", "worst", "target", "ok"], rows))
    return 0


def _ok(value: float, target: float) -> str:
    return "yes" if value < target else "NO"


if __name__ == "__main__":
    sys.exit(main())
