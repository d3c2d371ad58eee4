"""TMX inline content: the codes inside a ``<seg>`` and the plain text matching sees.

A segment's markup is the inner XML of its ``<seg>``, serialised here in one canonical way
(attributes in document order, double quotes, no namespace declarations), so that reading
what was written gives back the same string.

Neutralising codes for the plain text follows the TMX 1.4b spec: ``bpt``, ``ept``, ``ph``,
``it`` and ``ut`` hold native codes of the original format, so their content goes; ``sub``
is a separate subflow (a tooltip, an alt text) and goes too; ``hi`` only delimits a span of
the segment's own text, which stays.
"""

from __future__ import annotations

from lxml import etree

from tm.errors import InputError
from tm.xmlsafe import XML_NS, safe_parser

CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})  # hold native codes of the original format
INLINE = CODES | {"hi", "sub"}

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)


def escape_text(text: str) -> str:
    """Escape *text* for XML character data (``\\r`` too, or a parser would turn it into ``\\n``)."""
    return text.translate(_TEXT_ESCAPES)


def escape_attr(value: str) -> str:
    """Escape *value* for a double-quoted XML attribute, keeping tabs and line breaks."""
    return value.translate(_ATTR_ESCAPES)


def seg_content(seg: etree._Element) -> tuple[str, str | None]:
    """The plain text and the markup (None when there is no inline element) of a ``<seg>``."""
    if not len(seg):
        return seg.text or "", None
    ns = etree.QName(seg).namespace
    text = _plain(seg, ns)
    if not any(_is_node(child) for child in seg):
        return text, None  # only comments or processing instructions
    return text, "".join(_inner_xml(seg, ns))


def plain_text(markup: str) -> str:
    """The plain text of a markup fragment, with native codes and subflows removed."""
    return _plain(markup_to_xml(markup), None)


def markup_to_xml(markup: str) -> etree._Element:
    """Parse a markup fragment (safely) into a ``<seg>`` element holding it."""
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>".encode(), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"invalid inline markup {markup!r}: {exc.msg}") from exc
    etree.strip_elements(seg, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _check_names(seg)
    return seg


def append_markup(parent: etree._Element, markup: str) -> None:
    """Append the content of a markup fragment to *parent* (a ``<seg>`` being built)."""
    seg = markup_to_xml(markup)
    if seg.text and len(parent):
        parent[-1].tail = (parent[-1].tail or "") + seg.text
    elif seg.text:
        parent.text = (parent.text or "") + seg.text
    for child in list(seg):
        parent.append(child)  # moves the child, its tail included


def _is_node(child: etree._Element) -> bool:
    """True for elements and unresolved entities; comments and PIs are not content."""
    return isinstance(child.tag, str) or isinstance(child, etree._Entity)


def _name(element: etree._Element, ns: str | None) -> str:
    """The TMX name of an inline element; refuses entities and elements TMX does not define."""
    if isinstance(element, etree._Entity):
        raise InputError(
            f"undefined entity {element.text} in a segment (DTDs are not loaded)",
            None,
            element.sourceline,
        )
    qname = etree.QName(element)
    if qname.namespace != ns or qname.localname not in INLINE:
        raise InputError(f"unknown inline element <{element.tag}>", None, element.sourceline)
    return qname.localname


def _check_names(seg: etree._Element) -> None:
    for element in seg.iterdescendants():
        _name(element, None)
        for key in element.attrib:
            _attr_name(key)


def _str(text: str | None) -> str:
    return text or ""


def _plain(element: etree._Element, ns: str | None) -> str:
    parts = [_str(element.text)]
    for child in element:
        if _is_node(child) and _name(child, ns) == "hi":
            parts.append(_plain(child, ns))
        parts.append(_str(child.tail))
    return "".join(parts)


def _inner_xml(element: etree._Element, ns: str | None) -> list[str]:
    out = [escape_text(_str(element.text))]
    for child in element:
        if _is_node(child):
            out.extend(_outer_xml(child, ns))
        out.append(escape_text(_str(child.tail)))
    return out


def _outer_xml(element: etree._Element, ns: str | None) -> list[str]:
    name = _name(element, ns)
    attrs = "".join(f' {_attr_name(k)}="{escape_attr(v)}"' for k, v in element.attrib.items())
    inner = _inner_xml(element, ns)
    if not any(inner):
        return [f"<{name}{attrs}/>"]
    return [f"<{name}{attrs}>", *inner, f"</{name}>"]


def _attr_name(key: str) -> str:
    qname = etree.QName(key)
    if qname.namespace is None:
        return qname.localname
    if qname.namespace == XML_NS:
        return f"xml:{qname.localname}"
    raise InputError(f"inline attribute in a foreign namespace: {key}")
