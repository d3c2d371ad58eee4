"""Characters XML 1.0 cannot carry, in XLIFF segments: read as themselves, written as codes.

A memory's text may hold characters no XML 1.0 document can (``\\x1b`` escape sequences,
form feeds, U+FFFE; see :mod:`tm.tmxchars`). In XLIFF they are written:

* **XLIFF 2.x**: ``<cp hex="001B"/>``, the element the standard has for exactly this.
* **XLIFF 1.2** has no such element, so the character becomes Concord's placeholder, as in
  TMX: ``<ph id="char1" ctype="x-concord-char">U+001B</ph>``. 1.2 lets tools define
  ``ctype`` values prefixed ``x-``; other tools show it as a code.

Reading turns them back into the character, wherever they are (a source read for matching,
a target imported): a ``cp`` with a code point in ``hex`` (even one XML could carry, which
writers must not encode so, but whose meaning is plain), and a 1.2 ``ph`` of exactly the
form above, with no other attribute and no children; the notation must name a character
XML cannot carry, as :func:`tm.tmxchars.placeholder_char` checks. Any other ``ph``, a real
code from another tool included, stays a code, and so does a ``cp`` whose ``hex`` names no
character (a surrogate, a value past U+10FFFF): kept, not guessed at.

In the memory's markup a character XML cannot carry stands as TMX's placeholder
(:func:`tm.tmxchars.char_placeholder`), the form a TMX file's segment has, so a segment
matches the same unit whichever format either came from.
"""

from __future__ import annotations

import re

from lxml import etree

from tm import tmxchars
from tm.errors import InputError
from tm.tmxchars import CHAR_TYPE, NOT_XML_CHAR, append_text, placeholder_char
from tm.xliff.common import local_name, namespace_of

_HEX = re.compile(r"[0-9A-Fa-f]{1,6}")
_PH_ATTRS = ({"ctype"}, {"id", "ctype"})


def xliff_char(element: etree._Element, version: str, ns: str) -> str | None:
    """The character an XLIFF inline element stands for (``cp``, Concord's 1.2 ``ph``), or None."""
    if namespace_of(element) != ns:
        return None
    name = local_name(element)
    if version != "1.2" and name == "cp":
        code = element.get("hex") or ""
        if not _HEX.fullmatch(code):
            return None
        value = int(code, 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None  # not a character: kept as an opaque code
        return chr(value)
    if version == "1.2" and name == "ph" and element.get("ctype") == CHAR_TYPE:
        if len(element) or set(element.attrib) not in _PH_ATTRS:
            return None
        # TMX's placeholder holds the same notation: let its reader judge it, one rule for both.
        probe = etree.Element("ph", type=CHAR_TYPE)
        probe.text = element.text
        return placeholder_char(probe)
    return None


def char_seg(text: str) -> etree._Element:
    """*text* as a TMX ``<seg>``, each character XML cannot carry as TMX's placeholder."""
    check_surrogates(text)
    seg = etree.Element("seg")
    append_text(seg, text)
    return seg


def char_element(node: etree._Element, version: str, ns: str, number: int) -> etree._Element | None:
    """The XLIFF element for a TMX markup node that is Concord's placeholder, else None.

    *number* numbers the 1.2 placeholders of one element (their ``id``).
    """
    if placeholder_char(node) is None:
        return None
    notation = node.text  # "U+001B", as placeholder_char has checked
    tag = f"{{{ns}}}" if ns else ""
    if version == "1.2":
        element = etree.Element(f"{tag}ph", id=f"char{number}", ctype=CHAR_TYPE)
        element.text = notation
        return element
    return etree.Element(f"{tag}cp", hex=notation[2:])


def check_surrogates(text: str) -> None:
    """Refuse a lone surrogate: not a character, so not even ``<cp>`` can stand for it."""
    tmxchars.check_surrogates(text, "XLIFF")


def check_plain(text: str) -> None:
    """Refuse a character XML cannot carry in text that cannot hold an element (a note, an id)."""
    bad = NOT_XML_CHAR.search(text)
    if bad:
        raise InputError(
            f"cannot write U+{ord(bad.group()):04X} to XLIFF: XML 1.0 does not allow it, and "
            f"only a segment's text can carry it as a code (in {text[:40]!r})"
        )
