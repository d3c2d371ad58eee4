"""The findings of ``concord check`` over the memory in the store, or a saved JSON report.

The checks run in a thread worker that posts its progress; Enter on a finding goes back to
the term table on the concept of the finding's term (or, for a finding about no term, to
the memory search on its source segment).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from glossary.checks.model import SEVERITIES, Finding
from tm.errors import InputError
from tui.widgets.finding_table import ORDERS, FindingTable, place
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_pane import TextPane

_FIELDS = ("check", "message", "source", "target", "file", "line", "severity", "term")


def load_findings(path: str | Path) -> list[Finding]:
    """The findings of a ``concord check --format json`` output file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the findings: {exc.strerror or exc}", str(path)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON report of concord check: {exc}", str(path)) from exc
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError("not a JSON report of concord check (no 'findings' list)", str(path))
    findings = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("check"), str):
            raise InputError(f"finding {n} is not a finding object", str(path))
        kw = {k: item.get(k) for k in _FIELDS if item.get(k) is not None}
        kw.setdefault("message", "")
        kw.setdefault("source", "")
        kw.setdefault("target", "")
        if kw.get("severity") not in SEVERITIES:
            kw["severity"] = "warning"
        span = item.get("span")
        findings.append(
            Finding(
                **kw,
                expected=[str(e) for e in item.get("expected") or []],
                context=item.get("context"),
                where=item.get("where"),
                span=tuple(span) if isinstance(span, list) and len(span) == 2 else None,
                details=item.get("details") or {},
            )
        )
    return findings


def about_term(finding: Finding) -> bool:
    """True for the findings of the termbase checks (their term is a termbase term)."""
    from glossary.checks.registry import CHECKS

    check = CHECKS.get(finding.check)
    return bool(finding.term) and check is not None and check.needs_termbase


