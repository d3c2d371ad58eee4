"""Bilingual TSV: ``source TAB target``, one pair a line, an optional third column for a note.

That is also OmegaT's glossary format. Inside a field ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` stand
for a tab, a newline, a carriage return and a backslash, so multi-line segments fit on one line;
any other backslash is kept as it is. A first line of two language tags (``en TAB zh-CN``) is a
header naming the languages. Files are UTF-8, with or without a BOM, or UTF-16 with a BOM.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import IO

from tm.errors import InputError
from tm.lang import lang_matches, normalize_lang, primary
from tm.unit import TranslationUnit, Variant

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_ESCAPED = re.compile(r"\\([\\tnr])")
_UNESCAPED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
# Only tags of this shape count as a header: a two- or three-letter language plus subtags.
_HEADER_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")

Line = tuple[int, str]


def read_tsv(
    fileobj: IO[bytes],
    name: str,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Iterator[TranslationUnit]:
    """Iterate the pairs of a bilingual TSV file as units.

    The languages come from the arguments or from a header line; when both are present they must
    agree. Both are settled before this returns; malformed lines raise as iteration reaches them.
    """
    lines = _lines(fileobj, name)
    first = next(lines, None)
    if first is None:
        return iter(())
    src, tgt, is_header = _languages(first, name, src_lang, tgt_lang)
    rows = lines if is_header else itertools.chain([first], lines)
    return _units(rows, name, src, tgt)


def _lines(fileobj: IO[bytes], name: str) -> Iterator[Line]:
    """Numbered, decoded lines without their line ends; blank lines left out."""
    head = fileobj.readline()
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        texts: Iterable[str] = _utf16_lines(head + fileobj.read(), name)
    else:
        texts = (_utf8(raw, name, n) for n, raw in enumerate(itertools.chain([head], fileobj), 1))
    for n, text in enumerate(texts, 1):
        if n == 1:
            text = text.removeprefix("\ufeff")
        text = text.removesuffix("\n").removesuffix("\r")
        if text.strip():
            yield n, text


def _utf8(raw: bytes, name: str, n: int) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
        raise InputError(
            f"not UTF-8: bytes {raw[exc.start : exc.start + 4]!r}", name, n, column
        ) from exc
    if "\x00" in text:
        raise InputError("NUL byte found: UTF-16 needs a byte-order mark (BOM)", name, n)
    return text


def _utf16_lines(data: bytes, name: str) -> list[str]:
    try:
        return data.decode("utf-16").split("\n")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", "replace").count("\n") + 1
        raise InputError(f"not valid UTF-16 ({exc.reason})", name, line) from exc


def _languages(
    first: Line, name: str, src_lang: str | None, tgt_lang: str | None
) -> tuple[str, str, bool]:
    """The source and target languages, and whether *first* is a header line naming them."""
    src = normalize_lang(src_lang) if src_lang else None
    tgt = normalize_lang(tgt_lang) if tgt_lang else None
    header = _header_langs(first[1])
    # With languages given, a header must name the same ones (in any order or region) to count:
    # a glossary may well start with a pair like "API TAB API".
    if header and src and tgt and {primary(h) for h in header} != {primary(src), primary(tgt)}:
        header = None
    if header is None:
        if src is None or tgt is None:
            raise InputError(
                "no language header line (like 'en<TAB>zh-CN'); pass --src and --tgt",
                name,
                first[0],
            )
        return src, tgt, False
    for given, found in zip((src, tgt), header, strict=True):
        if given and not (lang_matches(given, found) or lang_matches(found, given)):
            raise InputError(
                f"the header line says {header[0]} -> {header[1]}, but the languages given are "
                f"{src or header[0]} -> {tgt or header[1]}",
                name,
                first[0],
            )
    return src or header[0], tgt or header[1], True


def _header_langs(line: str) -> tuple[str, str] | None:
    fields = line.split("\t")
    if len(fields) not in (2, 3) or not all(_HEADER_TAG.fullmatch(f.strip()) for f in fields[:2]):
        return None
    langs = normalize_lang(fields[0]), normalize_lang(fields[1])
    return langs if langs[0] != langs[1] else None  # "sql TAB SQL" is a pair


def _units(rows: Iterator[Line], name: str, src: str, tgt: str) -> Iterator[TranslationUnit]:
    for n, line in rows:
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise InputError(
                f"expected source<TAB>target[<TAB>note], found {len(fields)} field(s): "
                f"{_preview(line)}",
                name,
                n,
            )
        source, target, *note = (_unescape(f) for f in fields)
        for which, text in (("source", source), ("target", target)):
            if not text:
                raise InputError(f"empty {which} field: {_preview(line)}", name, n)
        yield TranslationUnit(
            variants=[Variant(src, source), Variant(tgt, target)],
            origin_file=name,
            origin_line=n,
            notes=[text for text in note if text],
        )


def _unescape(field: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPED[m.group(1)], field) if "\\" in field else field


def _preview(line: str, width: int = 60) -> str:
    return repr(line if len(line) <= width else line[:width] + "...")


def write_tsv(
    fileobj: IO[bytes],
    units: Iterable[TranslationUnit],
    *,
    src_lang: str,
    tgt_lang: str,
    header: bool = False,
) -> int:
    """Write *units* as UTF-8 TSV lines; return how many were written.

    Units lacking either language or text are left out. Notes go to a third column, joined by
    newlines. With *header*, a first line names the languages (``en TAB zh-CN``).
    """
    src, tgt = normalize_lang(src_lang), normalize_lang(tgt_lang)
    if header:
        fileobj.write(f"{src}\t{tgt}\n".encode())
    written = 0
    for unit in units:
        source, target = unit.variant(src), unit.variant(tgt)
        if source is None or target is None or not source.text or not target.text:
            continue
        fields = [source.text, target.text]
        if unit.notes:
            fields.append("\n".join(unit.notes))
        line = "\t".join(f.translate(_ESCAPES) for f in fields)
        if not line.strip():  # a reader skips it as a blank line
            continue
        fileobj.write(line.encode("utf-8") + b"\n")
        written += 1
    return written
