"""Segments to check, from exchange files (PO, TMX, TSV, XLIFF) or from the memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence

from glossary.checks.model import Segment
from tm.importer import FileReport, detect_format, expand_paths, read_units
from tm.lang import lang_matches
from tm.pofile import PROP_FLAG
from tm.unit import TranslationUnit


def unit_segment(unit: TranslationUnit, src: str | None, tgt: str | None) -> Segment | None:
    """The pair of *unit* to check: *src* and *tgt* when given, else its first variant and
    the first in another language. None when either side is missing or empty."""
    if not unit.variants:
        return None
    source = unit.variant(src) if src else unit.variants[0]
    if source is None:
        return None
    if tgt:
        target = unit.variant(tgt)
    else:
        target = next((v for v in unit.variants if not lang_matches(source.lang, v.lang)), None)
    if target is None or target is source or not source.text.strip() or not target.text.strip():
        return None
    return Segment(
        source=source.text,
        target=target.text,
        src_lang=source.lang,
        tgt_lang=target.lang,
        file=unit.origin_file,
        line=unit.origin_line,
        context=unit.context,
        flags=tuple(value for key, value in unit.props if key == PROP_FLAG),
    )


def unit_segments(
    units: Iterable[TranslationUnit], src: str | None, tgt: str | None
) -> Iterator[Segment]:
    for unit in units:
        segment = unit_segment(unit, src, tgt)
        if segment is not None:
            yield segment


def file_segments(
    paths: Sequence[str | os.PathLike[str]],
    src: str | None = None,
    tgt: str | None = None,
    *,
    include_fuzzy: bool = False,
    on_file: Callable[[int, int, str], None] | None = None,
) -> Iterator[Segment]:
    """The segments of every file in *paths* (folders are walked), read in place."""
    files = expand_paths(paths)
    for number, (path, name) in enumerate(files, start=1):
        if on_file:
            on_file(number, len(files), name)
        fmt = detect_format(path)
        units = read_units(path, name, fmt, src, tgt, FileReport(name, fmt), include_fuzzy)
        # PO files name no source language: msgid is the source, whatever --src says.
        yield from unit_segments(units, src if fmt != "po" else None, tgt)


def count_files(paths: Sequence[str | os.PathLike[str]]) -> int:
    return len(expand_paths(paths))


def store_segments(store, src: str | None = None, tgt: str | None = None) -> Iterator[Segment]:
    """Every unit of the memory with both languages, as segments."""
    # Filtered here rather than in SQL, where "zh" would not find "zh-CN".
    yield from unit_segments(store.iter_units(), src, tgt)
