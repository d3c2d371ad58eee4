"""The counting pass of a large input, split over the machine's cores.

The parent forks after the rules (jieba's dictionary, the user words) are built and have read
a few segments (whatever they load lazily is then loaded once, and shared), so workers start
at once with nothing to pickle on the way in. The segments are cut into contiguous ranges of
about equal text; the parent counts the first range itself (its caches stay warm for ranking
and pairing), each worker one of the others. A worker sends back its counts (keys interned, so
a key is pickled once) and its memoised occurrences, in pieces (no copy of the whole in
memory at once); the parent merges them in range order, which gives the same lists, counts
and insertion orders as one process reading every segment in turn.

Small inputs, machines with one core, platforms without ``fork`` and a parent that already
runs threads (forking those is unsafe) stay serial: :func:`count` returns False and does
nothing.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import threading
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from glossary.extract.analysis import Analysis

# Below this many segments the pass takes a second or two; forking, pickling the counts back
# and merging them would eat most of what a second process saves.
MIN_SEGMENTS = 5000
# Each worker holds its own copies of the pages it touches (a few hundred MB on a big corpus).
MAX_PROCESSES = 4
SEGMENT_WEIGHT = 40  # fixed cost of a segment, in characters of text
WARM_UP = 200  # segments the parent reads before forking
MEMO_CHUNK = 4000  # segments' memoised occurrences per message (a few MB)

DoneFn = Callable[[int], None]
ReadFn = Callable[["Analysis", int, int, DoneFn], None]


def count(
    analysis: Analysis,
    read: ReadFn,
    done: DoneFn,
    *,
    min_segments: int | None = None,
    processes: int | None = None,
) -> bool:
    """Count *analysis.segments* with ``read(part, lo, hi, done)`` over several processes.

    Returns False, having done nothing, when one process is the better choice; the caller
    then reads everything itself. *done* gets the number of segments read in all processes.
    *min_segments* and *processes* default to MIN_SEGMENTS and the cores this process may use.
    """
    total = len(analysis.segments)
    n = min(processes or _cores(), MAX_PROCESSES)
    if total < (MIN_SEGMENTS if min_segments is None else min_segments):
        return False
    if n < 2 or not _can_fork():
        return False
    ranges = _split(analysis, n)
    progress = [0] * len(ranges)  # segments read in each range

    def report(k: int, n_done: int) -> None:
        progress[k] = n_done
        done(sum(progress))

    def poll(n_done: int) -> None:  # the parent's own count, and what the workers said meanwhile
        for k, worker in enumerate(workers, 1):
            worker.take()
            progress[k] = worker.read
        report(0, n_done)

    lo, hi = ranges[0]
    warm = min(hi, lo + WARM_UP)
    read(analysis, lo, warm, lambda n_done: report(0, n_done))
    workers = _start(analysis, read, ranges[1:])
    try:
        read(analysis, warm, hi, lambda n_done: poll(warm - lo + n_done))
        for k, worker in enumerate(workers, 1):
            if worker.wait(lambda n_done, k=k: report(k, n_done)):
                worker.merge_into(analysis)
            else:  # the worker died: read its range here, in its place
                read(analysis, *ranges[k], lambda n_done, k=k: report(k, n_done))
    finally:
        for worker in workers:
            worker.stop()
    return True


class _Worker:
    """A forked process counting one range, and the pipe its messages come through."""

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.read = 0  # segments read, as last reported
        self.counts: dict[str, Any] = {}  # "src", "tgt", "analysis" -> counted fields
        self.memos: dict[str, list[bytes | None]] = {}  # side -> memo of each segment
        self.finished = False
        self.ok = False

    def take(self) -> None:
        """Read the messages waiting in the pipe, without blocking."""
        while not self.finished and self.conn.poll():
            self._receive()

    def wait(self, report: DoneFn) -> bool:
        """Receive everything the worker sends, reporting its progress; False if it failed."""
        report(self.read)
        while not self.finished:
            self._receive()
            report(self.read)
        return self.ok

    def _receive(self) -> None:
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            message = ("failed",)
        kind = message[0]
        if kind == "progress":
            self.read = message[1]
        elif kind == "counts":
            self.counts[message[1]] = message[2]
        elif kind == "memo":
            self.memos.setdefault(message[1], []).extend(message[2])
        else:
            self.finished = True
            self.ok = kind == "done"

    def merge_into(self, analysis: Analysis) -> None:
        """Add this range's counts to *analysis* (so its lists and orders go on as one)."""
        start = len(analysis.src.texts)  # where this range's segments go
        for name in ("src", "tgt"):
            side = getattr(analysis, name)
            if side is not None:
                for field, value in self.counts[name].items():
                    _merge(getattr(side, field), value)
        for field, value in self.counts["analysis"].items():
            _merge(getattr(analysis, field), value)
        for name, memo in self.memos.items():
            side = getattr(analysis, name)
            side.rules.add_memo(zip(side.texts[start:], memo, strict=False))
        self.counts, self.memos = {}, {}  # merged: not kept twice

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _start(analysis: Analysis, read: ReadFn, ranges: list[tuple[int, int]]) -> list[_Worker]:
    ctx = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    # Frozen objects are left alone by a worker's garbage collector, so it does not copy the
    # pages of the parent's heap just to walk them.
    gc.freeze()
    try:
        for lo, hi in ranges:
            recv, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_work, args=(send, analysis, read, lo, hi), daemon=True)
            process.start()
            send.close()
            workers.append(_Worker(process, recv))
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    finally:
        gc.unfreeze()
    return workers


