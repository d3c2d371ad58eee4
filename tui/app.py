"""The review workbench: one factory builds the app for ``concord review`` and for the tests.

``make_review_app(db_path)`` returns a ready ``ReviewApp``; the command line runs it, the
tests drive it with Pilot. The app owns a ``ReviewSession``: the store connection used for
writes (on the UI thread), the languages under review, and the memory for concordance
and fuzzy lookups (used from worker threads, one at a time).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from glossary.model import Concept
from glossary.store import GlossaryStore, default_user
from tm.db import connect
from tm.errors import ConcordError, UsageError


class ReviewSession:
    """What the screens share: the store, the language pair, the memory, this session's edits."""

    def __init__(
        self,
        db_path: str | Path,
        src: str | None = None,
        tgt: str | None = None,
        who: str | None = None,
        use_memory: bool = True,
    ) -> None:
        self.db_path = Path(db_path)
        self.store = GlossaryStore.open(self.db_path)
        self.who = who or default_user()
        langs = self.languages()
        self.src = src or _pick_lang(langs, "en") or (langs[0] if langs else "en")
        self.tgt = (
            tgt
            or _pick_lang(langs, "zh", exclude=self.src)
            or next((x for x in langs if x != self.src), "zh-CN")
        )
        self.use_memory = use_memory
        # The findings screen's last result (kept while the app runs) and what it came from:
        # the checks the termbase could not serve, and the termbase version they ran on
        # (None for a saved report).
        self.findings: list | None = None
        self.findings_origin = ""
        self.findings_skipped: list[str] = []
        self.findings_version: tuple | None = None
        # And how it was shown, there again when the screen is reopened: the filter, the
        # grouping, the highlighted finding (a ``tui.screens.findings.ListPlace``).
        self.findings_filter = ""
        self.findings_order = "check"
        self.findings_place = None
        self.my_batches: set[int] = set()
        self._memory = None
        self._memory_lock = threading.Lock()
        self._data_version = self._version()

    def languages(self) -> list[str]:
        """The languages of the termbase (not ``store.stats()``: that counts everything)."""
        return [
            r[0]
            for r in self.store.conn.execute(
                "SELECT DISTINCT lang FROM glossary_term ORDER BY lang"
            )
        ]

    # --- reading from workers ---------------------------------------------------------

    def reader(self) -> sqlite3.Connection:
        """A fresh connection for a worker thread (the UI's own stays on the UI thread)."""
        return connect(self.db_path)

    @contextlib.contextmanager
    def memory(self) -> Iterator[object | None]:
        """The translation memory (``tm.search.Memory``), one thread at a time; None if empty."""
        if not self.use_memory:
            yield None
            return
        with self._memory_lock:
            if self._memory is None:
                from tm.search import Memory
                from tm.store import SQLiteStore

                self._memory = Memory(SQLiteStore(self.db_path))
            store = self._memory.store
            yield self._memory if store.count_units() else None

    # --- writing ---------------------------------------------------------------------------

    def save(self, concept: Concept, action: str, summary: str) -> None:
        """Write *concept* at once, as one undoable edit recorded under this session."""
        with self.store.edit(action, self.who, summary) as batch:
            self.store.update(concept, self.who)
        self.my_batches.add(batch)
        self._data_version = self._version()

    def undo(self, redo: bool = False) -> tuple[str, list[int]]:
        """Undo (or redo) this session's latest edit; returns its label and the concepts touched."""
        conn = self.store.conn
        if redo:
            row = conn.execute(
                "SELECT id, action, summary FROM glossary_batch WHERE undone = 1 ORDER BY id LIMIT 1"
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT id, action, summary FROM glossary_batch WHERE undone = 0 "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        verb = "redo" if redo else "undo"
        if row is None or row[0] not in self.my_batches:
            if row is None:
                raise UsageError(f"nothing to {verb}")
            what = f"{row[1]} {row[2] or ''}".strip()
            raise UsageError(
                f"nothing of this session to {verb}: the latest edit is '{what}' "
                f"(concord glossary {verb} undoes it)"
            )
        entry = self.store.redo(self.who) if redo else self.store.undo(self.who)
        if entry is None:
            raise UsageError(f"nothing to {verb}")
        touched = [
            r[0]
            for r in conn.execute(
                "SELECT concept_id FROM glossary_history WHERE batch_id = ?", (entry.batch_id,)
            )
        ]
        self._data_version = self._version()
        return f"{entry.action} {entry.summary or ''}".strip(), touched

    # --- other instances -------------------------------------------------------------------

    def _version(self) -> int:
        return self.store.conn.execute("PRAGMA data_version").fetchone()[0]

    def termbase_version(self) -> tuple:
        """Changes with every edit, undo and redo of the termbase, from any connection."""
        # Every change is a batch (an edit adds one; undo and redo flip its "undone").
        row = self.store.conn.execute("SELECT max(id), total(undone) FROM glossary_batch")
        return tuple(row.fetchone())

    def changed_elsewhere(self) -> bool:
        """True once another connection (another instance, a CLI edit) committed a change."""
        version = self._version()
        if version != self._data_version:
            self._data_version = version
            return True
        return False

    def close(self) -> None:
        self.store.close()
        if self._memory is not None:
            self._memory.store.close()


def _pick_lang(langs: list[str], want: str, exclude: str | None = None) -> str | None:
    from tm.lang import lang_matches

    return next((x for x in langs if lang_matches(want, x) and x != exclude), None)


class ReviewApp(App[None]):
    """Concord's review workbench."""

    CSS_PATH = "review.tcss"
    TITLE = "Concord review"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        poll_seconds: float | None = 2.0,
        start_with_findings: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.poll_seconds = poll_seconds
        self.start_with_findings = start_with_findings
        self.sub_title = f"{session.db_path.name} · {session.src} → {session.tgt}"

    def get_default_screen(self) -> Screen:
        from tui.screens.terms import TermsScreen

        return TermsScreen()

    def on_mount(self) -> None:
        if self.start_with_findings:
            self.action_findings()

    def action_findings(self) -> None:
        from tui.screens.findings import FindingsScreen

        if not isinstance(self.screen, FindingsScreen):
            self.push_screen(FindingsScreen())

    def on_unmount(self) -> None:
        self.session.close()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def show_error(self, exc: BaseException) -> None:
        """The TUI face of an error: a notification with the same text the CLI prints."""
        text = str(exc) if isinstance(exc, ConcordError) else f"{type(exc).__name__}: {exc}"
        self.notify(text, title="Error", severity="error", timeout=8)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui.screens.transfer import EXPORTS, IMPORTS

        for title, fmt, default in EXPORTS:
            yield SystemCommand(
                f"Export {title}",
                f"write the termbase to a file ({default})",
                lambda fmt=fmt, default=default: self._transfer("export", fmt, default),
            )
        for title, fmt, default in IMPORTS:
            yield SystemCommand(
                f"Import {title}",
                f"add concepts from a file into the termbase ({default})",
                lambda fmt=fmt, default=default: self._transfer("import", fmt, default),
            )
        yield SystemCommand("Memory search", "fuzzy matches and concordance", self._memory)
        yield SystemCommand(
            "Findings", "check the memory against the termbase", self.action_findings
        )
        yield SystemCommand("Refresh", "reload the termbase from the store", self._refresh)
        yield SystemCommand("Help", "keys and screens", self.action_help)
        yield from super().get_system_commands(screen)

    def _transfer(self, direction: str, fmt: str, default: str) -> None:
        from tui.screens.transfer import TransferScreen

        self.push_screen(TransferScreen(direction, fmt, default))

    def _memory(self) -> None:
        from tui.screens.memory import MemoryScreen

        self.push_screen(MemoryScreen())

    def _refresh(self) -> None:
        from tui.screens.terms import TermsScreen

        for screen in self.screen_stack:
            if isinstance(screen, TermsScreen):
                screen.action_refresh()


def make_review_app(
    db_path: str | Path,
    *,
    src: str | None = None,
    tgt: str | None = None,
    who: str | None = None,
    use_memory: bool = True,
    poll_seconds: float | None = 2.0,
    findings: str | Path | None = None,
) -> ReviewApp:
    """Build the review app on the store at *db_path* (the CLI and the tests both call this).

    *findings* is a saved ``concord check --format json`` report: the app opens on it
    (an unreadable file raises ``InputError`` here, before any screen).
    """
    from tm.lang import normalize_lang

    session = ReviewSession(
        db_path,
        src=normalize_lang(src) if src else None,
        tgt=normalize_lang(tgt) if tgt else None,
        who=who,
        use_memory=use_memory,
    )
    if findings is not None:
        from tui.screens.findings import load_findings

        try:
            session.findings = load_findings(findings)
        except ConcordError:
            session.close()
            raise
        session.findings_origin = f"from {Path(findings).name}"
    return ReviewApp(session, poll_seconds=poll_seconds, start_with_findings=findings is not None)
