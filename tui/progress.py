"""Progress for long work: a bar on a terminal, silence when output is piped."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    ``Progress(total, label)`` then ``advance(n)`` or ``update(done)``; use as a context
    manager so the line is cleared at the end. Redraws at most ten times a second.
    """

    def __init__(
        self,
        total: int | None,
        label: str = "",
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self._last = 0.0
        self._start = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    def update(self, done: int, label: str | None = None) -> None:
        self.done = done
        if label is not None:
            self.label = label
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and (self.total is None or done < self.total):
            return
        self._last = now
        self._draw()

    def _draw(self) -> None:
        width = 30
        elapsed = time.monotonic() - self._start
        if self.total:
            frac = min(1.0, self.done / self.total)
            bar = "█" * int(frac * width) + "░" * (width - int(frac * width))
            text = f"\r{self.label} {bar} {self.done}/{self.total} {elapsed:5.1f}s"
        else:
            text = f"\r{self.label} {self.done} {elapsed:5.1f}s"
        self.stream.write(text[:200] + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
