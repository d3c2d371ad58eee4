"""One exception hierarchy for every part of Concord.

The command line prints these as ``concord: error: FILE:LINE:COL: reason`` and exits with a
meaningful code; the terminal UI shows the same text as a notification.
"""

from __future__ import annotations


class ConcordError(Exception):
    """Base of every error Concord reports to a person."""

    exit_code = 2


class UsageError(ConcordError):
    """The command was asked something it cannot do (bad flag combination, unknown language)."""


class InputError(ConcordError):
    """An input file (or entry) cannot be read; names the file and, where known, line and column."""

    def __init__(
        self,
        reason: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [str(part) for part in (self.file, self.line, self.column) if part is not None]
        return f"{':'.join(where)}: {self.reason}" if where else self.reason


class StoreError(ConcordError):
    """The store cannot be opened, migrated or written."""
