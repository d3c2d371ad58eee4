"""Text cut to a number of terminal cells, for table columns.

Chinese characters take two cells. ``rich.cells.set_cell_size`` pads a wide character cut
in half with a space, so an ellipsis added after it leaves a gap (``发挥经 …``). These
helpers cut between whole graphemes instead: the ellipsis follows the last one that fits,
and the padding goes after it.
"""

from __future__ import annotations

from rich.cells import cell_len, split_graphemes

ELLIPSIS = "…"
# A zero-width joiner at either end of a text joins nothing, and Rich measures it with
# the character after it (the ellipsis or the padding that follows, the character that
# starts the text): dropped there, what is measured is what the terminal shows.
_JOINER = "\u200d"


def head(text: str, cells: int) -> str:
    """The longest start of *text* at most *cells* wide (graphemes kept whole)."""
    if cells <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text[:cells]
    spans, total = split_graphemes(text)
    if total <= cells:
        return text
    used = end = 0
    for _start, stop, width in spans:
        if used + width > cells:
            break
        used, end = used + width, stop
    return text[:end]


def tail(text: str, cells: int) -> str:
    """The longest end of *text* at most *cells* wide (graphemes kept whole)."""
    if cells <= 0:
        return ""
    if text.isascii() and text.isprintable():
        return text[-cells:]
    spans, total = split_graphemes(text)
    if total <= cells:
        return text
    used, begin = 0, len(text)
    for start, _stop, width in reversed(spans):
        if used + width > cells:
            break
        used, begin = used + width, start
    return text[begin:]


def truncate(text: str, width: int) -> str:
    """*text* if it fits in *width* cells, else its start and an ellipsis that do."""
    text = text.strip(_JOINER)
    if cell_len(text) <= width:
        return text
    return head(text, width - 1).rstrip(_JOINER) + ELLIPSIS if width > 0 else ""


def truncate_start(text: str, width: int) -> str:
    """*text* if it fits in *width* cells, else an ellipsis and its end that do."""
    text = text.strip(_JOINER)
    if cell_len(text) <= width:
        return text
    return ELLIPSIS + tail(text, width - 1) if width > 0 else ""


def pad(text: str, width: int) -> str:
    """*text* (no wider than *width*) with spaces after it up to *width* cells."""
    text = text.strip(_JOINER)
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """*text* in exactly *width* cells: cut at the end with an ellipsis, or padded."""
    return pad(truncate(text, width), width)


def fit_start(text: str, width: int) -> str:
    """*text* in exactly *width* cells: cut at the start with an ellipsis, or padded."""
    return pad(truncate_start(text, width), width)
