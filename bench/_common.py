"""Small helpers shared by the benchmarks: timing, peak memory, percentiles, tables.

Nothing here knows about Concord; any bench script may import it::

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _common import Timer, run_measured, percentile, format_table, machine_info
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# -- time -----------------------------------------------------------------------------------


class Timer:
    """``with Timer() as t: ...`` then ``t.seconds`` (perf_counter wall time)."""

    def __init__(self) -> None:
        self.start = 0.0
        self.seconds = 0.0

    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start


def percentile(values: Sequence[float], p: float) -> float:
    """The *p*-th percentile (0-100) with linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * p / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


# -- memory ---------------------------------------------------------------------------------


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def peak_rss_self() -> int:
    """Peak resident set size of this process, in bytes (VmHWM when /proc has it)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return _maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def current_rss_self() -> int:
    """Current resident set size of this process in bytes (0 when unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


@dataclass
class RunResult:
    cmd: list[str]
    returncode: int
    seconds: float  # wall time, measured from outside
    max_rss: int  # peak RSS of the child, bytes
    stdout: str
    stderr: str

    def check(self, ok_codes: Sequence[int] = (0,)) -> RunResult:
        if self.returncode not in ok_codes:
            raise RuntimeError(
                f"{' '.join(self.cmd)} exited with {self.returncode}:\n{self.stderr[-2000:]}"
            )
        return self


def _vm_hwm(pid: int) -> int:
    """VmHWM of a live process in bytes (0 when gone or unknown)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_measured(
    cmd: Sequence[str],
    *,
    env: dict | None = None,
    cwd: str | None = None,
    stdin: str | None = None,
    poll: float = 0.01,
) -> RunResult:
    """Run *cmd* to completion: wall time (from outside) and the child's own peak RSS.

    Peak RSS is the child's VmHWM, polled from /proc every *poll* seconds (the high-water
    mark only grows, so the last reading before exit is the peak, short of growth in the
    final few milliseconds). It is not ru_maxrss from wait4: Linux seeds a child's
    ru_maxrss with the parent's RSS at fork+exec, so a benchmark holding 500 MB would make
    every child look at least that large. Without /proc, ru_maxrss is all there is.
    """
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        inp = None
        if stdin is not None:
            inp = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
            inp.write(stdin.encode())
            inp.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=inp, env=env, cwd=cwd)
        peak = [0]
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _vm_hwm(proc.pid))
                done.wait(poll)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            rusage_rss = _maxrss_bytes(usage.ru_maxrss)
        else:  # pragma: no cover
            proc.wait()
            seconds = time.perf_counter() - start
            rusage_rss = _maxrss_bytes(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        done.set()
        watcher.join()
        if inp is not None:
            inp.close()
        out.seek(0)
        err.seek(0)
        return RunResult(
            cmd,
            proc.returncode,
            seconds,
            peak[0] or rusage_rss,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def dir_size(path: str | os.PathLike[str]) -> int:
    """Total size in bytes of the files below *path* (0 when missing)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


# -- formatting -----------------------------------------------------------------------------


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000.0
    return f"{n:.1f} GB"  # pragma: no cover


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000.0
    if ms != ms:  # nan
        return "n/a"
    return f"{ms:.3f} ms" if ms < 10 else f"{ms:.1f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table (Markdown-compatible pipes), CJK-width aware."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return (
            "| "
            + " | ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
            + " |"
        )

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), sep, *(line(r) for r in cells[1:])])


def machine_info() -> dict:
    """What the figures were taken on."""
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    if hasattr(os, "sched_getaffinity"):
        info["cpus_usable"] = len(os.sched_getaffinity(0))
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    info["memory"] = fmt_bytes(int(line.split()[1]) * 1024)
                    break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["loadavg"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def log(message: str) -> None:
    """Progress to stderr, with a timestamp, flushed (benches run for minutes)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
