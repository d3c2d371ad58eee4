"""Inline codes: XLIFF 1.2 and 2.x inline elements to TMX inline markup, and back.

Inline codes map onto TMX inline markup (see :mod:`tm.unit`) so matching and the memory
see one representation. Each code keeps the XLIFF element it came from as its native
code, so a round trip gives the same element back:

=================================  ===========================================================
XLIFF 1.2 / 2.x                    TMX markup
=================================  ===========================================================
``g``, ``mrk`` / ``pc``, ``mrk``   ``<bpt>`` holding the start tag, content, ``<ept>`` the end
``x`` / ``ph``                     ``<ph>`` holding the element
``bx``, ``ex`` / ``sc``, ``ec``,   ``<it pos="begin|end">`` holding the element
``sm``, ``em``
1.2 ``bpt``, ``ept``, ``ph``,      the same TMX element, holding the whole XLIFF element
``it``
=================================  ===========================================================

TMX markup from other sources (native codes such as ``<b>``) becomes 1.2 ``bpt``/``ept``/
``ph``/``it`` with that native code, or 2.x ``sc``/``ec``/``ph`` codes.

A character XML 1.0 cannot carry is no code: 2.x ``<cp hex="001B"/>`` and Concord's 1.2
``<ph ctype="x-concord-char">`` are read as the character, and the character is written as
them (:mod:`tm.xliff.chars`).

Module and extension data (attributes and elements of other namespaces):

* An **element of another namespace** is one opaque ``<ph>`` code whose native code is the
  whole element with its namespace declarations, so it comes back as itself, but only into
  a document that declares that namespace; elsewhere it is a foreign code like ``<b>``.
* **Attributes of other namespaces** on an XLIFF code (``fs:fs``, ``slr:sizeRestriction``,
  ``its:*``) stay out of the markup: they describe the code, not what it is, and two codes
  that differ only in them must still match. A filled target gets them back from the source
  code it stands for (:mod:`tm.xliff.foreign`).
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from tm.errors import InputError
from tm.inline import escape_attr, escape_text, markup_to_xml
from tm.tmxchars import NOT_XML_CHAR, char_placeholder
from tm.xliff.chars import char_element, char_seg, check_surrogates, xliff_char
from tm.xliff.common import local_name, namespace_of
from tm.xmlsafe import XML_NS, safe_parser

_PAIRED = {"1.2": {"g", "mrk"}, "2": {"pc", "mrk"}}
_STANDALONE = {"1.2": {"x"}, "2": {"ph", "cp"}}
_BEGIN = {"1.2": {"bx"}, "2": {"sc", "sm"}}
_END = {"1.2": {"ex"}, "2": {"ec", "em"}}
_NATIVE_12 = {"bpt", "ept", "ph", "it"}  # 1.2 codes holding native data
_INLINE = {
    "1.2": _PAIRED["1.2"] | _STANDALONE["1.2"] | _BEGIN["1.2"] | _END["1.2"] | _NATIVE_12,
    "2": _PAIRED["2"] | _STANDALONE["2"] | _BEGIN["2"] | _END["2"],
}
_START_TAG = re.compile(r"^<([A-Za-z_][\w.-]*)(\s[^<>]*)?(?<!/)>$")


# XLIFF to TMX markup ----------------------------------------------------------------------


def content(element: etree._Element, version: str, ns: str) -> tuple[str, str | None]:
    """The plain text and TMX markup (None without codes) of a source, target or mrk."""
    walker = _ToMarkup(version, ns)
    if version == "1.2":  # paired codes are numbered around the native bpt/ept ids
        walker.taken = {
            c.get("rid") or c.get("id")
            for c in element.iter(f"{{{ns}}}bpt" if ns else "bpt", f"{{{ns}}}ept" if ns else "ept")
        }
    walker.walk(element)
    text = "".join(walker.text)
    return text, ("".join(walker.markup) if walker.has_code else None)


class _ToMarkup:
    def __init__(self, version: str, ns: str) -> None:
        self.version, self.ns = version, ns
        self.text: list[str] = []
        self.markup: list[str] = []
        self.has_code = False
        self.pairs = 0
        self.taken: set[str | None] = set()

    def walk(self, element: etree._Element) -> None:
        self._chars(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self._code(child)
            elif isinstance(child, etree._Entity):
                raise InputError(
                    f"undefined entity {child.text} (DTDs are not loaded)", None, child.sourceline
                )
            self._chars(child.tail)

    def _chars(self, text: str | None) -> None:
        if text:
            self.text.append(text)
            self.markup.append(escape_text(text))

    def _code(self, child: etree._Element) -> None:
        char = xliff_char(child, self.version, self.ns)
        if char is not None:  # text, not a code; markup keeps it as TMX does (tm.tmxchars)
            self.text.append(char)
            unwritable = NOT_XML_CHAR.match(char)
            self.markup.append(char_placeholder(char) if unwritable else escape_text(char))
            return
        self.has_code = True
        name = local_name(child) if namespace_of(child) == self.ns else None
        v = self.version
        ident = child.get("id")
        kind = child.get("ctype") if v == "1.2" else child.get("type")
        attrs = _attrs(("x", ident), ("type", kind))
        if name in _PAIRED[v] and not (name == "mrk" and child.get("mtype") == "seg"):
            self.pairs += 1
            while str(self.pairs) in self.taken:
                self.pairs += 1
            i = self.pairs
            self.markup.append(f'<bpt i="{i}"{attrs}>{escape_text(_start_tag(child))}</bpt>')
            self.walk(child)
            self.markup.append(f'<ept i="{i}">{escape_text(f"</{name}>")}</ept>')
        elif name in _BEGIN[v] or name in _END[v]:
            pos = "begin" if name in _BEGIN[v] else "end"
            self.markup.append(
                f'<it pos="{pos}"{attrs}>{escape_text(_element_xml(child, self.ns))}</it>'
            )
        elif v == "1.2" and name in _NATIVE_12:
            code = escape_text(_element_xml(child, self.ns))
            if name in ("bpt", "ept"):
                i = escape_attr(child.get("rid") or ident or "0")
                extra = attrs if name == "bpt" else ""
                self.markup.append(f'<{name} i="{i}"{extra}>{code}</{name}>')
            elif name == "it":
                pos = "end" if child.get("pos") == "close" else "begin"
                self.markup.append(f'<it pos="{pos}"{attrs}>{code}</it>')
            else:
                self.markup.append(f"<ph{attrs}>{code}</ph>")
        else:  # x, ph, cp, and elements of other namespaces: one opaque code
            self.markup.append(f"<ph{attrs}>{escape_text(_element_xml(child, self.ns))}</ph>")


def _attrs(*pairs: tuple[str, str | None]) -> str:
    return "".join(f' {k}="{escape_attr(v)}"' for k, v in pairs if v is not None)


def _attr_items(element: etree._Element) -> str:
    out = []
    for key, value in element.attrib.items():
        qname = etree.QName(key)
        if qname.namespace is None:
            out.append(f' {qname.localname}="{escape_attr(value)}"')
        elif qname.namespace == XML_NS:
            out.append(f' xml:{qname.localname}="{escape_attr(value)}"')
        # Attributes of other namespaces (modules) are left out: see the module docstring.
    return "".join(out)


def _start_tag(element: etree._Element) -> str:
    return f"<{local_name(element)}{_attr_items(element)}>"


def _element_xml(element: etree._Element, ns: str) -> str:
    """The element as XML, without the XLIFF namespace; elements of others keep theirs."""
    if namespace_of(element) not in (ns, ""):
        return _foreign_xml(element)
    inner = [escape_text(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            inner.append(_element_xml(child, ns))
        inner.append(escape_text(child.tail or ""))
    name = local_name(element)
    body = "".join(inner)
    if not body:
        return f"<{name}{_attr_items(element)}/>"
    return f"<{name}{_attr_items(element)}>{body}</{name}>"


def _foreign_xml(element: etree._Element) -> str:
    """An element of another namespace as it is, declaring the namespaces it uses."""
    alone = copy.deepcopy(element)  # a copy declares every namespace in scope...
    alone.tail = None
    etree.cleanup_namespaces(alone)  # ...of which it keeps those it uses
    return etree.tostring(alone, encoding="unicode")


# TMX markup to XLIFF ----------------------------------------------------------------------


def set_content(element: etree._Element, text: str, markup: str | None, version: str) -> None:
    """Replace the content of *element* (a source, target or mrk) with text or TMX markup.

    What can fail (markup that does not parse, a lone surrogate) fails before the element
    is touched: a fill that is refused leaves the file's target as it was.
    """
    seg = None
    if markup is not None or NOT_XML_CHAR.search(text):
        # A character XML cannot carry is written as a code: the text then goes as markup too.
        if markup is not None:
            check_surrogates(markup)  # before lxml, which cannot even encode one
        seg = markup_to_xml(markup) if markup is not None else char_seg(text)
        built = etree.Element(element.tag, nsmap=element.nsmap)
        _FromMarkup(version, namespace_of(element)).emit(seg, built)
    for child in list(element):
        element.remove(child)
    element.text = None
    if seg is None:
        element.text = text or None
        return
    element.text = built.text
    for child in list(built):
        element.append(child)


class _FromMarkup:
    def __init__(self, version: str, ns: str) -> None:
        self.version, self.ns = version, ns
        self.count = 0
        self.chars = 0

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def emit(self, seg: etree._Element, parent: etree._Element) -> None:
        stack: list[tuple[str, etree._Element]] = [("", parent)]  # (bpt i, element)
        self._emit_children(seg, stack)

    def _emit_children(self, seg: etree._Element, stack: list[tuple[str, etree._Element]]) -> None:
        _append_text(stack[-1][1], seg.text)
        for node in seg:
            self._emit_node(node, stack)
            _append_text(stack[-1][1], node.tail)

    def _emit_node(self, node: etree._Element, stack: list[tuple[str, etree._Element]]) -> None:
        parent = stack[-1][1]
        name = node.tag
        code = "".join(node.itertext())
        if name == "hi":
            self.count += 1
            if self.version == "1.2":
                mark = etree.SubElement(parent, self._q("mrk"), mtype=node.get("type") or "x-hi")
            else:
                mark = etree.SubElement(
                    parent, self._q("mrk"), id=f"hi{self.count}", type="generic"
                )
            inner: list[tuple[str, etree._Element]] = [("", mark)]
            self._emit_children(node, inner)
            return
        if name == "sub":
            return
        if name == "ph":
            char = char_element(node, self.version, self.ns, self.chars + 1)
            if char is not None:
                self.chars += 1
                parent.append(char)
                return
        if name == "bpt":
            opened = self._open_tag(code)
            if opened is not None:
                parent.append(opened)
                stack.append((node.get("i") or "", opened))
                return
        if name == "ept" and any(i == (node.get("i") or "") for i, _ in stack[1:]):
            while stack[-1][0] != (node.get("i") or ""):
                stack.pop()
            stack.pop()
            return
        element = self._whole_element(code, parent)
        if element is None:
            element = self._foreign(node, code)
        parent.append(element)

    def _open_tag(self, code: str) -> etree._Element | None:
        """An XLIFF paired element from a start tag kept as native code (``<g id="1">``)."""
        match = _START_TAG.match(code.strip())
        if not match or match.group(1) not in _PAIRED[self.version]:
            return None
        return self._parse(f"{code.strip()}</{match.group(1)}>")

    def _whole_element(self, code: str, parent: etree._Element) -> etree._Element | None:
        """The XLIFF code, or element of a namespace the document uses, a native code holds."""
        code = code.strip()
        if not code.startswith("<"):
            return None
        element = self._parse(code)
        if element is None:
            return None
        if namespace_of(element) == self.ns:
            return element if local_name(element) in _INLINE[self.version] else None
        # An extension's element goes back only where its namespace is declared (the file
        # it came from); a namespaced native code from elsewhere is a foreign code.
        return element if namespace_of(element) in parent.nsmap.values() else None

    def _parse(self, xml: str) -> etree._Element | None:
        try:
            element = etree.fromstring(xml.encode("utf-8"), safe_parser())
        except etree.XMLSyntaxError:
            return None
        for el in element.iter():
            if isinstance(el.tag, str) and namespace_of(el) == "":
                el.tag = self._q(etree.QName(el).localname)  # native codes leave XLIFF's out
        return element

    def _foreign(self, node: etree._Element, code: str) -> etree._Element:
        """A code of another origin (a TMX file's ``<b>``) as this version's code."""
        self.count += 1
        name = node.tag
        if self.version == "1.2":
            if name in ("bpt", "ept"):
                element = etree.Element(self._q(name), id=node.get("i") or str(self.count))
            elif name == "it":
                pos = "close" if node.get("pos") == "end" else "open"
                element = etree.Element(self._q("it"), id=str(self.count), pos=pos)
            else:
                element = etree.Element(self._q("ph"), id=node.get("x") or str(self.count))
            element.text = code or None
            return element
        if name == "bpt":
            return etree.Element(self._q("sc"), id=f"c{node.get('i') or self.count}")
        if name == "ept":
            return etree.Element(self._q("ec"), id=f"e{self.count}", isolated="yes")
        if name == "it":
            tag = "sc" if node.get("pos") != "end" else "ec"
            return etree.Element(self._q(tag), id=f"c{self.count}", isolated="yes")
        return etree.Element(self._q("ph"), id=f"c{self.count}")


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
