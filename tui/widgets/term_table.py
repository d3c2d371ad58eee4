"""A virtual table of term rows: only the visible lines are ever drawn.

Textual's DataTable builds a renderable per cell and takes seconds to fill with 50k rows;
this widget keeps a list of ``TermRow`` tuples and renders a line on demand
(the Line API: ``ScrollView`` plus ``render_line``), so replacing the rows on every
key press of the filter costs nothing but the filter itself.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.cells import fit
from tui.widgets.one_line import fit_right, one_line
from tui.widgets.term_rows import TermRow
from tui.widgets.text_pane import set_virtual_size

STATE_MARK = {"candidate": "●", "approved": "✓", "rejected": "✗"}


# The keys of Concord's line tables (terms, findings); each defines the three actions.
CURSOR_BINDINGS = [
    Binding("up,k", "cursor(-1)", "Up", show=False),
    Binding("down,j", "cursor(1)", "Down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "jump(0)", "First", show=False),
    Binding("end", "jump(-1)", "Last", show=False),
]


class TermTable(ScrollView, can_focus=True):
    """Concepts and candidates, one line each, with a cursor and a sticky header."""

    COMPONENT_CLASSES = {
        "term-table--header",
        "term-table--cursor",
        "term-table--candidate",
        "term-table--approved",
        "term-table--rejected",
        "term-table--number",
        "term-table--empty",
    }

    DEFAULT_CSS = """
    TermTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;  /* always there: it coming and going would need a layout */
    }
    TermTable > .term-table--header { text-style: bold; color: $text-accent; background: $panel; }
    TermTable > .term-table--cursor { background: $block-cursor-blurred-background; }
    TermTable:focus > .term-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    TermTable > .term-table--candidate { color: $text-warning; }
    TermTable > .term-table--approved { color: $text-success; }
    TermTable > .term-table--rejected { color: $text-disabled; }
    TermTable > .term-table--number { color: $text-muted; }
    TermTable > .term-table--empty { color: $text-muted; text-style: italic; }
    """

    BINDINGS = CURSOR_BINDINGS

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to another row (None when the table is empty)."""

        def __init__(self, table: TermTable, row: TermRow | None) -> None:
            self.table = table
            self.row = row
            super().__init__()

    class Activated(Message):
        """A row was chosen (Enter or a click on the selected row)."""

        def __init__(self, table: TermTable, row: TermRow) -> None:
            self.table = table
            self.row = row
            super().__init__()

    class HeaderClicked(Message):
        def __init__(self, table: TermTable, column: str) -> None:
            self.table = table
            self.column = column
            super().__init__()

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.rows: list[TermRow] = []
        self.empty_text = "Loading…"
        self._last_posted: int | None = -1
        # Rendered rows (unselected look) by row id, valid while the row tuple, the
        # width and the styles stay the same: a move or a filter key redraws from here.
        self._strips: dict[int, tuple[TermRow, Strip]] = {}
        self._strips_width = -1
        self._column_cache: tuple[int, list[tuple[str, int]]] = (-1, [])

    # --- data ---------------------------------------------------------------------------

    def set_rows(self, rows: list[TermRow], keep: int | None = None) -> None:
        """Show *rows*; the cursor stays on the concept *keep* (a row id) when it is there."""
        self.rows = rows
        index = 0
        if keep is not None:
            index = next((i for i, r in enumerate(rows) if r.db_id == keep), 0)
        set_virtual_size(self, Size(self.view.width, len(rows) + 1))
        self._last_posted = -1
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = index
        self.refresh()

    def replace_row(self, row: TermRow) -> None:
        """Show the new state of one concept where it stands."""
        for i, old in enumerate(self.rows):
            if old.db_id == row.db_id:
                self.rows[i] = row
                self.refresh_row(i)
                break

    def refresh_row(self, index: int) -> None:
        """Redraw the line of row *index* if it is on screen (the header is line 0)."""
        y = index + 1 - int(self.scroll_y)
        if 0 < y < self.view.height:
            self.refresh(Region(0, y, self.view.width, 1))

    @property
    def view(self) -> Size:
        """The size of the drawn lines (the widget less its scrollbar)."""
        return self.scrollable_content_region.size

    @property
    def current(self) -> TermRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, db_id: int) -> bool:
        for i, row in enumerate(self.rows):
            if row.db_id == db_id:
                self.cursor = i
                return True
        return False

    # --- cursor --------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if not self._scroll_to_cursor():  # a scroll redraws everything anyway
            self.refresh_row(old)
            self.refresh_row(new)
        if new != self._last_posted:
            self._last_posted = new
            self.post_message(self.Highlighted(self, self.current))

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor's row shows; True when that scrolled."""
        visible = max(1, self.view.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)
        else:
            return False
        return True

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.view.height - 2)

    def action_jump(self, where: int) -> None:
        self.cursor = len(self.rows) - 1 if where < 0 else 0

    def key_enter(self) -> None:
        if self.current is not None:
            self.post_message(self.Activated(self, self.current))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.view.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self) -> None:
        self.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column:
                self.post_message(self.HeaderClicked(self, column))
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Activated(self, self.rows[index]))
            self.cursor = index

    def _column_at(self, x: int) -> str | None:
        pos = 0
        for name, width in self._columns(self.view.width):
            if pos <= x < pos + width + 1:
                return name
            pos += width + 1
        return None

    # --- drawing --------------------------------------------------------------------------

    def _columns(self, width: int) -> list[tuple[str, int]]:
        """Column names and widths for a table *width* cells wide (narrow drops columns)."""
        if self._column_cache[0] != width:
            self._column_cache = (width, self._layout_columns(width))
        return self._column_cache[1]

    @staticmethod
    def _layout_columns(width: int) -> list[tuple[str, int]]:
        fixed = [("mark", 1), ("score", 5), ("freq", 5)]
        if width >= 64:
            fixed += [("state", 9), ("status", 9)]
        rest = max(10, width - sum(w for _, w in fixed) - len(fixed) - 2)
        source = rest * 11 // 20
        return [
            ("mark", 1),
            ("source", source),
            ("target", rest - source),
            *[(n, w) for n, w in fixed[1:]],
        ]

    _HEADINGS = {
        "mark": " ",
        "source": "Source",
        "target": "Target",
        "score": "Score",
        "freq": " Freq",
        "state": "State",
        "status": "Status",
    }

    def render_line(self, y: int) -> Strip:
        width = self.view.width
        columns = self._columns(width)
        if y == 0:
            style = self.get_component_rich_style("term-table--header")
            text = " ".join(_fit(self._HEADINGS[n], w, n in ("score", "freq")) for n, w in columns)
            return Strip([Segment(text, style)]).adjust_cell_length(width, style)
        index = int(self.scroll_y) + y - 1
        if not self.rows:
            lines = self.empty_text.split("\n")  # (the help of an empty termbase has several)
            if 2 <= y < 2 + len(lines):
                style = self.get_component_rich_style("term-table--empty")
                text = _fit("  " + lines[y - 2], width)  # it may quote the filter typed
                return Strip([Segment(text, style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        cached = self._strips.get(row.db_id)
        if cached is not None and cached[0] is row:
            strip = cached[1]
        else:
            strip = self._render_row(row, columns, width)
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[row.db_id] = (row, strip)
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("term-table--cursor"))
        return strip

    def _render_row(self, row: TermRow, columns: list[tuple[str, int]], width: int) -> Strip:
        base = self.rich_style
        state_style = self.get_component_rich_style(f"term-table--{row.state}")
        number_style = self.get_component_rich_style("term-table--number")
        segments = []
        for name, w in columns:
            if name == "mark":
                segments.append(Segment(STATE_MARK.get(row.state, " "), state_style))
            elif name == "source":
                segments.append(Segment(_fit(row.source, w), base))
            elif name == "target":
                segments.append(Segment(_fit(row.target or "—", w), base))
            elif name == "score":
                text = f"{row.score:.2f}" if row.score is not None else ""
                segments.append(Segment(_fit(text, w, right=True), number_style))
            elif name == "freq":
                text = str(row.frequency) if row.frequency is not None else ""
                segments.append(Segment(_fit(text, w, right=True), number_style))
            elif name == "state":
                segments.append(Segment(_fit(row.state, w), state_style))
            elif name == "status":
                segments.append(Segment(_fit(row.status, w), base))
            segments.append(Segment(" ", base))
        # Every cell was cut to its width: give the length rather than have it measured.
        return Strip(segments, sum(w + 1 for _, w in columns)).adjust_cell_length(width, base)


def _fit(text: str, width: int, right: bool = False) -> str:
    """*text* in exactly *width* cells, cut between whole characters (Chinese ones take
    two) with the ellipsis right after the last that fits; control characters as spaces."""
    text = one_line(text)
    return fit_right(text, width) if right else fit(text, width)
