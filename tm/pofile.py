"""Gettext PO files: translated entries in, translation units out, and back.

polib parses; this module maps entries to units and writes them back. ``msgid`` is always the
source text of the PO file and ``msgstr`` its translation; the languages only label them, so a
Chinese-to-English PO file reads with ``src_lang="zh-CN", tgt_lang="en"``.

String literals are read and written as gettext reads and writes them (:mod:`tm.postrings`):
polib knows fewer escapes (no ``\\a``, no octal or hex), so each literal is decoded first and
handed to polib re-escaped in the escapes it knows. Entries are written as ``msgcat --no-wrap``
writes them, with the field writer pre-translation uses (:func:`tm.potext.render_field`), not
with polib's (which leaves a BEL raw): every PO file Concord writes escapes alike.

What a PO entry carries beyond its two texts is kept on the unit: ``msgctxt`` as
``unit.context``; translator and extracted comments as ``unit.notes``; flags as
``("x-po-flag", flag)`` props; ``#:`` references as one ``("x-po-reference", "f:1 g:2")`` prop;
for plural entries, which form a unit came from as ``("x-po-plural", "msgid_plural:msgstr[0]")``.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polib

from tm.errors import InputError, UsageError
from tm.lang import normalize_lang, primary
from tm.postrings import unescape
from tm.potext import render_field
from tm.unit import TranslationUnit, Variant

PROP_FLAG = "x-po-flag"
PROP_REFERENCE = "x-po-reference"
PROP_PLURAL = "x-po-plural"

# The header's charset; gettext and polib look for the first such declaration in the file.
_CHARSET = re.compile(rb"Content-Type:[^\n]*?charset=([-\w.:]+)")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # _NEWLINE, the breaks kept by re.split
# A line holding a string literal, live or obsolete: its keyword, the literal's content.
_STRING_LINE = re.compile(
    r'(\s*(?:#~\s*)?(?:msg(?:ctxt|id|id_plural|str(?:\[\d+\])?)\s*)?)"(.*)"(\s*)', re.S
)
_BARE_QUOTE = re.compile(r'(?<!\\)(?:\\\\)*"')  # a quote no backslash escapes
# Backslashes before a character polib knows no escape of, or before a line's last quote: an
# odd number of them is an escape polib does not read as gettext does (\a, octal, hex, an
# invalid one, a closing quote escaped). A literal \ first makes the search fast.
_ESCAPE_RUN = re.compile(r'\\(\\*)(?:[^\\ntrvbf"]|"[ \t\r]*$|$)', re.M)
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.+))?")
_ONE_FORM = "nplurals=1; plural=0;"
_TWO_FORMS = "nplurals=2; plural=(n != 1);"
_PLURAL_FORMS = {"zh": _ONE_FORM, "ja": _ONE_FORM, "ko": _ONE_FORM, "vi": _ONE_FORM}
_PLURAL_FORMS |= dict.fromkeys(("en", "de", "es", "it", "nl", "sv"), _TWO_FORMS)
_PLURAL_FORMS["fr"] = "nplurals=2; plural=(n > 1);"


@dataclass
class PoStats:
    """What :func:`read_po` yielded and skipped, counted per entry (a plural entry gives two units)."""

    units: int = 0
    skipped_fuzzy: int = 0
    skipped_obsolete: int = 0
    untranslated: int = 0
    plural_entries: int = 0  # translated plural entries that produced units


@dataclass
class PoWriteStats:
    """What :func:`write_po` wrote and left out."""

    written: int = 0
    skipped_duplicate: int = 0  # same (msgctxt, msgid) as an entry already written
    skipped_invalid: int = 0  # a language missing, an empty text, or text a PO file cannot hold


class _PoText(str):
    """PO text that polib splits into lines at ``\\n``, ``\\r\\n`` and ``\\r`` only.

    polib splits text it is given with ``str.splitlines``, which also breaks at U+2028, U+0085,
    form feeds and other characters that PO strings may contain literally.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:  # polib never asks for keepends
        return _NEWLINE.split(self)


