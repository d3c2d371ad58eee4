"""PO files as text: a fast scanner that locates entries, and an editor that replaces some.

:mod:`tm.pofile` (polib) reads PO files into units; this module is for changing a PO file
while keeping everything else as it was. The file is kept as its lines, each entry is located
by line numbers (where it starts, where its keywords and its ``msgstr`` begin, where it ends)
and decoded just enough to know its texts and flags. :meth:`PoText.render` then writes the
file back with some entries' lines replaced: the wrapping, comments and obsolete entries of
every other entry keep their exact bytes, so a diff shows only what was filled.

The scanner reads the PO grammar line by line, which is much faster than polib on large
files. When it refuses a file, polib is asked for its verdict first, since polib's syntax
errors are the ones users know. String literals are read and written as gettext does
(:mod:`tm.postrings`), as :mod:`tm.pofile` reads them.
"""

from __future__ import annotations

import re

from tm.errors import InputError
from tm.postrings import escape, unescape

_CHARSET = re.compile(rb"Content-Type:[^\n]*?charset=([-\w.:]+)")
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
# Line breaks str.splitlines knows beside CR and LF; inside a PO string they are characters.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class PoEntry:
    """Where one entry sits in the file's lines, and its texts."""

    __slots__ = ("start", "end", "first_kw", "msgstr_start", "msgctxt", "msgid", "msgid_plural",
                 "msgstr", "flags", "obsolete", "line")  # fmt: skip

    def __init__(self, start: int) -> None:
        self.start = self.end = start  # lines [start, end): its comments to its last line
        self.first_kw: int | None = None  # its first keyword line (after the comments)
        self.msgstr_start: int | None = None
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: dict[int, str] = {}
        self.flags: list[str] = []
        self.obsolete = False
        self.line = start + 1

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


class PoText:
    """A PO or POT file as lines, with its entries located, for editing in place."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        match = _CHARSET.search(data)
        charset = match.group(1).decode("ascii") if match else "utf-8"
        self.template_charset = charset.upper() == "CHARSET"
        self.charset = "utf-8" if self.template_charset else charset
        try:
            text = data.decode(self.charset)
        except (LookupError, UnicodeDecodeError):
            _polib_error(data, name)
            raise InputError(f"cannot decode the file as {charset}", name) from None
        self.bom = text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
        if any(c in text for c in _OTHER_BREAKS):  # faster than one regex search
            self.lines = _split_lines(text)
        else:
            self.lines = text.splitlines(keepends=True)
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        try:
            self.entries = self._scan()
        except _Syntax as exc:
            _polib_error(data, name)
            raise InputError(f"PO syntax error: {exc.reason}", name, exc.line) from None
        self.header = next(
            (e for e in self.entries if e.msgid == "" and e.msgctxt is None and not e.obsolete),
            None,
        )

    def _scan(self) -> list[PoEntry]:
        """Locate the entries; a line-by-line reading of the PO grammar, fast on large files."""
        entries: list[PoEntry] = []
        cur: PoEntry | None = None
        target: tuple[str, int] | None = None  # the field a continuation line extends
        for i, raw in enumerate(self.lines):
            line = raw.strip()
            if not line:
                if cur is not None and cur.msgstr_start is not None:
                    entries.append(cur)
                    cur = target = None
                continue
            first = line[0]
            obsolete = False
            if first == "#" and line.startswith("#~"):
                obsolete = True
                line = line[2:].strip()
                if not line or line[0] == "|":
                    line = "#" + line
                first = line[0]
            if first == "#":
                if cur is not None and cur.msgstr_start is not None:
                    entries.append(cur)
                    cur = target = None
                if cur is None:
                    cur = PoEntry(i)
                cur.obsolete |= obsolete
                if line.startswith("#,") and not obsolete:
                    cur.flags = [f.strip() for f in line[2:].split(",") if f.strip()]
                cur.end = i + 1
                continue
            if first == '"':
                if cur is None or target is None or len(line) < 2 or line[-1] != '"':
                    raise _Syntax(f"unexpected line {line[:40]!r}", i + 1)
                value = self._unescape(line[1:-1], i)
                if target[0] == "msgstr":
                    cur.msgstr[target[1]] += value
                else:
                    setattr(cur, target[0], getattr(cur, target[0]) + value)
                cur.end = i + 1
                continue
            match = _KEYWORD.match(line)
            if match is None:
                raise _Syntax(f"unexpected line {line[:40]!r}", i + 1)
            keyword = match.group(1)
            if keyword[3] == "s":  # msgstr, msgstr[N]
                if cur is None or cur.msgid is None:
                    raise _Syntax("msgstr without msgid", i + 1)
                if cur.msgstr_start is None:
                    cur.msgstr_start = i
                form = int(match.group(2) or 0)
                cur.msgstr[form] = self._unescape(match.group(3), i)
                target = ("msgstr", form)
            else:
                if cur is not None and (
                    cur.msgstr_start is not None
                    or (keyword != "msgid_plural" and cur.msgid is not None)
                ):
                    if cur.msgstr_start is None:
                        raise _Syntax(f"{keyword} before the msgstr of the entry above", i + 1)
                    entries.append(cur)
                    cur = None
                if cur is None:
                    cur = PoEntry(i)
                if cur.first_kw is None:
                    cur.first_kw, cur.line = i, i + 1
                setattr(cur, keyword, self._unescape(match.group(3), i))
                target = (keyword, 0)
            cur.obsolete |= obsolete
            cur.end = i + 1
        if cur is not None and cur.msgstr_start is not None:
            entries.append(cur)
        elif cur is not None and cur.msgid is not None:
            raise _Syntax("msgid without msgstr at the end of the file", cur.end)
        return entries

    def _unescape(self, text: str, i: int) -> str:
        if "\\" not in text and "\0" not in text:
            return text  # most strings have no escape: spare large files a call each
        try:
            return unescape(text, self.charset)
        except InputError as exc:
            raise _Syntax(exc.reason, i + 1) from exc

    def header_field(self, name: str) -> str | None:
        if self.header is None:
            return None
        for line in self.header.msgstr.get(0, "").split("\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def render(self, changes: dict[int, list[str]]) -> bytes:
        """The file with the lines of some entries (by start line) replaced."""
        out: list[str] = []
        i = 0
        starts = {e.start: e for e in self.entries}
        while i < len(self.lines):
            if i in changes:
                out.extend(changes[i])
                i = starts[i].end
                continue
            out.append(self.lines[i])
            i += 1
        text = ("\ufeff" if self.bom else "") + "".join(out)
        try:
            return text.encode(self.charset)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"the translation has characters {self.charset} cannot encode", self.name
            ) from exc


def render_field(keyword: str, text: str, nl: str) -> list[str]:
    """The lines of ``keyword "text"``: one string per line of the text, as gettext writes them."""
    parts = text.split("\n")
    pieces = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return [f'{keyword} "{escape(text)}"{nl}']
    return [f'{keyword} ""{nl}'] + [f'"{escape(p)}"{nl}' for p in pieces]


class _Syntax(Exception):
    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


def _split_lines(text: str) -> list[str]:
    # str.splitlines also splits at U+2028, form feeds and other separators PO files keep
    # inside strings; CR, LF and CRLF are the line breaks (polib's, as tm.pofile gives them).
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _polib_error(data: bytes, name: str) -> None:
    """Raise polib's verdict on a file this module's scanner refused (its messages are good)."""
    from tm.pofile import _parse

    _parse(data, name)
