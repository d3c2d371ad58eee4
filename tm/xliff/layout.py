"""The bytes around a document's root element, kept so that a rewritten file reads the same.

lxml rewrites what lies outside the root: its XML declaration in its own quoting, no line
break between the comments before the root, none after the root's end tag. A pre-translated
file should differ from its original only where targets were filled, so
:func:`split_outside` finds the original bytes before the root's start tag (declaration,
comments, processing instructions, document type) and after its end tag, and the document
writes them back around the serialized root. Where they cannot be found for sure (an
encoding that is not ASCII-compatible, such as UTF-16, or a surprise), it returns None and
lxml's own rendering is used.

Parsing also turns every CRLF line break inside the root into LF; a file whose line breaks
are all CRLF (as tools on Windows write them) gets them back, so that its lines do not end
two ways.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# What may stand outside the root element: white space, processing instructions (the
# XML declaration too), comments, and (before it) a document type declaration.
_MISC = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE = re.compile(
    rb"""<!DOCTYPE(?:[^\[>"']|"[^"]*"|'[^']*'|\[(?:<!--.*?-->|"[^"]*"|'[^']*'|[^\]"'])*\])*>""",
    re.S,
)
_START = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_END = re.compile(rb"\s*>")


@dataclass(frozen=True)
class Outside:
    """The original bytes around the root element, and its line break."""

    before: bytes
    after: bytes
    newline: bytes = b"\n"

    def around(self, root: bytes) -> bytes:
        """The whole document again, from the root element as lxml serializes it."""
        if self.newline != b"\n":
            root = root.replace(b"\n", self.newline)  # a LF byte is never part of a character
        return self.before + root + self.after


def split_outside(data: bytes, root_qname: str) -> Outside | None:
    """The bytes before the root's start tag and after its end tag, or None if unsure.

    *root_qname* is the root element's name as written (``xliff`` or ``x:xliff``).
    """
    if not root_qname.isascii():
        return None
    name = root_qname.encode("ascii")
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    start = _skip(data, start, prolog=True)
    found = _START.match(data, start)
    if found is None or (found.group(1) or b"") + found.group(2) != name:
        return None  # not an ASCII-compatible encoding, or not where the root should be
    last = data.rfind(b"</" + name)
    end = _END.match(data, last + 2 + len(name)) if last > start else None
    if end is None or _skip(data, end.end(), prolog=False) != len(data):
        return None  # the last end tag found is not the root's (one in a trailing comment)
    crlf = data.count(b"\r\n")
    newline = b"\r\n" if crlf and crlf == data.count(b"\n") else b"\n"
    return Outside(data[:start], data[end.end() :], newline)


def _skip(data: bytes, pos: int, prolog: bool) -> int:
    """The position past white space, comments, PIs (and before the root, a doctype)."""
    while pos < len(data):
        found = _MISC.match(data, pos) or (_DOCTYPE.match(data, pos) if prolog else None)
        if found is None:
            break
        pos = found.end()
    return pos