def _work(conn: Connection, analysis: Analysis, read: ReadFn, lo: int, hi: int) -> None:
    """A worker's life: count one range into an empty analysis and send the counts back."""
    try:
        part = _blank(analysis)
        read(part, lo, hi, lambda n_done: conn.send(("progress", n_done)))
        sides = {name: getattr(part, name) for name in ("src", "tgt")}
        for name, side in sides.items():
            conn.send(("counts", name, None if side is None else _counts(side)))
        conn.send(("counts", "analysis", _counts(part)))
        for name, side in sides.items():
            if side is not None:
                # By segment rather than by text: the parent has the texts already.
                memo = side.rules.memo()
                texts = side.texts
                for i in range(0, len(texts), MEMO_CHUNK):
                    conn.send(("memo", name, [memo.get(t) for t in texts[i : i + MEMO_CHUNK]]))
        conn.send(("done",))
    except Exception:  # the parent reads the range again itself, and raises if it must
        conn.send(("failed",))
    finally:
        conn.close()


def _blank(analysis: Analysis) -> Analysis:
    """An analysis of the same segments with the same rules and nothing counted."""

    def side(s):
        return None if s is None else type(s)(s.rules)

    return type(analysis)(analysis.segments, side(analysis.src), side(analysis.tgt))


_NOT_COUNTS = ("rules", "segments", "src", "tgt")


def _counts(obj: Any) -> dict[str, Any]:
    """The counted fields of a Side or an Analysis (not its rules or input)."""
    return {
        f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in _NOT_COUNTS
    }


def _merge(into: Any, more: Any) -> None:
    """Merge counts in place: lists go on, counters add up, sets join, dicts merge per key.

    New keys come in after the existing ones in their first-seen order, as they would in one
    process. A field of any other kind is an error rather than a silent loss.
    """
    if isinstance(into, list):
        into.extend(more)
    elif isinstance(into, Counter):
        into.update(more)
    elif isinstance(into, set):
        into |= more
    elif isinstance(into, dict):
        for key, value in more.items():
            if key in into:
                _merge(into[key], value)
            else:
                into[key] = value
    else:
        raise TypeError(f"cannot merge counts of type {type(into).__name__}")


def _split(analysis: Analysis, n: int) -> list[tuple[int, int]]:
    """*n* contiguous ranges of segments with about as much text each."""
    segments = analysis.segments
    weights = [len(s.source) + len(s.target or "") + SEGMENT_WEIGHT for s in segments]
    total = sum(weights)
    bounds = [0]
    acc = 0
    for i, w in enumerate(weights):
        acc += w
        if len(bounds) < n and acc >= total * len(bounds) / n:
            bounds.append(i + 1)
    bounds.append(len(segments))
    return [(lo, hi) for lo, hi in zip(bounds, bounds[1:], strict=False) if hi > lo]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.current_process().daemon
    )
