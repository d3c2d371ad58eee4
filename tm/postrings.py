"""PO string literals as GNU gettext reads and writes them.

Reading follows gettext's lexer (``po-lex.c``; checked against msgfmt 0.21):

* ``\\n \\t \\r \\a \\b \\f \\v \\\\ \\"`` are the C escapes.
* ``\\ooo`` (one to three octal digits) and ``\\xhh`` (one or more hex digits) give one byte,
  the value modulo 256 (``\\x414243`` is ``C``), in the file's charset: ``\\303\\251`` is
  ``é`` in a UTF-8 file. Bytes that are no text in that charset are an error.
* A NUL, escaped or not, ends the literal (gettext's strings are C strings: msgfmt drops
  the rest of that literal and keeps the next line's).
* Any other escape (``\\e``, ``\\u00e9``, ``\\q``) is an error, as msgfmt's "invalid control
  sequence" is, and so is a backslash before the closing quote (the string never ends).

Writing follows gettext's writer (``write-po.c``, what msgcat writes): the nine C escapes,
every other character as itself (msgfmt reads an ESC or a DEL as written). NUL and EOT
cannot be written at all: gettext ends a string at a NUL, and msgfmt refuses an EOT (the
separator of ``msgctxt`` and ``msgid`` in compiled catalogs) anywhere in a string, escaped
or not.
"""

from __future__ import annotations

import re

from tm.errors import InputError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"'}  # fmt: skip
_WRITTEN = str.maketrans({char: "\\" + letter for letter, char in _ESCAPES.items()})
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|\Z)", re.S)
_UNWRITABLE = re.compile("[\x00\x04]")
_KNOWN = '\\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\ooo \\xhh'


def unescape(text: str, charset: str = "utf-8") -> str:
    """A PO string literal's content (between its quotes) as gettext reads it.

    Raises :class:`InputError` (without file or line: the caller knows them) for an escape
    gettext refuses.
    """
    if "\\" not in text:
        return text.partition("\0")[0] if "\0" in text else text
    out: list[str] = []
    data = bytearray()  # octal and hex escapes in a row: one character may take several bytes
    pos = 0
    for match in _ESCAPE.finditer(text):
        octal, hexa, letter = match.groups()
        if match.start() > pos or not (octal or hexa):
            _flush(data, out, charset)
            out.append(text[pos : match.start()])
        pos = match.end()
        if octal or hexa:
            data.append(int(octal or hexa, 8 if octal else 16) % 256)
        elif letter in _ESCAPES:
            out.append(_ESCAPES[letter])
        elif letter is None:
            raise InputError('the string does not end: its closing quote is escaped (\\")')
        else:
            raise InputError(f"invalid escape sequence \\{letter} (gettext knows {_KNOWN})")
    _flush(data, out, charset)
    out.append(text[pos:])
    return "".join(out).partition("\0")[0]


def escape(text: str) -> str:
    """*text* as the content of a PO string literal, escaped as gettext writes it.

    Raises :class:`InputError` for a NUL or EOT, which no PO string can hold.
    """
    bad = _UNWRITABLE.search(text)
    if bad:
        why = "gettext ends a string there" if bad.group() == "\0" else "msgfmt refuses it"
        raise InputError(
            f"a PO string cannot hold U+{ord(bad.group()):04X} ({why}; in {text[:40]!r})"
        )
    return text.translate(_WRITTEN)


def _flush(data: bytearray, out: list[str], charset: str) -> None:
    if not data:
        return
    try:
        out.append(data.decode(charset))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"escapes give bytes {bytes(data)!r}, which are not valid {charset} ({exc.reason})"
        ) from exc
    data.clear()