def read_po(
    source: str | bytes | os.PathLike,
    name: str,
    *,
    src_lang: str = "en",
    tgt_lang: str | None = None,
    include_fuzzy: bool = False,
    stats: PoStats | None = None,
) -> Iterator[TranslationUnit]:
    """Parse a PO/POT file (a path or its bytes) and iterate its translated entries as units.

    The file is parsed and the languages settled before this returns, so syntax and language
    errors raise here; *stats* is filled in as the units are iterated.
    """
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", name) from exc
    po = _parse(data, name)
    src = normalize_lang(src_lang)
    tgt = normalize_lang(tgt_lang) if tgt_lang else _header_lang(po, name)
    if src == tgt:
        raise InputError(f"source and target language are both {src}; pass --src and --tgt", name)
    return _units(po, name, src, tgt, include_fuzzy, stats if stats is not None else PoStats())


def _parse(data: bytes, name: str) -> polib.POFile:
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # the placeholder of an unfilled template
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data.count(b"\n", 0, match.start()) + 1 if match else None
        raise InputError(f"unknown charset {charset!r} in the PO header", name, line) from None
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 4]
        raise InputError(
            f"bytes {bad!r} are not valid {charset} ({exc.reason})", name, line
        ) from exc
    text = _gettext_strings(text.removeprefix("\ufeff"), charset, name)
    try:
        return polib.pofile(_PoText(text), encoding=charset)
    except OSError as exc:  # polib reports syntax errors as "... (line N): detail"
        found = _POLIB_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        detail = found.group(2) if found and found.group(2) else "not a PO entry line"
        raise InputError(f"PO syntax error: {detail}", name, line) from exc


