"""Segments to check, from exchange files (PO, TMX, TSV, XLIFF) or from the memory."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from glossary.checks.model import Segment
from tm.errors import InputError, UsageError
from tm.importer import FileReport, detect_format, expand_paths, read_units
from tm.lang import lang_matches, normalize_lang
from tm.pofile import PROP_FLAG
from tm.potext import PoText
from tm.unit import TranslationUnit, Variant


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
        fast = _po_segments(path, name, src, tgt, include_fuzzy) if fmt == "po" else None
        if fast is not None:
            yield from fast
            continue
        units = read_units(path, name, fmt, src, tgt, FileReport(name, fmt), include_fuzzy)
        # PO files name no source language: msgid is the source, whatever --src says.
        yield from unit_segments(units, src if fmt != "po" else None, tgt)


# What the fast PO scanner might read differently from polib (which read_po uses): a flags
# line not written "#, ", two flags lines in one entry. (Both split lines only at CR and LF,
# and decode escapes alike: read_po and the scanner share tm.postrings.)
_FLAGS = re.compile(r"\n#,(?! )|\n#,[^\n]*\n(?:#[^\n]*\n)*#,")
# A keyword or string line of a PO file, its string well formed (quotes inside escaped).
_STRING_LINE = re.compile(r'(?:#~\s*)?(?:msg\w*(?:\[\d+\])?\s+)?"(?:[^"\\]|\\.)*"')


def _unusual_po(text: str) -> bool:
    return bool(_FLAGS.search(text))


_UTF8 = re.compile(rb"Content-Type:[^\n]*?charset=utf-?8\b", re.I)


def _po_segments(
    path: Path, name: str, src: str | None, tgt: str | None, include_fuzzy: bool
) -> list[Segment] | None:
    """The segments of a PO file by :class:`tm.potext.PoText`, the same as read_po and
    unit_segment give but three times faster (polib's parser is most of a check run's
    reading); None when polib must read the file: anything unusual, and every error, so
    that errors keep polib's messages."""
    try:
        data = path.read_bytes()
        text = "\n" + data.decode("utf-8")  # the newline lets "\n#," find a first line too
        if not _UTF8.search(data) or _unusual_po(text):
            return None
        po = PoText(data, name)
        src_lang = normalize_lang(src or "en")
        header = po.header_field("Language") if tgt is None else None
        tgt_lang = normalize_lang(tgt or header or "")
    except (InputError, UsageError, UnicodeDecodeError, OSError):
        return None
    if src_lang == tgt_lang or (po.header is not None and po.header is not po.entries[0]):
        return None
    # Which variants unit_segment would pair depends on the two languages only.
    probe = TranslationUnit(variants=[Variant(src_lang, "s"), Variant(tgt_lang, "t")])
    paired = unit_segment(probe, None, tgt)
    if paired is None:
        return []
    segments = []
    for entry in po.entries:
        if entry.obsolete or (not include_fuzzy and "fuzzy" in entry.flags):
            continue
        forms = entry.msgstr
        if not forms or not all(forms.values()) or entry.msgid is None:
            continue  # untranslated
        if entry.msgid_plural is None:
            pairs = [(entry.msgid, forms[0])] if 0 in forms and len(forms) == 1 else None
        else:
            pairs = [(entry.msgid, forms[min(forms)]), (entry.msgid_plural, forms[max(forms)])]
        if pairs is None:
            return None  # msgstr[N] without msgid_plural: leave it to polib
        texts = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", *forms.values())
        if any('"' in t for t in texts) and (not _well_quoted(po, entry)):
            return None  # a quote left unescaped: polib's syntax error, which the scanner allows
        flags = tuple(entry.flags)
        for source, target in pairs:
            if source.strip() and target.strip():
                segments.append(
                    Segment(
                        source=source,
                        target=target,
                        src_lang=paired.src_lang,
                        tgt_lang=paired.tgt_lang,
                        file=name,
                        line=entry.start + 1,
                        context=entry.msgctxt,
                        flags=flags,
                    )
                )
    return segments


def count_files(paths: Sequence[str | os.PathLike[str]]) -> int:
    return len(expand_paths(paths))


def store_segments(store, src: str | None = None, tgt: str | None = None) -> Iterator[Segment]:
    """Every unit of the memory with both languages, as segments."""
    # Filtered here rather than in SQL, where "zh" would not find "zh-CN".
    yield from unit_segments(store.iter_units(), src, tgt)


def _well_quoted(po: PoText, entry) -> bool:
    """True when every string line of *entry* escapes the quotes inside its string."""
    for raw in po.lines[entry.first_kw : entry.end]:
        line = raw.strip()
        comment = line.startswith("#") and not line.startswith("#~")
        if line and not comment and _STRING_LINE.fullmatch(line) is None:
            return False
    return True
