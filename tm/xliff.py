"""XLIFF 1.2 and 2.0/2.1: read segments into units, write units, fill targets in place.

* :func:`read_xliff` streams a file (either version) and yields one unit per segment with a
  target (per ``<mrk mtype="seg">`` of a 1.2 ``<seg-source>``, per ``<segment>`` in 2.x).
* :func:`write_xliff` writes units as a new XLIFF file of either version.
* :class:`XliffDocument` holds a whole document for pre-translation: it lists the segments,
  fills targets with match data (1.2 ``state``/``alt-trans``, 2.x ``state`` and the
  matches module) and writes the document back with everything else untouched.

Inline codes map onto TMX inline markup (see :mod:`tm.unit`) so matching and the memory
see one representation. Each code keeps the XLIFF element it came from as its native
code, so a round trip gives the same element back:

=================================  ===========================================================
XLIFF 1.2 / 2.x                    TMX markup
=================================  ===========================================================
``g``, ``mrk`` / ``pc``, ``mrk``   ``<bpt>`` holding the start tag, content, ``<ept>`` the end
``x`` / ``ph``, ``cp``             ``<ph>`` holding the element
``bx``, ``ex`` / ``sc``, ``ec``,   ``<it pos="begin|end">`` holding the element
``sm``, ``em``
1.2 ``bpt``, ``ept``, ``ph``,      the same TMX element, holding the whole XLIFF element
``it``
=================================  ===========================================================

TMX markup from other sources (native codes such as ``<b>``) becomes 1.2 ``bpt``/``ept``/
``ph``/``it`` with that native code, or 2.x ``sc``/``ec``/``ph`` codes.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from tm.errors import ConcordError, InputError
from tm.inline import escape_attr, escape_text, markup_to_xml
from tm.lang import normalize_lang
from tm.unit import TranslationUnit, Variant
from tm.xmlsafe import XML_LANG, XML_NS, iterparse_safe, safe_parser

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
PROP_STATE = "x-xliff-state"
PROP_ORIGINAL = "x-xliff-original"
PROP_RESNAME = "x-xliff-resname"
CONTEXT_TYPE = "x-po-msgctxt"  # how Translate Toolkit keeps a PO msgctxt in XLIFF 1.2

_PAIRED = {"1.2": {"g", "mrk"}, "2": {"pc", "mrk"}}
_STANDALONE = {"1.2": {"x"}, "2": {"ph", "cp"}}
_BEGIN = {"1.2": {"bx"}, "2": {"sc", "sm"}}
_END = {"1.2": {"ex"}, "2": {"ec", "em"}}
_NATIVE_12 = {"bpt", "ept", "ph", "it"}  # 1.2 codes holding native data
_INLINE = {
    "1.2": _PAIRED["1.2"] | _STANDALONE["1.2"] | _BEGIN["1.2"] | _END["1.2"] | _NATIVE_12,
    "2": _PAIRED["2"] | _STANDALONE["2"] | _BEGIN["2"] | _END["2"],
}
# States of a target that count as not translated yet.
UNTRANSLATED_STATES = frozenset({"new", "needs-translation", "initial"})
_START_TAG = re.compile(r"^<([A-Za-z_][\w.-]*)(\s[^<>]*)?(?<!/)>$")


@dataclass
class XliffSegment:
    """One segment of an XLIFF file: its texts, state, notes and where it is."""

    unit_id: str
    segment_id: str | None
    src_lang: str
    tgt_lang: str | None
    source: str
    source_markup: str | None
    target: str | None = None
    target_markup: str | None = None
    state: str | None = None
    notes: list[str] = field(default_factory=list)
    context: str | None = None
    resname: str | None = None
    original: str | None = None
    line: int | None = None
    # The elements, for filling the target in place (XliffDocument only).
    unit_element: etree._Element | None = field(default=None, repr=False, compare=False)
    source_element: etree._Element | None = field(default=None, repr=False, compare=False)
    target_element: etree._Element | None = field(default=None, repr=False, compare=False)

    @property
    def is_translated(self) -> bool:
        """A non-empty target whose state does not say it still needs translating."""
        return bool(self.target and self.target.strip()) and self.state not in UNTRANSLATED_STATES


# Reading ----------------------------------------------------------------------------------


def read_xliff(
    fileobj: IO[bytes], name: str = "<xliff>", include_untranslated: bool = False
) -> Iterator[TranslationUnit]:
    """Stream the segments of an XLIFF 1.2 or 2.x file as units (source and target variants).

    Segments without a target are skipped unless *include_untranslated*; they then give
    units with the source variant alone.
    """
    for segment in iter_segments(fileobj, name):
        if segment.target is None and not include_untranslated:
            continue
        yield segment_unit(segment, name)


def iter_segments(fileobj: IO[bytes], name: str = "<xliff>") -> Iterator[XliffSegment]:
    """Stream the segments of an XLIFF file, freeing each unit once read."""
    events = iterparse_safe(fileobj, name)
    reader: _Reader | None = None
    for event, element in events:
        if reader is None:
            reader = _Reader(element, name)
            continue
        tag = _local(element)
        if event == "start" and tag == "file" and _ns(element) == reader.ns:
            reader.start_file(element)
        elif event == "end" and tag == reader.unit_tag and _ns(element) == reader.ns:
            yield from reader.unit_segments(element)
            element.clear(keep_tail=True)
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]


def segment_unit(segment: XliffSegment, name: str) -> TranslationUnit:
    """The unit of the memory one segment makes."""
    variants = [Variant(segment.src_lang, segment.source, segment.source_markup)]
    if segment.target is not None:
        if segment.tgt_lang is None:
            raise InputError("a target without a target language", name, segment.line)
        variants.append(Variant(segment.tgt_lang, segment.target, segment.target_markup))
    props = [
        (kind, value)
        for kind, value in (
            (PROP_STATE, segment.state),
            (PROP_ORIGINAL, segment.original),
            (PROP_RESNAME, segment.resname),
        )
        if value
    ]
    tuid = segment.unit_id
    if segment.segment_id is not None:
        tuid = f"{tuid}#{segment.segment_id}"
    return TranslationUnit(
        variants=variants,
        tuid=tuid,
        context=segment.context,
        origin_file=name,
        origin_line=segment.line,
        notes=list(segment.notes),
        props=props,
    )


class _Reader:
    """What reading needs to know about the document: version, namespace, languages."""

    def __init__(self, root: etree._Element, name: str) -> None:
        self.name = name
        if _local(root) != "xliff":
            raise InputError(
                f"not an XLIFF file: the root element is <{_local(root)}>", name, root.sourceline
            )
        self.ns = _ns(root)
        self.version = _version(root, name)
        self.unit_tag = "trans-unit" if self.version == "1.2" else "unit"
        self.src_lang: str | None = None
        self.tgt_lang: str | None = None
        self.original: str | None = None
        if self.version == "2":
            self.src_lang = self._lang(root.get("srcLang"), root, "srcLang")
            self.tgt_lang = self._lang(root.get("trgLang"), root, "trgLang")
            if self.src_lang is None:
                raise InputError("<xliff> without srcLang", name, root.sourceline)

    def _lang(self, tag: str | None, element: etree._Element, what: str) -> str | None:
        if not tag:
            return None
        try:
            return _normalized(tag)
        except ConcordError as exc:
            raise InputError(
                f"unknown language {tag!r} in {what}", self.name, element.sourceline
            ) from exc

    def start_file(self, element: etree._Element) -> None:
        self.original = element.get("original")
        if self.version == "1.2":
            self.src_lang = self._lang(element.get("source-language"), element, "source-language")
            self.tgt_lang = self._lang(element.get("target-language"), element, "target-language")
            if self.src_lang is None:
                raise InputError("<file> without source-language", self.name, element.sourceline)

    def unit_segments(self, unit: etree._Element) -> list[XliffSegment]:
        if self.src_lang is None:
            raise InputError(f"<{self.unit_tag}> outside a <file>", self.name, unit.sourceline)
        try:
            if self.version == "1.2":
                return _segments_12(unit, self)
            return _segments_2(unit, self)
        except InputError as exc:
            if exc.file is None:
                raise InputError(exc.reason, self.name, exc.line or unit.sourceline) from exc
            raise


def _version(root: etree._Element, name: str) -> str:
    ns = _ns(root)
    version = root.get("version") or ""
    if ns == NS20 or version.startswith("2."):
        return "2"
    if ns in (NS12, "") and (not version or version.startswith("1.")):
        return "1.2"
    raise InputError(
        f"unsupported XLIFF version {version!r} (namespace {ns!r})", name, root.sourceline
    )


def _children(element: etree._Element, ns: str, *names: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and _ns(c) == ns and _local(c) in names]


def _child(element: etree._Element, ns: str, name: str) -> etree._Element | None:
    found = _children(element, ns, name)
    return found[0] if found else None


def _segments_12(tu: etree._Element, reader: _Reader) -> list[XliffSegment]:
    ns = reader.ns
    source = _child(tu, ns, "source")
    if source is None:
        raise InputError("<trans-unit> without <source>", None, tu.sourceline)
    target = _child(tu, ns, "target")
    tgt_lang = reader.tgt_lang
    if target is not None and target.get(XML_LANG):
        tgt_lang = reader._lang(target.get(XML_LANG), target, "xml:lang")
    notes = [n.text or "" for n in _children(tu, ns, "note")]
    context = None
    for group in _children(tu, ns, "context-group"):
        for ctx in _children(group, ns, "context"):
            if ctx.get("context-type") == CONTEXT_TYPE:
                context = ctx.text or ""
    common = {
        "unit_id": tu.get("id") or "",
        "src_lang": reader.src_lang,
        "tgt_lang": tgt_lang,
        "notes": notes,
        "context": context,
        "resname": tu.get("resname"),
        "original": reader.original,
        "unit_element": tu,
    }
    state = target.get("state") if target is not None else None
    seg_source = _child(tu, ns, "seg-source")
    marks = _seg_marks(seg_source, ns) if seg_source is not None else []
    if not marks:
        text, markup = _content(source, "1.2", ns)
        seg = XliffSegment(
            segment_id=None, source=text, source_markup=markup, state=state,
            line=tu.sourceline, source_element=source, target_element=target, **common,
        )  # fmt: skip
        if target is not None:
            seg.target, seg.target_markup = _content(target, "1.2", ns)
        return [seg]
    target_marks = {m.get("mid"): m for m in _seg_marks(target, ns)} if target is not None else {}
    segments = []
    for mark in marks:
        text, markup = _content(mark, "1.2", ns)
        mid = mark.get("mid") or ""
        seg = XliffSegment(
            segment_id=mid, source=text, source_markup=markup, state=state,
            line=mark.sourceline, source_element=mark, target_element=target_marks.get(mid),
            **common,
        )  # fmt: skip
        if mid in target_marks:
            seg.target, seg.target_markup = _content(target_marks[mid], "1.2", ns)
        segments.append(seg)
    return segments


def _seg_marks(element: etree._Element, ns: str) -> list[etree._Element]:
    return [m for m in element.iter(f"{{{ns}}}mrk" if ns else "mrk") if m.get("mtype") == "seg"]


def _segments_2(unit: etree._Element, reader: _Reader) -> list[XliffSegment]:
    ns = reader.ns
    notes, context = [], None
    holder = _child(unit, ns, "notes")
    for note in _children(holder, ns, "note") if holder is not None else []:
        if note.get("category") == CONTEXT_TYPE:
            context = note.text or ""
        else:
            notes.append(note.text or "")
    segments = []
    for element in _children(unit, ns, "segment"):
        source = _child(element, ns, "source")
        if source is None:
            raise InputError("<segment> without <source>", None, element.sourceline)
        target = _child(element, ns, "target")
        text, markup = _content(source, "2", ns)
        seg = XliffSegment(
            unit_id=unit.get("id") or "",
            segment_id=element.get("id"),
            src_lang=reader.src_lang,
            tgt_lang=reader.tgt_lang,
            source=text,
            source_markup=markup,
            state=element.get("state"),
            notes=notes,
            context=context,
            resname=unit.get("name"),
            original=reader.original,
            line=element.sourceline,
            unit_element=unit,
            source_element=source,
            target_element=target,
        )
        if target is not None:
            seg.target, seg.target_markup = _content(target, "2", ns)
        segments.append(seg)
    return segments


# Inline codes: XLIFF to TMX markup --------------------------------------------------------


def _content(element: etree._Element, version: str, ns: str) -> tuple[str, str | None]:
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
        self.has_code = True
        name = _local(child) if _ns(child) == self.ns else None
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
            self.markup.append(f'<it pos="{pos}"{attrs}>{escape_text(_element_xml(child))}</it>')
        elif v == "1.2" and name in _NATIVE_12:
            code = escape_text(_element_xml(child))
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
            self.markup.append(f"<ph{attrs}>{escape_text(_element_xml(child))}</ph>")


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
        # attributes of other namespaces (modules) have no prefix to travel with: dropped
    return "".join(out)


def _start_tag(element: etree._Element) -> str:
    return f"<{_local(element)}{_attr_items(element)}>"


def _element_xml(element: etree._Element) -> str:
    """The element as XML without namespaces (its children too)."""
    inner = [escape_text(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            inner.append(_element_xml(child))
        inner.append(escape_text(child.tail or ""))
    name = _local(element)
    body = "".join(inner)
    if not body:
        return f"<{name}{_attr_items(element)}/>"
    return f"<{name}{_attr_items(element)}>{body}</{name}>"


# Inline codes: TMX markup to XLIFF --------------------------------------------------------


def set_content(element: etree._Element, text: str, markup: str | None, version: str) -> None:
    """Replace the content of *element* (a source, target or mrk) with text or TMX markup."""
    for child in list(element):
        element.remove(child)
    element.text = None
    if markup is None:
        element.text = text or None
        return
    seg = markup_to_xml(markup)
    _FromMarkup(version, _ns(element)).emit(seg, element)


class _FromMarkup:
    def __init__(self, version: str, ns: str) -> None:
        self.version, self.ns = version, ns
        self.count = 0

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
        element = self._whole_element(code)
        if element is None:
            element = self._foreign(node, code)
        parent.append(element)

    def _open_tag(self, code: str) -> etree._Element | None:
        """An XLIFF paired element from a start tag kept as native code (``<g id="1">``)."""
        match = _START_TAG.match(code.strip())
        if not match or match.group(1) not in _PAIRED[self.version]:
            return None
        return self._parse(f"{code.strip()}</{match.group(1)}>")

    def _whole_element(self, code: str) -> etree._Element | None:
        code = code.strip()
        if not code.startswith("<"):
            return None
        element = self._parse(code)
        if element is None or _local(element) not in _INLINE[self.version]:
            return None
        return element

    def _parse(self, xml: str) -> etree._Element | None:
        try:
            element = etree.fromstring(xml.encode("utf-8"), safe_parser())
        except etree.XMLSyntaxError:
            return None
        for el in element.iter():
            if isinstance(el.tag, str):
                el.tag = self._q(etree.QName(el).localname)
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


def _indent_like_siblings(element: etree._Element) -> None:
    """Give an element appended to a pretty-printed parent the layout of its siblings."""
    prev = element.getprevious()
    if prev is None:
        return
    before = prev.getprevious()
    element.tail = prev.tail
    prev.tail = before.tail if before is not None else element.getparent().text


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


# Filling targets in place -----------------------------------------------------------------


@dataclass
class FillInfo:
    """What a pre-translation puts into a segment."""

    text: str
    markup: str | None
    exact: bool  # filled as translated; otherwise as a suggestion to review
    score: float
    origin: str | None = None
    match_source: str | None = None
    match_source_markup: str | None = None
    in_context: bool = False


class XliffDocument:
    """A whole XLIFF document held for filling targets; everything else is written back as read."""

    def __init__(self, tree: etree._ElementTree, name: str) -> None:
        self.tree = tree
        self.name = name
        root = tree.getroot()
        self.reader = _Reader(root, name)
        self.version = self.reader.version
        self.ns = self.reader.ns
        self._segments: list[XliffSegment] | None = None
        self._ids = 0

    @classmethod
    def parse(cls, source: bytes | IO[bytes], name: str) -> XliffDocument:
        """Parse a whole document (safely; entity declarations are refused)."""
        data = source if isinstance(source, bytes) else source.read()
        try:
            tree = etree.parse(io.BytesIO(data), safe_parser())
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (None, None)
            raise InputError(f"malformed XML: {exc.msg}", name, line, column) from exc
        dtd = tree.docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise InputError(
                "the document declares entities in its DTD; refused for safety", name, 1
            )
        return cls(tree, name)

    def segments(self) -> list[XliffSegment]:
        """Every segment of the document, in order."""
        if self._segments is None:
            found = []
            reader = self.reader
            for element in self.tree.getroot().iter(etree.Element):
                tag = _local(element)
                if _ns(element) != self.ns:
                    continue
                if tag == "file":
                    reader.start_file(element)
                elif tag == reader.unit_tag:
                    found.extend(reader.unit_segments(element))
            self._segments = found
        return self._segments

    def fill(self, segment: XliffSegment, fill: FillInfo) -> None:
        """Put *fill* into *segment*'s target, with its state and match data."""
        if self.version == "1.2":
            self._fill_12(segment, fill)
        else:
            self._fill_2(segment, fill)
        segment.target, segment.target_markup = fill.text, fill.markup

    def write(self, fileobj: IO[bytes]) -> None:
        encoding = self.tree.docinfo.encoding or "UTF-8"
        self.tree.write(fileobj, encoding=encoding, xml_declaration=True)

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def _fill_12(self, segment: XliffSegment, fill: FillInfo) -> None:
        unit = segment.unit_element
        target = _child(unit, self.ns, "target")
        if target is None:
            anchor = _child(unit, self.ns, "seg-source")
            if anchor is None:
                anchor = _child(unit, self.ns, "source")
            target = etree.Element(self._q("target"))
            target.tail = anchor.tail
            anchor.addnext(target)
        if segment.segment_id is None:
            element = target
        else:
            element = segment.target_element
            if element is None:
                element = self._target_mark(target, segment)
        segment.target_element = element
        set_content(element, fill.text, fill.markup, "1.2")
        if fill.exact:
            target.set("state", "translated")
            target.set("state-qualifier", "id-match" if fill.in_context else "exact-match")
        else:
            target.set("state", "needs-review-translation")
            target.set("state-qualifier", "fuzzy-match")
            alt = etree.SubElement(unit, self._q("alt-trans"))
            alt.set("match-quality", f"{fill.score:g}")
            if fill.origin:
                alt.set("origin", fill.origin)
            if segment.segment_id is not None:
                alt.set("mid", segment.segment_id)
            alt_source = etree.SubElement(alt, self._q("source"))
            set_content(alt_source, fill.match_source or "", fill.match_source_markup, "1.2")
            alt_target = etree.SubElement(alt, self._q("target"))
            if segment.tgt_lang:
                alt_target.set(XML_LANG, segment.tgt_lang)
            set_content(alt_target, fill.text, fill.markup, "1.2")
            _indent_like_siblings(alt)

    def _target_mark(self, target: etree._Element, segment: XliffSegment) -> etree._Element:
        """The target's ``<mrk mtype="seg">`` for a segment, created in source order."""
        marks = {m.get("mid"): m for m in _seg_marks(target, self.ns)}
        if not marks and (target.text or len(target)):
            for child in list(target):
                target.remove(child)
            target.text = None  # unsegmented text in a segmented unit: replaced by segments
        for seg in self.segments():
            if seg.unit_element is segment.unit_element and seg.segment_id not in marks:
                mark = etree.SubElement(target, self._q("mrk"), mtype="seg", mid=seg.segment_id)
                marks[seg.segment_id] = mark
                seg.target_element = mark
        return marks[segment.segment_id]

    def _fill_2(self, segment: XliffSegment, fill: FillInfo) -> None:
        seg_element = segment.source_element.getparent()
        target = segment.target_element
        if target is None:
            target = etree.Element(self._q("target"))
            target.tail = segment.source_element.tail
            segment.source_element.addnext(target)
            segment.target_element = target
        set_content(target, fill.text, fill.markup, "2")
        seg_element.set("state", "translated" if fill.exact else "initial")
        if fill.exact:
            return
        if not seg_element.get("id"):
            self._ids += 1
            seg_element.set("id", f"concord-s{self._ids}")
        unit = segment.unit_element
        matches = unit.find(f"{{{MTC}}}matches")
        if matches is None:
            matches = etree.Element(f"{{{MTC}}}matches", nsmap={"mtc": MTC})
            matches.tail = unit.text
            unit.insert(0, matches)
        match = etree.SubElement(matches, f"{{{MTC}}}match")
        match.set("ref", f"#{seg_element.get('id')}")
        match.set("matchQuality", f"{fill.score:.2f}")
        match.set("type", "tm")
        if fill.origin:
            match.set("origin", fill.origin)
        set_content(
            etree.SubElement(match, self._q("source")),
            fill.match_source or "",
            fill.match_source_markup,
            "2",
        )
        set_content(etree.SubElement(match, self._q("target")), fill.text, fill.markup, "2")


