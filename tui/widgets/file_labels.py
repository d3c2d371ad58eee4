"""Short labels for the files findings come from: what tells them apart, not their end.

Origins are long and alike: ``/work/po/de/LC_MESSAGES/django.po``, ``pack.xlz!a.xlf``, or
for memory aligned from two texts ``report-2024.en.txt+report-2024.zh-CN.txt``. Cut at
their start or their end to fit a column, every row shows the same thing.

Among the files of a list, each one is named by the shortest end of its path that no other
file ends with (an aligned pair by its source's stem: ``report-2024``). Where that is still
too wide for the column, the label drops first the path components every file ends with,
then the start it shares with another file, then its own end::

    full                       narrower     narrowest
    de/LC_MESSAGES/django.po   de/…         de/…
    sasac-soe-briefing-2023    (the same)   …briefing-2023
"""

from __future__ import annotations

import os.path
import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

from rich.cells import cell_len

from tui.widgets.cells import ELLIPSIS, fit_start, pad, truncate

# Folders, and an XLZ archive's members (``pack.xlz!a.xlf``), Windows folders too.
_PARTS = re.compile(r"([/\\!])")
# Where a shared start may be cut off.
_BREAKS = "/\\!-_. +"
# A language part of a file name (``en``, ``zh-CN``, ``zh_Hant_TW``).
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


class FileLabel(NamedTuple):
    """A file's label in three parts: *head* (a start another file shares), *core*, and
    *tail* (the path components every file ends with)."""

    head: str
    core: str
    tail: str = ""

    def __str__(self) -> str:
        return self.head + self.core + self.tail


def aligned_stem(name: str) -> str | None:
    """For the origin of memory aligned from two texts, ``A+B``: A without its extension,
    and without its language part when B has the same stem (``x/report.en.txt+report.zh-CN.txt``
    gives ``x/report``); None for any other name."""
    for at in (i for i, ch in enumerate(name) if ch == "+"):
        source, target = name[:at], name[at + 1 :]
        folder, source_name = _split_folder(source)
        source_stem, source_ext = os.path.splitext(source_name)
        target_stem, target_ext = os.path.splitext(_split_folder(target)[1])
        # Both sides are files of one kind (a name such as "c++.po" is no pair).
        if source_ext and source_stem and target_stem and source_ext.lower() == target_ext.lower():
            return folder + _without_language(source_stem, target_stem)
    return None


def _split_folder(path: str) -> tuple[str, str]:
    parts = _PARTS.split(path)
    return "".join(parts[:-1]), parts[-1]


def _without_language(stem: str, other: str) -> str:
    """*stem* without a last part that is a language, when *other* only differs there."""
    for i in range(len(stem) - 1, 0, -1):
        if stem[i] in "._-" and other.startswith(stem[: i + 1]):
            lang, other_lang = stem[i + 1 :], other[i + 1 :]
            if _LANG.fullmatch(lang) and _LANG.fullmatch(other_lang):
                return stem[:i]
    return stem


def file_labels(files: Iterable[str]) -> dict[str, FileLabel]:
    """A label per file name, each different (see the module's docstring)."""
    files = list(dict.fromkeys(files))
    names = {f: aligned_stem(f) or f for f in files}
    if len(set(names.values())) < len(names):  # pairs of one source with two targets
        names = {f: f for f in files}
    # Components with their separators: "a/b!c.xlf" -> ["a", "/", "b", "!", "c.xlf"].
    parts = {f: _PARTS.split(n) for f, n in names.items()}
    # The shortest end no other file ends with (a lone file: its name); steps of 2 for
    # the separators. Counted per length: thousands of files take some milliseconds.
    ends: dict[str, list[str]] = {}
    keep = 1
    while len(ends) < len(parts):
        counts = Counter(tuple(p[-keep:]) for p in parts.values())
        for f, p in parts.items():
            unique = counts[tuple(p[-keep:])] == 1 and any(p[-keep::2])  # (not just "/")
            if f not in ends and (keep >= len(p) or unique):
                ends[f] = p[-keep:]
        keep += 2
    if len(ends) < 2:
        return {f: FileLabel("", "".join(p)) for f, p in ends.items()}
    # The last components every file shares (de/LC_MESSAGES/django.po: LC_MESSAGES/django.po).
    shortest = min(len(p) for p in ends.values())
    trail = 0
    while trail + 2 < shortest and len({tuple(p[-trail - 2 :]) for p in ends.values()}) == 1:
        trail += 2
    fronts = {f: "".join(p[: len(p) - trail + 1] if trail else p) for f, p in ends.items()}
    tails = {f: "".join(p[len(p) - trail + 1 :]) if trail else "" for f, p in ends.items()}
    heads = _shared_starts(fronts)
    return {f: FileLabel(heads[f], fronts[f][len(heads[f]) :], tails[f]) for f in ends}


def _shared_starts(texts: dict[str, str]) -> dict[str, str]:
    """The start of each text that another one shares, cut after a word break and leaving
    something of the text."""
    order = sorted(texts, key=texts.__getitem__)  # the longest shared start is a neighbour's
    shared = dict.fromkeys(texts, 0)
    for a, b in pairwise(order):
        n = len(os.path.commonprefix([texts[a], texts[b]]))
        shared[a], shared[b] = max(shared[a], n), max(shared[b], n)
    starts = {}
    for f, text in texts.items():
        n = min(shared[f], len(text) - 1)
        cut = max(text.rfind(ch, 0, n) for ch in _BREAKS) + 1
        starts[f] = text[:cut]
    return starts


def fit_file(label: FileLabel, position: str, width: int, position_cells: int = 0) -> str:
    """*label* and *position* (``:12``) in *width* cells: the whole label when it fits,
    else without its tail, then without its head, then cut at its end; the position kept
    whole while there is room for it. The label leaves *position_cells* for the position
    (the widest in a list: the label of a file is cut alike on every row)."""
    room = width - max(cell_len(position), position_cells)
    head, core, tail = label
    text = head + core + tail
    if tail and cell_len(text) > room:
        text = head + core + ELLIPSIS
    if head and cell_len(text) > room:
        text = ELLIPSIS + core + (ELLIPSIS if tail else "")
    if cell_len(text) <= room:
        return pad(text + position, width)
    if room >= 2:
        return pad(truncate(text, room) + position, width)
    return fit_start(str(label) + position, width)