def _gettext_strings(text: str, charset: str, name: str) -> str:
    """*text* with its string literals re-escaped so that polib reads what gettext reads.

    polib decodes ``\\n \\t \\r \\v \\b \\f \\\\ \\"`` only: ``\\a`` and octal or hex escapes
    would stay as written, an invalid escape would pass and a NUL would not end the string.
    Each literal holding a backslash or a NUL is decoded as gettext does and written back with
    polib's escapes (everything else raw: polib keeps that). Lines stay lines, so polib's line
    numbers hold; a literal with a quote left unescaped is polib's to refuse.
    """
    if "\0" not in text and all(len(m.group(1)) % 2 for m in _ESCAPE_RUN.finditer(text)):
        return text  # polib reads every literal as gettext does (most files): nothing to do
    parts = _LINE_BREAK.split(text)  # lines, with the break after each between them
    for k in range(0, len(parts), 2):
        line = parts[k]
        if "\\" not in line and "\0" not in line:
            continue
        match = _STRING_LINE.fullmatch(line)
        if match is None or _BARE_QUOTE.search(match.group(2)):
            continue
        try:
            value = unescape(match.group(2), charset)
        except InputError as exc:
            raise InputError(f"PO syntax error: {exc.reason}", name, k // 2 + 1) from exc
        parts[k] = f'{match.group(1)}"{polib.escape(value)}"{match.group(3)}'
    return "".join(parts)


def _header_lang(po: polib.POFile, name: str) -> str:
    header = po.metadata.get("Language", "").strip()
    if not header:
        raise InputError("the PO header names no Language; pass the target language (--tgt)", name)
    try:
        return normalize_lang(header)
    except UsageError:
        raise InputError(
            f"the PO header's Language {header!r} is not a language tag; pass --tgt", name
        ) from None


def _units(
    po: polib.POFile, name: str, src: str, tgt: str, include_fuzzy: bool, stats: PoStats
) -> Iterator[TranslationUnit]:
    for entry in po:
        if entry.obsolete:
            stats.skipped_obsolete += 1
            continue
        if entry.fuzzy and not include_fuzzy:
            stats.skipped_fuzzy += 1
            continue
        pairs = _pairs(entry)
        if not pairs:
            stats.untranslated += 1
            continue
        stats.plural_entries += bool(entry.msgid_plural)
        for source_text, target_text, plural in pairs:
            unit = TranslationUnit(
                variants=[Variant(src, source_text), Variant(tgt, target_text)],
                context=entry.msgctxt,
                origin_file=name,
                origin_line=max(entry.linenum or 1, 1),  # polib numbers a headerless first entry 0
                notes=[c for c in (entry.tcomment, entry.comment) if c],
                props=_props(entry),
            )
            if plural:
                unit.props.append((PROP_PLURAL, plural))
            stats.units += 1
            yield unit


def _pairs(entry: polib.POEntry) -> list[tuple[str, str, str | None]]:
    """(source, target, plural form) for each unit of a translated entry; none if untranslated."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr, None)] if entry.msgstr else []
    forms = entry.msgstr_plural
    if not forms or not all(forms.values()):
        return []
    first, last = min(forms), max(forms)  # with one form (Chinese) both are msgstr[0]
    return [
        (entry.msgid, forms[first], f"msgid:msgstr[{first}]"),
        (entry.msgid_plural, forms[last], f"msgid_plural:msgstr[{last}]"),
    ]


def _props(entry: polib.POEntry) -> list[tuple[str, str]]:
    props = []
    if entry.occurrences:
        refs = " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences)
        props.append((PROP_REFERENCE, refs))
    props.extend((PROP_FLAG, flag) for flag in entry.flags if flag)
    return props


def write_po(
    fileobj: IO[bytes],
    units: Iterable[TranslationUnit],
    *,
    src_lang: str,
    tgt_lang: str,
    stats: PoWriteStats | None = None,
) -> int:
    """Write *units* as a UTF-8 PO file, one entry per unit; return how many entries were written.

    Units lacking a language or text, or whose text no PO file can hold (a NUL or EOT character,
    a leading or trailing newline on one side only), are left out, and so is every unit after
    the first with the same (msgctxt, msgid): *stats* counts both.
    """
    src, tgt = normalize_lang(src_lang), normalize_lang(tgt_lang)
    stats = stats if stats is not None else PoWriteStats()
    fileobj.write(_header(src, tgt).encode("utf-8"))
    seen: set[tuple[str | None, str]] = set()
    for unit in units:
        source, target = unit.variant(src), unit.variant(tgt)
        if source is None or target is None or not _fits_po(source.text, target.text, unit.context):
            stats.skipped_invalid += 1
            continue
        key = (unit.context, source.text)
        if key in seen:
            stats.skipped_duplicate += 1
            continue
        seen.add(key)
        fileobj.write(("\n" + _entry(unit, source.text, target.text)).encode("utf-8"))
        stats.written += 1
    return stats.written


def _header(src: str, tgt: str) -> str:
    metadata = {
        "Project-Id-Version": "Concord",
        "Language": tgt.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if primary(tgt) in _PLURAL_FORMS:
        metadata["Plural-Forms"] = _PLURAL_FORMS[primary(tgt)]
    metadata |= {"X-Generator": "Concord", "X-Source-Language": src.replace("-", "_")}
    fields = "".join(f"{key}: {value}\n" for key, value in metadata.items())
    msgstr = render_field("msgstr", fields, "\n")
    return "".join(["# Exported by Concord.\n", *render_field("msgid", "", "\n"), *msgstr])


def _entry(unit: TranslationUnit, msgid: str, msgstr: str) -> str:
    """The PO entry of *unit*: its notes, references and flags, then its strings."""
    flags = [v.strip() for k, v in unit.props if k == PROP_FLAG and _fits_flag(v)]
    if any(k == PROP_PLURAL for k, _ in unit.props):
        # One form of a plural entry, written alone, may lack the other's placeholders
        # ("one file" / "%d 个文件"), which msgfmt --check-format would reject.
        flags = [f for f in flags if not f.endswith("-format")]
    refs = [ref for k, v in unit.props if k == PROP_REFERENCE for ref in v.split()]
    # A comment line per line of a note, never folded: notes come back exactly as written.
    # A blank line is "#" alone, as msgcat writes it.
    notes = [_NEWLINE.sub("\n", n).strip() for n in unit.notes if n.strip()]
    lines = [f"# {line}\n" if line else "#\n" for note in notes for line in note.split("\n")]
    if refs:
        lines.append(f"#: {' '.join(refs)}\n")
    if flags:
        lines.append(f"#, {', '.join(flags)}\n")
    if unit.context is not None:
        lines += render_field("msgctxt", unit.context, "\n")
    lines += render_field("msgid", msgid, "\n") + render_field("msgstr", msgstr, "\n")
    return "".join(lines)


def _fits_po(source: str, target: str, context: str | None) -> bool:
    """True when msgfmt accepts the pair: non-empty, no NUL or EOT, newlines matching at the ends."""
    if not source or not target:  # an empty msgid is the header; an empty msgstr untranslated
        return False
    if any(c in text for text in (source, target, context or "") for c in "\x00\x04"):
        return False
    same_start = source.startswith("\n") == target.startswith("\n")
    return same_start and source.endswith("\n") == target.endswith("\n")


def _fits_flag(flag: str) -> bool:
    return bool(flag.strip()) and not any(c in flag for c in ",\r\n")
