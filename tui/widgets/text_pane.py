"""A scrollable pane that shows one Rich ``Text``, redrawn without a layout pass.

The detail, concordance and matches panes change on every move in the table. Built from
several widgets, or from one widget whose height follows its content, each change costs
a layout of the whole screen; this pane has a fixed size, renders its text into lines
once per change (``Strip`` list, reused until the next change or a resize) and only
updates its scroll height, which needs a layout only when the scrollbar appears or goes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def set_virtual_size(widget: ScrollView, size: Size) -> None:
    """Change a scroll view's virtual size without a layout when its scrollbars stay.

    ``virtual_size`` is a layout reactive; the widget's own region does not depend on it
    here (fixed-size panes), only its scrollbars do, and ``_scroll_update`` lays out again
    when their visibility changes (never, with ``overflow-y: scroll``).
    """
    if size == widget.virtual_size:
        return
    update = getattr(widget, "_scroll_update", None)
    if update is None or not widget.is_mounted or not widget.size:
        widget.virtual_size = size
        return
    widget.set_reactive(ScrollView.virtual_size, size)
    update(size)
    widget.refresh()


class TextPane(ScrollView):
    """Shows ``self.content(width)``; call ``update_content()`` when it changes."""

    DEFAULT_CSS = """
    TextPane {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: scroll;  /* always there: it coming and going would need a layout */
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._strips: list[Strip] | None = None
        self._strips_width = -1
        self._blank: Strip | None = None

    def content(self, width: int) -> Text:
        """The text to show in a pane *width* cells wide (subclasses)."""
        return Text()

    def update_content(self, home: bool = True) -> None:
        """Render the content again; *home* scrolls back to the top."""
        self._strips = None
        if home and self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        if self.is_mounted and self.scrollable_content_region.width:
            strips = self._lines()
            set_virtual_size(self, Size(self.scrollable_content_region.width, len(strips)))
        self.refresh()

    def build_strips(self, width: int) -> list[Strip]:
        """The pane's lines (by default its ``content``, wrapped to *width*)."""
        return self.text_strips(self.content(width), width)

    def text_strips(self, text: Text, width: int) -> list[Strip]:
        """*text* wrapped to *width* cells, one ``Strip`` per line, on the pane's background."""
        console = self.app.console
        options = console.options.update(width=max(1, width), height=None)
        lines = console.render_lines(text, options, style=self.rich_style, pad=True)
        return [Strip(line, width) for line in lines]

    def _lines(self) -> list[Strip]:
        width = self.scrollable_content_region.width
        if self._strips is None or self._strips_width != width:
            self._strips = self.build_strips(width)
            self._strips_width = width
        return self._strips

    def on_resize(self) -> None:
        self.update_content(home=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None
        self._blank = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        strips = self._lines()
        index = int(self.scroll_y) + y
        if 0 <= index < len(strips):
            return strips[index]
        if self._blank is None or self._blank.cell_length != width:
            self._blank = Strip([Segment(" " * width, self.rich_style)], width)
        return self._blank