# Writing new files ------------------------------------------------------------------------


def write_xliff(
    fileobj: IO[bytes],
    units: Iterable[TranslationUnit],
    *,
    src_lang: str,
    tgt_lang: str,
    version: str = "1.2",
    original: str = "concord",
) -> int:
    """Write units as a new XLIFF file (``version`` "1.2", "2.0" or "2.1"); return the count.

    Units without a variant in *src_lang* are left out; a unit without a *tgt_lang* variant
    is written without a target.
    """
    src, tgt = normalize_lang(src_lang), normalize_lang(tgt_lang)
    two = version.startswith("2")
    ns = NS20 if two else NS12
    written = 0
    seen: set[str] = set()
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        xf.write_declaration()
        root_attrs = {"version": version} if two else {"version": "1.2"}
        if two:
            root_attrs |= {"srcLang": src, "trgLang": tgt}
        with xf.element(f"{{{ns}}}xliff", root_attrs, nsmap={None: ns}):
            xf.write("\n")
            if two:
                file_ctx = xf.element(f"{{{ns}}}file", {"id": "f1", "original": original})
            else:
                file_ctx = xf.element(
                    f"{{{ns}}}file",
                    {"original": original, "source-language": src,
                     "target-language": tgt, "datatype": "plaintext"},
                )  # fmt: skip
            with file_ctx:
                xf.write("\n")
                body = xf.element(f"{{{ns}}}body") if not two else _nothing()
                with body:
                    for unit in units:
                        source = unit.variant(src)
                        if source is None:
                            continue
                        written += 1
                        ident = _unique_id(unit.tuid, written, seen, two)
                        target = unit.variant(tgt)
                        element = (_unit_2 if two else _unit_12)(unit, ident, source, target, ns)
                        xf.write(element, "\n")
            xf.write("\n")
    return written


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


