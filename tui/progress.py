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

    def columns(self) -> int:
        """The terminal's width: ``$COLUMNS`` when set, else that of the stream, else 80."""
        env = os.environ.get("COLUMNS", "")
        if env.isdigit() and int(env) > 0:
            return int(env)
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):  # not a terminal, or no file at all
            return 80

    def line(self, columns: int) -> str:
        """The progress line in fewer than *columns* cells (a line as wide as the terminal
        wraps on some): the label is cut first, so the bar and the counts stay."""
        # Imported here: rich is not needed until a bar is drawn (the command line starts fast).
        from rich.cells import cell_len

        from tui.widgets.cells import truncate
        from tui.widgets.one_line import one_line

        room = columns - 1
        elapsed = time.monotonic() - self._start
        if self.total:
            width = max(10, min(30, room // 3))
            filled = int(min(1.0, self.done / self.total) * width)
            bar = "█" * filled + "░" * (width - filled)
            rest = f" {bar} {self.done}/{self.total} {elapsed:5.1f}s"
        else:
            rest = f" {self.done} {elapsed:5.1f}s"
        # A label is a file name, maybe Chinese (two cells a character) or with a tab in it.
        label = truncate(one_line(self.label), room - cell_len(rest))
        return truncate((label + rest).lstrip(), room)

    def _draw(self) -> None:
        self.stream.write("\r" + self.line(self.columns()) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
