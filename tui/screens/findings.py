"""The findings of ``concord check`` over the memory in the store, or a saved JSON report.

The checks run in a thread worker that posts its progress; Enter on a finding goes back to
the term table on the concept of the finding's term (or, for a finding about no term, to
the memory search on its source segment).

``/`` opens a filter field in the top bar that narrows the list as you type (see
:mod:`~tui.widgets.finding_filter`); ``c`` and ``s`` put a ``check:`` or ``severity:``
token in it, cycling through the checks and severities of the findings it leaves. The
folded text the filter searches is built in a thread worker once per list (a few hundred
ms for 10k findings); then each key press filters on the UI thread, a few milliseconds.

The session keeps the findings, the filter, the grouping and the highlighted finding: the
screen reopens as it was left, and running the checks again keeps the cursor on its
finding (or, when that one is gone, on its nearest neighbour still listed).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from glossary.checks.model import SEVERITIES, Finding
from glossary.model import Concept
from tm.errors import InputError
from tui.widgets.finding_filter import (
    FindingFilter,
    build_keys,
    checks_in,
    cycle,
    parse,
    severities_in,
    token_value,
    with_token,
)
from tui.widgets.finding_table import ORDERS, FindingTable, order_findings, place
from tui.widgets.key_bar import KeyBar
from tui.widgets.text_pane import TextPane

FIELD_ROOM = 40  # cells the filter field keeps when the counts beside it grow
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


def has_approved_terms(concepts: Iterable[Concept]) -> bool:
    """True when some concept has an approved term (candidates alone check nothing)."""
    return any(t.state == "approved" for c in concepts for sec in c.languages for t in sec.terms)


def identity(f: Finding) -> tuple:
    """What makes a finding the same one in another run of the checks (not its message)."""
    return (f.check, f.file or "", f.line, f.term or "", f.source, f.target)


@dataclass(frozen=True)
class ListPlace:
    """Where the cursor of the list was: on *finding*, at *row* of the screen, in the list
    *around* (every finding, in the order shown then)."""

    finding: Finding
    row: int
    around: Sequence[Finding]


def locate(lines: Sequence[Finding | tuple[str, int]], place: ListPlace) -> int | None:
    """The index in *lines* of the place's finding: the same object, else one of another run
    with its :func:`identity`, else the nearest of its neighbours in the list it was in
    (the next one first); None when *lines* show none of them."""
    by_object: dict[int, int] = {}
    by_identity: dict[tuple, int] = {}
    for i, line in enumerate(lines):
        if isinstance(line, Finding):
            by_object[id(line)] = i
            by_identity.setdefault(identity(line), i)

    def find(f: Finding) -> int | None:
        i = by_object.get(id(f))
        return i if i is not None else by_identity.get(identity(f))

    index = find(place.finding)
    if index is not None or not by_object:
        return index
    around = place.around
    at = next((i for i, f in enumerate(around) if f is place.finding), None)
    if at is None:
        return None
    for distance in range(1, len(around)):
        for j in (at + distance, at - distance):
            if 0 <= j < len(around) and (index := find(around[j])) is not None:
                return index
    return None


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
        # Escape clears the filter first (shown as "Clear" then), then goes back.
        Binding("escape", "clear_filter", "Clear"),
        Binding("escape", "back", "Back"),
        # Enter says where it goes: the term's concept, or (about no term) the memory.
        Binding("enter", "open('term')", "Show term"),
        Binding("enter", "open('memory')", "Search memory"),
        Binding("slash", "search", "Filter", key_display="/"),
        Binding("c", "cycle('check')", "Check"),
        Binding("s", "cycle('severity')", "Severity"),
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
        self.shown: list[Finding] = []  # those the filter keeps, in the table's order
        self.summary = ""
        self.running = False
        self.finding_filter = FindingFilter()
        self.stale = False  # the termbase changed since the checks ran
        self.highlighted: Finding | None = None  # the finding under the cursor
        self._ordered: dict[str, list[Finding]] = {}  # every finding, per order
        self._filter_waiting = False  # a filter was typed before the keys were built
        self._place: ListPlace | None = None  # where to put the cursor once the list shows
        self._run_version: tuple | None = None  # the termbase version the checks run on

    def compose(self) -> ComposeResult:
        with Horizontal(id="findings-bar"):
            yield Input(
                placeholder="Filter… words, check:NAME, severity:LEVEL",
                id="findings-filter",
                compact=True,
            )
            yield Static(id="findings-status")
            yield ProgressBar(id="findings-progress", show_eta=False)
        yield FindingTable(id="findings")
        yield FindingDetail(id="finding-detail")
        yield KeyBar()

    @property
    def table(self) -> FindingTable:
        return self.query_one(FindingTable)

    @property
    def filter_field(self) -> Input:
        return self.query_one("#findings-filter", Input)

    def on_mount(self) -> None:
        self.table.focus()
        session = self.app.session
        self.table.order = session.findings_order
        if session.findings is not None:
            if session.findings_filter:
                self.filter_field.value = session.findings_filter
                self._sync_filter_bar(True)
            self._show(session.findings, session.findings_origin)
        else:
            self.action_run()

    # --- running ----------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.running:
            return
        self.running = True
        self.table.lines = []
        self.shown = []
        self.table.empty_text = "Checking the memory…"
        self.table.refresh()
        self.query_one("#findings-progress").display = True
        self._status("Checking the memory against the termbase…")
        self._run_version = self.app.session.termbase_version()
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
        # Without an approved term the termbase checks are skipped (and the status says so).
        termbase = CheckTermbase(concepts) if has_approved_terms(concepts) else None
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
            counts += " · no approved term: the term checks skipped"
        if not worker.is_cancelled:
            self.app.call_from_thread(self._done, report.findings, counts, report.skipped)

    def _done(self, findings: list[Finding], origin: str, skipped: list[str]) -> None:
        session = self.app.session
        session.findings, session.findings_origin = findings, origin
        session.findings_skipped = skipped
        session.findings_version = self._run_version
        self.running = False
        self._show(findings, origin)

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        bar = self.query_one("#findings-progress", ProgressBar)
        bar.update(total=event.total or None, progress=event.done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "filter-keys":
            if event.state == WorkerState.ERROR and event.worker.error is not None:
                self.app.show_error(event.worker.error)
            return
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
        session = self.app.session
        self.findings = findings
        self.summary = origin
        version = session.findings_version
        self.stale = version is not None and version != session.termbase_version()
        self._ordered = {}
        self._place = session.findings_place  # the cursor where it was, once the list shows
        self.query_one("#findings-progress").display = False
        self.prepare_filter(findings)
        self.apply_filter(fresh=True)

    def _status(self, note: str | None = None) -> None:
        """The counts; next to the filter field, only what leaves the field room."""
        text = Text()
        with_field = self.query_one("#findings-bar").has_class("-filtering")
        filtered = bool(parse(self.filter_field.value))
        if note:
            text.append(f" {note}", style="italic")
        else:
            shown = self.shown if filtered else self.findings
            if filtered:
                text.append(f" {len(shown):,} of {len(self.findings):,} findings", style="bold")
            else:
                text.append(f" {len(self.findings):,} findings", style="bold")
            counts = Counter(f.severity for f in shown)
            severities = Text()
            for severity in SEVERITIES:
                if counts[severity]:
                    style = {"error": "red", "warning": "yellow"}.get(severity, "dim")
                    severities.append(f" · {counts[severity]:,} {severity}", style=style)
            if not with_field:
                text.append_text(severities)
                if self.stale:
                    text.append(" · the termbase changed: r checks again", style="yellow")
                text.append(f" · by {self.table.order}", style="dim")
                if self.summary:
                    text.append(f" · {self.summary}", style="dim")
            elif text.cell_len + severities.cell_len + FIELD_ROOM <= self.size.width:
                text.append_text(severities)
        self.query_one("#findings-status", Static).update(text)

    def on_resize(self) -> None:
        if not self.running and self.findings:
            self._status()  # what fits beside the filter field changes with the width

    @on(FindingTable.Highlighted)
    def _highlighted(self, event: FindingTable.Highlighted) -> None:
        self.highlighted = event.finding
        self.query_one(FindingDetail).show(event.finding)
        if event.finding is not None:  # (none listed: the session keeps the last one)
            table = self.table
            row = table.cursor - int(table.scroll_y)
            self.app.session.findings_place = ListPlace(event.finding, row, self.ordered())
        self.refresh_bindings()  # Enter: "Show term" or "Search memory"

    def _put_back(self, place: ListPlace) -> None:
        """The cursor on the place's finding (see :func:`locate`), on the same row of the
        screen when the list is long enough."""
        table = self.table
        if not table.view.height:  # not laid out yet: the row is unknown
            self.call_after_refresh(self._put_back, place)
            return
        index = locate(table.lines, place)
        if index is None:
            return
        top = index - max(0, min(place.row, table.view.height - 2))
        top = max(0, min(top, len(table.lines) + 1 - table.view.height))
        table.scroll_to(y=top, animate=False, immediate=True)
        table.cursor = index

    def action_cycle_order(self) -> None:
        self.table.order = ORDERS[(ORDERS.index(self.table.order) + 1) % len(ORDERS)]
        self.app.session.findings_order = self.table.order
        self.apply_filter()

    # --- filtering ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="filter-keys", exit_on_error=False)
    def prepare_filter(self, findings: list[Finding]) -> None:
        """Fold the text of every finding for the filter, in a worker."""
        keys = build_keys(findings)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._filter_ready, findings, keys)

    def _filter_ready(self, findings: list[Finding], keys: dict[int, str]) -> None:
        if findings is not self.findings:
            return
        self.finding_filter.set_keys(findings, keys)
        if self._filter_waiting:
            self._filter_waiting = False
            self.apply_filter()

    def ordered(self) -> list[Finding]:
        """Every finding in the table's order (sorted once per list and order)."""
        order = self.table.order
        if order not in self._ordered:
            self._ordered[order] = order_findings(self.findings, order)
        return self._ordered[order]

    def apply_filter(self, fresh: bool = False) -> None:
        """Show the findings the filter keeps (all of them without one)."""
        if self.running:
            return
        text = self.filter_field.value
        query = parse(text)
        if query and not self.finding_filter.ready_for(self.findings):
            self._filter_waiting = True  # the keys are on their way
            self._status("Preparing the filter…")
            return
        self.shown = self.finding_filter(self.ordered(), text) if query else self.ordered()
        if self.findings:
            empty = f"No finding matches “{text.strip()}”. Esc clears the filter."
        elif self.app.session.findings_skipped:
            empty = "No findings, but no term is approved yet: the term checks did not run."
        else:
            empty = "No findings: the memory agrees with the termbase."
        self.table.empty_text = empty
        self.table.show(self.shown, fresh=fresh)
        if self._place is not None:
            place, self._place = self._place, None
            self._put_back(place)
        self._status()
        self.refresh_bindings()  # Escape: "Clear" while filtered, else "Back"

    @on(Input.Changed, "#findings-filter")
    def _filter_changed(self) -> None:
        self.app.session.findings_filter = self.filter_field.value
        self._sync_filter_bar()
        self.apply_filter()

    @on(Input.Submitted, "#findings-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(Input.Blurred, "#findings-filter")
    def _filter_left(self) -> None:
        self._sync_filter_bar()

    def _sync_filter_bar(self, showing: bool | None = None) -> None:
        """The filter field shows while it has focus or a filter."""
        field = self.filter_field
        if showing is None:
            showing = field.has_focus or bool(field.value)
        bar = self.query_one("#findings-bar")
        if showing != bar.has_class("-filtering"):
            bar.set_class(showing, "-filtering")
            if not self.running:
                self._status()

    def action_search(self) -> None:
        field = self.filter_field
        self._sync_filter_bar(True)
        # At once, not after a refresh: keys typed right after "/" go into the field.
        self.set_focus(field)
        field.cursor_position = len(field.value)

    def action_cycle(self, key: str) -> None:
        """The next check (or severity) of those the rest of the filter leaves, in the
        filter field; after the last, none (every check)."""
        field = self.filter_field
        rest = with_token(field.value, key, None)
        if parse(rest) and self.finding_filter.ready_for(self.findings):
            pool = self.finding_filter(self.ordered(), rest)
        else:
            pool = self.findings
        values = checks_in(pool) if key == "check" else severities_in(pool)
        if not values:  # nothing left by the rest: cycle through them all
            values = checks_in(self.findings) if key == "check" else severities_in(self.findings)
        field.value = with_token(field.value, key, cycle(token_value(field.value, key), values))

    def action_clear_filter(self) -> None:
        self.filter_field.value = ""
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # (Asked for every binding, also while the screen has no widgets: no queries first.)
        in_field = self.focused is not None and self.focused.id == "findings-filter"
        if action == "clear_filter":  # in the field, Escape only leaves it (see on_key)
            return in_field or bool(self.filter_field.value)
        if action == "search":  # in the field, "/" types a slash
            return not in_field
        if action == "open":  # the binding that says where Enter goes; none on no finding
            f = self.highlighted
            return f is not None and about_term(f) == (parameters == ("term",))
        return True

    def on_key(self, event) -> None:
        # In the filter: Escape clears it, Down goes back to the list keeping it.
        if self.focused is self.filter_field and event.key in ("escape", "down"):
            if event.key == "escape":
                self.filter_field.value = ""
            self.table.focus()
            event.stop()

    # --- leaving ------------------------------------------------------------------------------

    @on(FindingTable.Activated)
    def _activated(self, event: FindingTable.Activated) -> None:
        self.open(event.finding)

    def action_open(self, _where: str) -> None:
        """Enter (*_where* is the term or the memory: the bindings' labels)."""
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