_NMTOKEN_BAD = re.compile(r"[^\w.:-]")


def _unique_id(tuid: str | None, number: int, seen: set[str], nmtoken: bool) -> str:
    ident = tuid or str(number)
    if nmtoken:
        ident = _NMTOKEN_BAD.sub("_", ident)
    if not ident or ident in seen:
        ident = f"u{number}"
        while ident in seen:
            ident += "_"
    seen.add(ident)
    return ident


def _unit_12(
    unit: TranslationUnit, ident: str, source: Variant, target: Variant | None, ns: str
) -> etree._Element:
    tu = etree.Element(f"{{{ns}}}trans-unit", nsmap={None: ns})
    tu.set("id", ident)
    tu.set(f"{{{XML_NS}}}space", "preserve")
    for kind, value in unit.props:
        if kind == PROP_RESNAME:
            tu.set("resname", value)
    set_content(etree.SubElement(tu, f"{{{ns}}}source"), source.text, source.markup, "1.2")
    if target is not None:
        t = etree.SubElement(tu, f"{{{ns}}}target")
        set_content(t, target.text, target.markup, "1.2")
        for kind, value in unit.props:
            if kind == PROP_STATE:
                t.set("state", value)
    for note in unit.notes:
        etree.SubElement(tu, f"{{{ns}}}note").text = note
    if unit.context is not None:
        group = etree.SubElement(
            tu, f"{{{ns}}}context-group", name="po-entry", purpose="information"
        )
        ctx = etree.SubElement(group, f"{{{ns}}}context")
        ctx.set("context-type", CONTEXT_TYPE)
        ctx.text = unit.context
    return tu


