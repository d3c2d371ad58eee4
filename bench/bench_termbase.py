"""Benchmark: import and export a generated TBX termbase (default 100k concepts).

Each phase runs in its own process so its peak RSS is its own. Run with several sizes to
see that memory stays flat (streaming) while time grows linearly:

    python bench/bench_termbase.py --sizes 10000,100000

Targets (issue): import and export of 100k concepts each <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "central", "state-owned", "enterprise", "reform", "capital", "market", "energy", "security",
    "supply", "chain", "industrial", "upgrading", "innovation", "platform", "professional",
    "integration", "ballast", "national", "team", "digital", "transformation", "green",
    "development", "strategic", "emerging", "industry",
]  # fmt: skip
HANZI = "国家队压舱石专业化整合中央企业改革资本市场能源安全供应链产业升级创新平台数字转型绿色发展战略新兴"


def concepts(n: int) -> Iterator:
    """n concepts in English and Chinese, with synonyms, contexts, definitions, transactions."""
    from glossary.model import Concept, Context, LangSection, Term, Transaction

    for i in range(n):
        w = [WORDS[(i * k + k) % len(WORDS)] for k in (1, 3, 7)]
        en = f"{w[0]} {w[1]} {i}"
        zh = "".join(HANZI[(i * k) % len(HANZI)] for k in (1, 2, 3, 5)) + str(i)
        yield Concept(
            id=f"c{i}",
            subject_field="economy",
            transactions=[Transaction("origination", "2024-01-24", "bench", "p1")],
            languages=[
                LangSection(
                    "en",
                    [
                        Term(en, part_of_speech="noun", status="preferred",
                             contexts=[Context(f"The {en} was discussed at length.", "SCIO")]),
                        Term(f"{w[2]} {i}", status="admitted"),
                    ],
                    definition=f"The {w[0]} that {w[1]} needs.",
                ),
                LangSection(
                    "zh-CN",
                    [Term(zh, part_of_speech="noun",
                          contexts=[Context(f"会议讨论了{zh}。")])],
                ),
            ],
        )  # fmt: skip


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def phase(name: str, size: int, work: Path) -> dict:
    """Run one phase in this process and return its timings."""
    from glossary.store import GlossaryStore, Person, TermbaseInfo
    from glossary.tbx import read_tbx, write_tbx3

    src, db, out = work / f"in-{size}.tbx", work / f"bench-{size}.db", work / f"out-{size}.tbx"
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    if name == "generate":
        info = TermbaseInfo([("sourceDesc", "Concord benchmark")], [Person("p1", "bench")])
        with src.open("wb") as fh:
            count = write_tbx3(fh, concepts(size), info=info)
    elif name == "import":
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        store = GlossaryStore.open(db)
        with src.open("rb") as fh:
            reader = read_tbx(fh, str(src))
            count = store.import_concepts(reader).added
            store.save_info(reader.info)
        store.close()
    elif name == "export":
        store = GlossaryStore.open(db)
        with out.open("wb") as fh:
            count = write_tbx3(fh, store.concepts(), info=store.info())
        store.close()
    else:
        raise SystemExit(f"unknown phase {name}")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_start
    return {"phase": name, "size": size, "count": count, "seconds": seconds, "cpu": cpu, "rss_mb": peak_rss_mb(),
            "bytes": (src if name != "export" else out).stat().st_size}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated concept counts")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--work", help="folder for the files (default: a temporary one)")
    args = parser.parse_args()
    if args.phase:
        size = int(args.sizes)
        print(json.dumps(phase(args.phase, size, Path(args.work))))
        return 0
    with tempfile.TemporaryDirectory(prefix="concord-bench-") as tmp:
        work = Path(args.work or tmp)
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            for name in ("generate", "import", "export"):
                res = subprocess.run(
                    [sys.executable, __file__, "--phase", name, "--sizes", str(size), "--work", str(work)],
                    capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
                )  # fmt: skip
                rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print(
        f"{'phase':<9} {'concepts':>9} {'seconds':>8} {'cpu s':>7} {'per sec':>9} {'peak RSS MB':>12} {'file MB':>8}"
    )
    for r in rows:
        rate = r["count"] / r["seconds"] if r["seconds"] else 0
        print(f"{r['phase']:<9} {r['count']:>9} {r['seconds']:>8.2f} {r['cpu']:>7.2f} {rate:>9.0f} "
              f"{r['rss_mb']:>12.1f} {r['bytes'] / 1e6:>8.1f}")  # fmt: skip
    slow = [
        r for r in rows if r["phase"] != "generate" and r["size"] >= 100000 and r["seconds"] > 10
    ]
    if slow:
        print("over the 10 s target: " + ", ".join(r["phase"] for r in slow))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
