"""The findings of ``concord check`` as a list: grouped under a heading per check (or per
severity), or in file order; one line per finding, drawn on demand like the term table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from glossary.checks.model import SEVERITY_RANK, Finding
from tui.widgets.cells import ELLIPSIS, fit, tail, truncate
from tui.widgets.file_labels import FileLabel, file_labels, fit_file
from tui.widgets.term_table import CURSOR_BINDINGS
from tui.widgets.text_pane import set_virtual_size

ORDERS = ("check", "severity", "file")
SEVERITY_MARK = {"error": "E", "warning": "W", "info": "i"}
# Line breaks, tabs and other control characters as spaces: one line, each character as
# wide as it is measured (a tab is measured 0 cells and moves the cursor to a tab stop).
_ONE_LINE = dict.fromkeys([*range(32), 127], " ")


def place(f: Finding) -> str:
    """``file.po:12`` (the file without its folders), or ``(memory)``."""
    name = PurePath(f.file).name if f.file else "(memory)"
    return f"{name}:{f.line}" if f.line else name


def excerpt(f: Finding, width: int) -> str:
    """Where the finding is, in one line: the text around the term, else source → target."""
    if f.where in ("source", "target") and f.span is not None:
        text = (f.source if f.where == "source" else f.target).translate(_ONE_LINE)
        start, end = f.span
        room = max(0, width - cell_len(text[start:end])) // 3  # a third before, the rest after
        before = text[:start]
        if cell_len(before) > room:
            before = ELLIPSIS + tail(before, max(0, room - 1))
        return before + text[start:]
    source = f.source.translate(_ONE_LINE)
    target = f.target.translate(_ONE_LINE)
    return f"{source} → {target}" if target else source


def order_findings(findings: Sequence[Finding], order: str) -> list[Finding]:
    """*findings* in the order the list shows them: by check (then severity), by severity
    (then check), or by file; within each, in file order."""
    file_order = {f: i for i, f in enumerate(dict.fromkeys(f.file or "" for f in findings))}

    def where(f: Finding) -> tuple:
        return (file_order[f.file or ""], f.line or 0)

    if order == "file":
        return sorted(findings, key=where)
    if order == "severity":
        key = lambda f: (SEVERITY_RANK.get(f.severity, 9), f.check, *where(f))  # noqa: E731
    else:
        key = lambda f: (f.check, SEVERITY_RANK.get(f.severity, 9), *where(f))  # noqa: E731
    return sorted(findings, key=key)


def group_lines(ordered: Sequence[Finding], order: str) -> list[Finding | tuple[str, int]]:
    """The lines of the list for findings already in *order*: under a ``(heading, count)``
    per group unless in file order."""
    if order == "file":
        return list(ordered)
    field = "severity" if order == "severity" else "check"
    lines: list[Finding | tuple[str, int]] = []
    start = 0  # the index of the current group's heading
    current = None
    for f in ordered:
        name = getattr(f, field)
        if name != current:
            if current is not None:
                lines[start] = (current, len(lines) - start - 1)
            current, start = name, len(lines)
            lines.append((name, 0))
        lines.append(f)
    if current is not None:
        lines[start] = (current, len(lines) - start - 1)
    return lines


class FindingTable(ScrollView, can_focus=True):
    """Findings with a cursor; group headings are skipped by the cursor."""

    COMPONENT_CLASSES = {
        "finding-table--header",
        "finding-table--group",
        "finding-table--cursor",
        "finding-table--error",
        "finding-table--warning",
        "finding-table--info",
        "finding-table--term",
        "finding-table--place",
        "finding-table--empty",
    }

    DEFAULT_CSS = """
    FindingTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    FindingTable > .finding-table--header { text-style: bold; color: $text-accent; background: $panel; }
    FindingTable > .finding-table--group { text-style: bold; color: $text-primary; }
    FindingTable > .finding-table--cursor { background: $block-cursor-blurred-background; }
    FindingTable:focus > .finding-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    FindingTable > .finding-table--error { color: $text-error; text-style: bold; }
    FindingTable > .finding-table--warning { color: $text-warning; }
    FindingTable > .finding-table--info { color: $text-muted; }
    FindingTable > .finding-table--term { color: $text-accent; }
    FindingTable > .finding-table--place { color: $text-muted; }
    FindingTable > .finding-table--empty { color: $text-muted; text-style: italic; }
    """

    BINDINGS = CURSOR_BINDINGS

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, finding: Finding | None) -> None:
            self.finding = finding
            super().__init__()

    class Activated(Message):
        def __init__(self, finding: Finding) -> None:
            self.finding = finding
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Finding | tuple[str, int]] = []
        self.empty_text = "Checking…"
        self.order = "check"
        self._anchor: Finding | None = None  # the finding of the cursor, kept while none shows
        self._row = 0  # and its row on the screen
        self._labels: dict[str, FileLabel] = {}  # the File column's label of each file
        self._position_cells = 0  # and the room its line numbers take

    # --- data ----------------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding], order: str | None = None) -> None:
        """Show a new list of findings, the cursor on the first one."""
        self.order = order or self.order
        self.show(order_findings(findings, self.order), fresh=True)

    def show(self, ordered: Sequence[Finding], *, fresh: bool = False) -> None:
        """Show *ordered*: findings already in the table's order (all of a list, or those a
        filter keeps).

        The cursor stays on its finding, on the same row of the screen, while it is listed
        (and remembers it while nothing is); else, and for a *fresh* list, the list starts
        at the top with the cursor on its first finding.
        """
        if self.current is not None:
            self._row = self.cursor - int(self.scroll_y)
        self._label_files(ordered, fresh)
        self.lines = group_lines(ordered, self.order)
        set_virtual_size(self, Size(self.view.width, len(self.lines) + 1))
        index = None
        if not fresh and self._anchor is not None:
            anchor = self._anchor
            index = next((i for i, x in enumerate(self.lines) if x is anchor), None)
        if index is None:
            index, top = self._step_from(-1, 1), 0
        else:
            top = index - max(0, min(self._row, self.view.height - 2))
            top = max(0, min(top, len(self.lines) + 1 - self.view.height))
        if top != int(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)
        self.cursor = index
        self.refresh()

    def _label_files(self, ordered: Sequence[Finding], fresh: bool) -> None:
        """Labels for the files of *ordered* and of the lists shown since the last fresh one,
        and the room for their line numbers: a filter narrowing the list keeps the labels
        the whole list had."""
        files = dict.fromkeys(f.file for f in ordered if f.file)
        if fresh or not files.keys() <= self._labels.keys():
            self._labels = file_labels([*({} if fresh else self._labels), *files])
        last = max((f.line or 0 for f in ordered), default=0)
        cells = len(f":{last}") if last else 0
        self._position_cells = cells if fresh else max(cells, self._position_cells)

    def file_label(self, f: Finding) -> FileLabel:
        """What the File column says of *f*'s file, at most (see :func:`file_labels`)."""
        if not f.file:
            return FileLabel("", "(memory)")
        return self._labels.get(f.file) or FileLabel("", PurePath(f.file).name)

    def where(self, f: Finding, width: int) -> str:
        """The File column of *f*, *width* cells: its file's label and its line."""
        position = f":{f.line}" if f.line else ""
        return fit_file(self.file_label(f), position, width, self._position_cells)

    @property
    def view(self) -> Size:
        return self.scrollable_content_region.size

    @property
    def current(self) -> Finding | None:
        if 0 <= self.cursor < len(self.lines):
            line = self.lines[self.cursor]
            return line if isinstance(line, Finding) else None
        return None

    def _step_from(self, index: int, step: int) -> int:
        """The next finding line from *index* in direction *step* (stays put at the ends)."""
        i = index + step
        while 0 <= i < len(self.lines):
            if isinstance(self.lines[i], Finding):
                return i
            i += step
        return index if 0 <= index < len(self.lines) else 0

    # --- cursor --------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.lines) - 1)) if self.lines else 0

    def watch_cursor(self, old: int, new: int) -> None:
        visible = max(1, self.view.height - 1)
        top = int(self.scroll_y)
        # Show the group heading above the first finding of a group too.
        want = new - 1 if new > 0 and not isinstance(self.lines[new - 1], Finding) else new
        if want < top:
            self.scroll_to(y=want, animate=False, immediate=True)
        elif new >= top + visible and self.view.height > 1:  # (no height: not laid out yet)
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)
        else:
            for index in (old, new):
                y = index + 1 - top
                if 0 < y < self.view.height:
                    self.refresh(Region(0, y, self.view.width, 1))
        current = self.current
        if current is not None:
            self._anchor = current
        self.post_message(self.Highlighted(current))

    def action_cursor(self, step: int) -> None:
        self.cursor = self._step_from(self.cursor, step)

    def action_page(self, direction: int) -> None:
        target = self.validate_cursor(self.cursor + direction * max(1, self.view.height - 2))
        if isinstance(self.lines[target] if self.lines else None, Finding):
            self.cursor = target
        else:  # a heading: the finding past it, or (the first heading) the one under it
            index = self._step_from(target, direction)
            self.cursor = index if index != target else self._step_from(target, -direction)

    def action_jump(self, where: int) -> None:
        self.cursor = self._step_from(len(self.lines), -1) if where < 0 else self._step_from(-1, 1)

    def on_click(self, event) -> None:
        index = int(self.scroll_y) + event.y - 1
        if event.y > 0 and 0 <= index < len(self.lines) and isinstance(self.lines[index], Finding):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Activated(self.lines[index]))
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.view.width, len(self.lines) + 1)

    # --- drawing -------------------------------------------------------------------------

    def _columns(self, width: int) -> list[tuple[str, int]]:
        term = 18 if width >= 100 else 14
        where = 24 if width >= 100 else 14
        columns = [("mark", 1), ("term", term)]
        if self.order != "check" and width >= 90:
            columns.append(("check", 18))
        used = sum(w for _, w in columns) + where + len(columns) + 1
        columns += [("excerpt", max(10, width - used)), ("where", where)]
        return columns

    _HEADINGS = {
        "mark": " ",
        "term": "Term",
        "check": "Check",
        "excerpt": "Text",
        "where": "File:line",
    }

    def render_line(self, y: int) -> Strip:
        width = self.view.width
        base = self.rich_style
        columns = self._columns(width)
        if y == 0:
            style = self.get_component_rich_style("finding-table--header")
            text = " ".join(fit(self._HEADINGS[n], w) for n, w in columns)
            return Strip([Segment(text, style)]).adjust_cell_length(width, style)
        index = int(self.scroll_y) + y - 1
        if not self.lines:
            if y == 2:
                style = self.get_component_rich_style("finding-table--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), style)])
            return Strip.blank(width, base)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        if not isinstance(line, Finding):
            name, count = line
            style = self.get_component_rich_style("finding-table--group")
            return Strip([Segment(truncate(f"{name} ({count})", width), style)]).adjust_cell_length(
                width, base
            )
        segments = []
        for name, w in columns:
            if name == "mark":
                style = self.get_component_rich_style(f"finding-table--{line.severity}")
                segments.append(Segment(SEVERITY_MARK.get(line.severity, "?"), style))
            elif name == "term":
                style = self.get_component_rich_style("finding-table--term")
                segments.append(Segment(fit(line.term or "", w), style))
            elif name == "check":
                segments.append(Segment(fit(line.check, w), base))
            elif name == "excerpt":
                segments.append(Segment(fit(excerpt(line, w), w), base))
            elif name == "where":
                style = self.get_component_rich_style("finding-table--place")
                segments.append(Segment(self.where(line, w), style))
            segments.append(Segment(" ", base))
        strip = Strip(segments).adjust_cell_length(width, base)
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("finding-table--cursor"))
        return strip