class FindingDetail(TextPane):
    """The selected finding: its message, both texts with the term marked, the fix."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.finding: Finding | None = None

    def show(self, finding: Finding | None) -> None:
        self.finding = finding
        self.update_content()

    def content(self, width: int) -> Text:
        f = self.finding
        if f is None:
            return Text("No finding selected.", style="dim italic")
        style = {"error": "bold red", "warning": "yellow", "info": "dim"}.get(f.severity, "")
        text = Text()
        text.append(f.severity, style=style)
        text.append(f" {f.check}", style="bold")
        text.append(f"  {place(f)}\n", style="dim")
        text.append(f.message + "\n")
        for side in ("source", "target"):
            value = getattr(f, side)
            text.append(f"{side:<7} ", style="bold")
            line = Text(value.replace("\n", " "))
            if f.where == side and f.span is not None:
                line.stylize("bold reverse", *f.span)
            elif f.term and side == "source":
                start = value.casefold().find(f.term.casefold())
                if start >= 0:
                    line.stylize("bold reverse", start, start + len(f.term))
            text.append_text(line)
            text.append("\n")
        if f.expected:
            text.append("expect  ", style="bold")
            text.append(", ".join(f.expected) + "\n", style="green")
        hint = "Enter: this term in the termbase" if about_term(f) else "Enter: search the memory"
        text.append(hint, style="dim italic")
        return text


class FindingsScreen(Screen):
    """Run the checks (or read a saved report) and go through the findings."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Show term", show=True),
        Binding("o", "cycle_order", "Group"),
        Binding("r", "run", "Re-run"),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int | None) -> None:
            self.done = done
            self.total = total
            super().__init__()

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[Finding] = []
        self.summary = ""
        self.running = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="findings-bar"):
            yield Static(id="findings-status")
            yield ProgressBar(id="findings-progress", show_eta=False)
        yield FindingTable(id="findings")
        yield FindingDetail(id="finding-detail")
        yield KeyBar()

    @property
    def table(self) -> FindingTable:
        return self.query_one(FindingTable)

    def on_mount(self) -> None:
        self.table.focus()
        session = self.app.session
        if session.findings is not None:
            self._show(session.findings, session.findings_origin)
        else:
            self.action_run()

    # --- running ----------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.running:
            return
        self.running = True
        self.table.lines = []
        self.table.empty_text = "Checking the memory…"
        self.table.refresh()
        self.query_one("#findings-progress").display = True
        self._status("Checking the memory against the termbase…")
        self.run_checks()

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def run_checks(self) -> None:
        from glossary.checks import CheckTermbase, load_config, run_checks
        from glossary.checks.inputs import store_segments
        from glossary.checks.termbase import load_store_concepts
        from tm.store import SQLiteStore

        session = self.app.session
        worker = get_current_worker()
        config = load_config()
        concepts = load_store_concepts(session.db_path)
        termbase = CheckTermbase(concepts) if concepts else None
        store = SQLiteStore(session.db_path)
        try:
            total = store.count_units()
            self.post_message(self.Progress(0, total))
            done = 0
            last = time.monotonic()

            def on_segment(_segment) -> None:
                nonlocal done, last
                done += 1
                now = time.monotonic()
                if now - last > 0.1:
                    last = now
                    if worker.is_cancelled:
                        raise _Cancelled
                    self.post_message(self.Progress(done, total))

            try:
                report = run_checks(
                    store_segments(store, session.src, session.tgt), termbase, config, on_segment
                )
            except _Cancelled:
                return
        finally:
            store.close()
        counts = f"{report.segments:,} segments checked"
        if report.skipped:
            counts += f"; without approved terms, skipped {', '.join(report.skipped)}"
        if not worker.is_cancelled:
            self.app.call_from_thread(self._done, report.findings, counts)

    def _done(self, findings: list[Finding], origin: str) -> None:
        session = self.app.session
        session.findings, session.findings_origin = findings, origin
        self._show(findings, origin)

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        bar = self.query_one("#findings-progress", ProgressBar)
        bar.update(total=event.total or None, progress=event.done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "checks":
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.running = False
            self.query_one("#findings-progress").display = False
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.table.empty_text = "The checks failed (see the notification)."
            self.table.refresh()
            self._status("The checks failed.")
            self.app.show_error(event.worker.error)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, findings: list[Finding], origin: str) -> None:
        self.findings = findings
        self.summary = origin
        self.query_one("#findings-progress").display = False
        self.table.empty_text = "No findings: the memory agrees with the termbase."
        self.table.set_findings(findings)
        self._status()

    def _status(self, note: str | None = None) -> None:
        text = Text()
        if note:
            text.append(f" {note}", style="italic")
        else:
            counts = Counter(f.severity for f in self.findings)
            text.append(f" {len(self.findings):,} findings", style="bold")
            for severity in SEVERITIES:
                if counts[severity]:
                    style = {"error": "red", "warning": "yellow"}.get(severity, "dim")
                    text.append(f" · {counts[severity]:,} {severity}", style=style)
            text.append(f" · by {self.table.order}", style="dim")
            if self.summary:
                text.append(f" · {self.summary}", style="dim")
        self.query_one("#findings-status", Static).update(text)

    @on(FindingTable.Highlighted)
    def _highlighted(self, event: FindingTable.Highlighted) -> None:
        self.query_one(FindingDetail).show(event.finding)

    def action_cycle_order(self) -> None:
        order = ORDERS[(ORDERS.index(self.table.order) + 1) % len(ORDERS)]
        self.table.set_findings(self.findings, order)
        self._status()

    # --- leaving ------------------------------------------------------------------------------

    @on(FindingTable.Activated)
    def _activated(self, event: FindingTable.Activated) -> None:
        self.open(event.finding)

    def action_open(self) -> None:
        if self.table.current is not None:
            self.open(self.table.current)

    def open(self, finding: Finding) -> None:
        """To the finding's term in the term table; for no term, the memory search."""
        from tui.screens.terms import TermsScreen

        if not about_term(finding):
            from tui.screens.memory import MemoryScreen

            self.app.push_screen(MemoryScreen(finding.source))
            return
        terms = next((s for s in self.app.screen_stack if isinstance(s, TermsScreen)), None)
        if terms is None:
            return
        db_id = terms.concept_for_term(finding.term, finding.expected)
        if db_id is None:
            self.app.notify(
                f"No concept in the termbase has the term “{finding.term}”.", severity="warning"
            )
            return
        self.app.pop_screen()
        terms.select_concept(db_id)

    def action_back(self) -> None:
        self.app.pop_screen()


class _Cancelled(Exception):
    """The worker was cancelled: stop the checks."""