def _unit_2(
    unit: TranslationUnit, ident: str, source: Variant, target: Variant | None, ns: str
) -> etree._Element:
    element = etree.Element(f"{{{ns}}}unit", nsmap={None: ns})
    element.set("id", ident)
    for kind, value in unit.props:
        if kind == PROP_RESNAME:
            element.set("name", value)
    if unit.notes or unit.context is not None:
        notes = etree.SubElement(element, f"{{{ns}}}notes")
        for note in unit.notes:
            etree.SubElement(notes, f"{{{ns}}}note").text = note
        if unit.context is not None:
            etree.SubElement(notes, f"{{{ns}}}note", category=CONTEXT_TYPE).text = unit.context
    segment = etree.SubElement(element, f"{{{ns}}}segment")
    for kind, value in unit.props:
        if kind == PROP_STATE and value in ("initial", "translated", "reviewed", "final"):
            segment.set("state", value)
    src = etree.SubElement(segment, f"{{{ns}}}source")
    src.set(f"{{{XML_NS}}}space", "preserve")
    set_content(src, source.text, source.markup, "2")
    if target is not None:
        t = etree.SubElement(segment, f"{{{ns}}}target")
        t.set(f"{{{XML_NS}}}space", "preserve")
        set_content(t, target.text, target.markup, "2")
    return element


# Helpers ----------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if tag[0] == "{" else tag


def _ns(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str) or tag[0] != "{":
        return ""
    return tag[1:].partition("}")[0]


@functools.lru_cache(maxsize=256)
def _normalized(tag: str) -> str:
    return normalize_lang(tag)
