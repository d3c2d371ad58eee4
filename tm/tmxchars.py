"""Characters XML 1.0 cannot carry, and the TMX placeholder that carries them instead.

XML 1.0 allows tab, LF, CR and every code point from U+0020 except the surrogates and
U+FFFE/U+FFFF; no other C0 control may appear, not even as a character reference
(``&#x1B;`` is a well-formedness error). PO files and memories do hold such characters
(``\\x1b`` escape sequences, form feeds), so a segment writes each one as::

    <ph type="x-concord-char">U+001B</ph>

TMX 1.4b gives ``<ph>`` the native code of a standalone placeholder, as text, and lets tools
define ``type`` values prefixed ``x-``. ``U+001B`` is plain ASCII, valid in any XML, with no
``&`` that a tool re-escaping the content could mangle. Other tools show it as a code:
visible and honest, where dropping the character would lose data silently.

Concord's reader turns back only that exact form: a ``ph`` whose one attribute is
``type="x-concord-char"``, with no children, holding ``U+`` and four to six upper-case hex
digits of a code point XML cannot carry. Every other ``ph``, a real code from another tool
included, stays a code.

In the model the character itself is in ``Variant.text``. When the segment has real inline
codes too, ``Variant.markup`` keeps the placeholder element, because markup must stay XML
that ``tm.inline`` can parse; the text still holds the character. A segment whose only
elements are these placeholders has no markup.

Lone surrogates are refused, not carried: they are not characters, UTF-8 cannot encode
them, and the store (SQLite text, UTF-8) cannot hold one, so a string holding one comes
from a decoding bug upstream, and a placeholder would only move the failure to the import.
"""

from __future__ import annotations

import re

from lxml import etree

from tm.errors import InputError
from tm.inline import seg_content

CHAR_TYPE = "x-concord-char"

# XML 1.0 Char: tab, LF, CR, and everything else from U+0020 except surrogates, FFFE, FFFF.
NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOTATION = re.compile(r"U\+([0-9A-F]{4,6})")


def char_placeholder(char: str) -> str:
    """The placeholder's markup for *char*, a character XML 1.0 cannot carry.

    For code that builds a segment's markup: there the character must stand as this.
    """
    return f'<ph type="{CHAR_TYPE}">{_notation(char)}</ph>'


def check_surrogates(text: str, fmt: str = "TMX") -> None:
    """Raise :class:`InputError` if *text* holds a lone surrogate (see the module notes): not
    a character, so no placeholder (nor XLIFF's ``<cp>``) can stand for it in *fmt*."""
    bad = _SURROGATE.search(text)
    if bad:
        raise InputError(
            f"cannot write U+{ord(bad.group()):04X} to {fmt}: a lone surrogate is not a "
            f"character (in {text[:40]!r})"
        )


def append_text(seg: etree._Element, text: str) -> None:
    """Put *text* in *seg* (empty, being built), each character XML cannot carry as a placeholder."""
    pieces = NOT_XML_CHAR.split(text)
    if len(pieces) == 1:
        seg.text = text
        return
    check_surrogates(text)
    seg.text = pieces[0]
    for match, tail in zip(NOT_XML_CHAR.finditer(text), pieces[1:], strict=True):
        ph = etree.SubElement(seg, "ph", type=CHAR_TYPE)
        ph.text = _notation(match.group())
        ph.tail = tail


def read_seg(seg: etree._Element) -> tuple[str, str | None]:
    """Like :func:`tm.inline.seg_content`, with Concord's placeholders read as characters."""
    text, markup = seg_content(seg)
    if markup is None:
        return text, None
    ns = etree.QName(seg).namespace
    ph_tag = f"{{{ns}}}ph" if ns else "ph"
    elements = [child for child in seg.iterdescendants() if isinstance(child.tag, str)]
    chars = [placeholder_char(child, ph_tag) for child in elements]
    if not any(chars):
        return text, markup
    text = _plain(seg, ph_tag)
    return text, None if all(chars) else markup


def placeholder_char(element: etree._Element, ph_tag: str = "ph") -> str | None:
    """The character *element* stands for if it is Concord's placeholder, else None."""
    if element.tag != ph_tag or len(element) or element.attrib.items() != [("type", CHAR_TYPE)]:
        return None
    match = _NOTATION.fullmatch(element.text or "")
    if not match or int(match.group(1), 16) > 0x10FFFF:
        return None
    char = chr(int(match.group(1), 16))
    if not NOT_XML_CHAR.match(char) or _SURROGATE.match(char):
        return None  # a character XML carries was never written this way: a real code
    return char


def _plain(element: etree._Element, ph_tag: str) -> str:
    # tm.inline's plain text (hi stays, codes and subflows go), reading placeholders as
    # their characters; seg_content has already refused anything that is not TMX inline.
    parts = [element.text or ""]
    for child in element:
        char = placeholder_char(child, ph_tag) if isinstance(child.tag, str) else None
        if char is not None:
            parts.append(char)
        elif isinstance(child.tag, str) and etree.QName(child).localname == "hi":
            parts.append(_plain(child, ph_tag))
        parts.append(child.tail or "")
    return "".join(parts)


def _notation(char: str) -> str:
    return f"U+{ord(char):04X}"
