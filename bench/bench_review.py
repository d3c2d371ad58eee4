"""Benchmark: the review workbench on a generated termbase (default 50k candidates).

    python bench/bench_review.py [--size 50000] [--word integration] [--db /tmp/rv50k.db]

Headless at 120x35, the memory holding the seed press conference. Two ways of timing a key:

* **key → painted** (what the user sees): the key event is sent, then the clock stops at the
  first frame the compositor produces once the screen shows the new state: for the filter,
  the rows of the typed text *and* the detail and concordance of the selected row; for a
  move, the detail and the concordance (memory lookup finished) of the new row. A debounced
  pane therefore counts in full. Each frame is also rendered to terminal bytes (which the
  headless driver skips) so that cost is in the figure.
* **Pilot** round trip: ``pilot.press(key)`` plus ``pilot.pause()`` (plus waiting for the
  workers after a move). Pilot adds a fixed cost of its own (three idle waits of at least
  20 ms each); a key nothing is bound to measures it, and the table shows both the raw
  figure and the figure net of that baseline's median.

First screen: from building the app until the frame that shows the table and the first
row's detail (and, separately, its concordance). A cold ``concord review`` adds the start of
the interpreter and the imports, timed apart in fresh processes.

Targets (issue): first screen < 1 s; filter < 100 ms per key; selection move < 100 ms.
The machine may be shared: the load average and the CPU use of the whole machine during
the run are printed with the table, and for the key → painted figures the CPU time the
process used meanwhile (all threads), which the load does not inflate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
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


class Frames:
    """Watches the frames the app paints; wakes a waiter at the first frame where its
    condition holds. Each frame is rendered to terminal bytes as a real terminal needs."""

    def __init__(self, app) -> None:
        self.app = app
        self.condition: Callable[[], bool] | None = None
        self.event = asyncio.Event()
        self.at = 0.0
        self.count = 0
        display = app._display

        def watched(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            self.count += 1
            if self.condition is not None and self.condition():
                self.at = time.perf_counter()
                self.condition = None
                self.event.set()

        app._display = watched

    async def until(self, condition: Callable[[], bool], timeout: float = 10.0) -> float:
        """Wait for the first frame painted while *condition* holds; its time."""
        self.event.clear()
        self.condition = condition
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            self.condition = None
            raise RuntimeError("no frame showed the expected state") from None
        return self.at


def send_key(app, key: str) -> None:
    """What ``Pilot.press`` does for one key, without its waits."""
    from textual import events

    char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


def import_seconds(runs: int = 3) -> list[float]:
    """Start-up cost the in-process figures leave out: a fresh interpreter importing the CLI,
    the app and the widgets of the first screen."""
    import subprocess

    code = (
        "import tui.cli, tui.app, tui.screens.terms; "
        "from textual.widgets import Input, Static, TabbedContent, TabPane"
    )
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        times.append(time.perf_counter() - t)
    return times


def cpu_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            values = [float(v) for v in fh.readline().split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0.0)
    return sum(values) - idle, sum(values)


async def drive(db: Path, word: str, moves: int) -> dict[str, list[float]]:
    from tui.app import make_review_app

    r: dict[str, list[float]] = {
        k: []
        for k in (
            "first",
            "first_conc",
            "full",
            "noop",
            "filter_pilot",
            "filter_paint",
            "move_pilot",
            "move_paint",
            "filter_cpu",
            "move_cpu",
            "rows",
        )
    }
    start = time.perf_counter()
    app = make_review_app(db, poll_seconds=None)
    frames = Frames(app)
    shown_for: dict[str, int | None] = {"concordance": None}

    async with app.run_test(size=(120, 35)) as pilot:
        screen = app.screen
        while not hasattr(screen, "_looked_up"):
            await asyncio.sleep(0.001)
            screen = app.screen
        looked_up = screen._looked_up

        def wrapped(db_id, *args, **kw):
            looked_up(db_id, *args, **kw)
            current = screen.table.current
            if current is not None and current.db_id == db_id:
                shown_for["concordance"] = db_id

        screen._looked_up = wrapped
        apply_filter = screen.apply_filter
        applied = {"text": ""}

        def wrapped_filter(*args, **kw):
            applied["text"] = screen.query_one("#filter").value
            apply_filter(*args, **kw)

        screen.apply_filter = wrapped_filter

        def detail_shown() -> bool:
            current = screen.table.current
            concept = screen.detail.concept
            return current is not None and concept is not None and concept.db_id == current.db_id

        def all_shown() -> bool:
            return detail_shown() and shown_for["concordance"] == screen.table.current.db_id

        r["first"].append(await frames.until(detail_shown) - start)
        r["first_conc"].append(await frames.until(all_shown) - start)
        while not screen.loaded:
            await asyncio.sleep(0.002)
        r["full"].append(time.perf_counter() - start)
        await app.workers.wait_for_complete()
        await pilot.pause()

        for _ in range(10):  # Pilot's own cost: a key nothing is bound to
            t = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            r["noop"].append(time.perf_counter() - t)
        r["rows"].append(len(screen.table.rows))

        from textual.widgets import Input

        field = screen.query_one("#filter", Input)

        def filtered(text: str) -> Callable[[], bool]:
            def check() -> bool:
                return field.value == text and applied["text"] == text and all_shown()

            return check

        async def clear_filter() -> None:
            await pilot.press("ctrl+u")
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause()

        # The filter, through Pilot.
        await pilot.press("slash")
        for ch in word:
            t = time.perf_counter()
            await pilot.press(ch)
            await pilot.pause()
            r["filter_pilot"].append(time.perf_counter() - t)
        r["rows"].append(len(screen.table.rows))
        await clear_filter()

        # The filter, key → painted (each key once the previous one has settled).
        for n, ch in enumerate(word, 1):
            t, cpu = time.perf_counter(), time.process_time()
            send_key(app, ch)
            r["filter_paint"].append(await frames.until(filtered(word[:n])) - t)
            r["filter_cpu"].append(time.process_time() - cpu)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await clear_filter()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()

        # Selection moves, through Pilot (workers finished).
        for _ in range(moves):
            t = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            await app.workers.wait_for_complete()
            r["move_pilot"].append(time.perf_counter() - t)

        # Selection moves, key → painted (detail and concordance of the new row).
        for _ in range(moves):
            before = screen.table.cursor
            t, cpu = time.perf_counter(), time.process_time()
            send_key(app, "down")
            r["move_paint"].append(
                await frames.until(lambda b=before: screen.table.cursor == b + 1 and all_shown())
                - t
            )
            r["move_cpu"].append(time.process_time() - cpu)
            await app.workers.wait_for_complete()
            await pilot.pause()
    return r


def findings_filter(n: int = 10_000) -> list[float]:
    """Seconds per filter text over *n* findings (the findings screen), keys built once."""
    from glossary.checks.model import Finding
    from tui.widgets.finding_filter import FindingFilter, build_keys
    from tui.widgets.finding_table import group_lines, order_findings

    findings = [
        Finding(
            check=("missing-term", "numbers", "term-variance", "placeholders")[k % 4],
            severity=("error", "warning", "info")[k % 3],
            message=f"'term {k}' is not rendered as '术语{k}'",
            source=f"Segment {k}: the central SOEs act as the national team and ballast.",
            target=f"第{k}段：中央企业发挥国家队和压舱石作用，推进专业化整合。",
            file=f"docs/file{k % 50}.po",
            line=k,
            term=f"term {k}",
        )
        for k in range(n)
    ]
    ordered = order_findings(findings, "check")
    flt = FindingFilter()
    flt.set_keys(findings, build_keys(findings))
    times = []
    for text in ("n", "na", "nat", "压", "压舱", "ＳＯＥｓ", "check:numbers", "sev:e 整合", "zz"):
        start = time.perf_counter()
        group_lines(flt(ordered, text), "check")
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--word", default="integration")
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--db", type=Path, help="reuse this store (built there when missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            t = time.perf_counter()
            build(db, args.size)
            print(
                f"generated {args.size:,} candidates in {time.perf_counter() - t:.1f} s",
                file=sys.stderr,
            )
        imports = import_seconds()
        load_before = os.getloadavg()
        busy0, total0 = cpu_busy()
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        r = asyncio.run(drive(db, args.word, args.moves))
        wall = time.perf_counter() - wall0
        ours = time.process_time() - cpu0
        busy1, total1 = cpu_busy()
        load_after = os.getloadavg()

    ncpu = os.cpu_count() or 1
    machine = (busy1 - busy0) / (total1 - total0) * 100 if total1 > total0 else float("nan")
    mine = ours / wall / ncpu * 100
    base = percentile(r["noop"], 50)

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    def row(name: str, values: list[float], target: float | None, net: bool = False) -> list:
        med, worst = percentile(values, 50), max(values)
        cells = [name, ms(med), ms(worst)]
        cells += [f"{ms(med - base)} / {ms(worst - base)}" if net else ""]
        ok = "" if target is None else ("yes" if worst < target else "NO")
        return [*cells, f"< {target * 1000:.0f} ms" if target else "-", ok]

    rows = [
        row("first screen: table + detail painted", r["first"], 1.0),
        row("first screen: + concordance painted", r["first_conc"], None),
        row("(fresh process: interpreter + imports, not above)", imports, None),
        row("whole termbase loaded", r["full"], None),
        row("Pilot baseline: a key bound to nothing", r["noop"], None),
        row(f"filter per key ({len(args.word)} keys), key → painted", r["filter_paint"], 0.1),
        row("  CPU time of this process meanwhile", r["filter_cpu"], None),
        row("filter per key, Pilot press+pause", r["filter_pilot"], None, net=True),
        row(f"selection move ({args.moves}), key → painted", r["move_paint"], 0.1),
        row("  CPU time of this process meanwhile", r["move_cpu"], None),
        row("selection move, Pilot press+pause+workers", r["move_pilot"], None, net=True),
        row("findings filter per text (10,000 findings)", findings_filter(), 0.1),
    ]
    print(
        f"{args.size:,} candidates; {r['rows'][0]:,} pending shown; "
        f"{r['rows'][1]:,} rows match {args.word!r}"
    )
    print(
        f"load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' '.join(f'{x:.2f}' for x in load_after)} after; {ncpu} CPUs; "
        f"whole machine {machine:.0f}% busy during the run, this process {mine:.0f}% of it"
    )
    print(
        format_table(
            ["measure", "median", "worst", "net of baseline (med / worst)", "target", "ok"],
            rows,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
