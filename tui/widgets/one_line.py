"""Text drawn on one line of a pane or a column, next to :mod:`tui.widgets.cells`.

Rich measures a tab, a line break and the other control characters as no cells, but the
terminal moves the cursor for them (or starts a new line), so whatever follows is out of
place. Shown as spaces, each character is as wide as it is measured. Rich's own
``overflow="ellipsis"`` cuts like ``set_cell_size`` (a space before the ellipsis after a
wide character cut in half): :func:`truncate_text` cuts a styled line between graphemes.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.widgets.cells import ELLIPSIS, head, truncate

# C0 controls, DEL and C1 controls (a terminal may act on those too).
_CONTROLS = dict.fromkeys([*range(32), *range(127, 160)], " ")
_JOINER = "\u200d"


def one_line(text: str) -> str:
    """*text* with its control characters (tabs, line breaks) as spaces, one for one, so
    offsets into it stay valid."""
    return text if text.isprintable() else text.translate(_CONTROLS)


def fit_right(text: str, width: int) -> str:
    """*text* in exactly *width* cells, aligned right: cut at the end with an ellipsis,
    or spaces before it."""
    cut = truncate(text, width)
    return " " * max(0, width - cell_len(cut)) + cut


def truncate_text(text: Text, width: int) -> Text:
    """A styled line that fits in *width* cells: as it is, or its start and an ellipsis
    (graphemes kept whole, so no gap before the ellipsis)."""
    plain = text.plain
    if cell_len(plain) <= width:
        return text
    if width <= 0:
        return Text(end=text.end, no_wrap=text.no_wrap, overflow=text.overflow)
    keep = head(plain, width - 1).rstrip(_JOINER)
    cut = text[: len(keep)]
    cut.no_wrap, cut.overflow = text.no_wrap, text.overflow  # (a slice drops no_wrap)
    cut.append(ELLIPSIS)
    return cut
