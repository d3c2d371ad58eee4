"""Pre-translation's view of XLIFF: a whole document whose targets are filled in place.

:class:`XliffDocument` lists the segments, fills targets with match data (1.2
``state``/``alt-trans``, 2.x ``state`` and the matches module) and writes the document back
with everything else untouched: module and extension data wherever it is (the tree is
written back as read; the codes of a filled target get the source codes' attributes of
other namespaces back, :mod:`~tm.xliff.foreign`), and the bytes around the root element
(:mod:`~tm.xliff.layout`). Inside the root, what was read is written in lxml's spelling,
which can differ in form but not in data: namespace declarations before attributes, double
quotes, ``<a/>`` for ``<a></a>``, CDATA sections and character references as plain text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from lxml import etree

from tm.errors import InputError
from tm.xliff.codes import set_content
from tm.xliff.common import (
    MTC,
    XliffSegment,
    child_named,
    children_named,
    local_name,
    namespace_of,
    seg_marks,
)
from tm.xliff.foreign import restore_foreign_attributes
from tm.xliff.layout import Outside, split_outside
from tm.xliff.reading import Reader
from tm.xmlsafe import XML_LANG, safe_parser


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

    def __init__(self, tree: etree._ElementTree, name: str, outside: Outside | None = None) -> None:
        self.tree = tree
        self.name = name
        root = tree.getroot()
        self.reader = Reader(root, name)
        self.version = self.reader.version
        self.ns = self.reader.ns
        self.outside = outside  # the original bytes around the root element, when known
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
        root = tree.getroot()
        qname = f"{root.prefix}:{local_name(root)}" if root.prefix else local_name(root)
        return cls(tree, name, split_outside(data, qname))

    def segments(self) -> list[XliffSegment]:
        """Every segment of the document, in order."""
        if self._segments is None:
            found = []
            reader = self.reader
            for element in self.tree.getroot().iter(etree.Element):
                tag = local_name(element)
                if namespace_of(element) != self.ns:
                    continue
                if tag == "file":
                    reader.start_file(element)
                elif tag == reader.unit_tag:
                    found.extend(reader.unit_segments(element))
            self._segments = found
        return self._segments

    def fill(self, segment: XliffSegment, fill: FillInfo) -> None:
        """Put *fill* into *segment*'s target, with its state and match data."""
        try:
            if self.version == "1.2":
                self._fill_12(segment, fill)
            else:
                self._fill_2(segment, fill)
        except InputError as exc:  # text XLIFF cannot carry (a lone surrogate): say where
            raise InputError(exc.reason, self.name, segment.line) from exc
        segment.target, segment.target_markup = fill.text, fill.markup

    def write(self, fileobj: IO[bytes]) -> None:
        """Write the document: the original bytes around the root, when known, around it."""
        encoding = self.tree.docinfo.encoding or "UTF-8"
        if self.outside is None:
            self.tree.write(fileobj, encoding=encoding, xml_declaration=True)
            return
        root = etree.tostring(self.tree.getroot(), encoding=encoding, xml_declaration=False)
        fileobj.write(self.outside.around(root))

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def _fill_12(self, segment: XliffSegment, fill: FillInfo) -> None:
        unit = segment.unit_element
        target = child_named(unit, self.ns, "target")
        if target is None:
            anchor = child_named(unit, self.ns, "seg-source")
            if anchor is None:
                anchor = child_named(unit, self.ns, "source")
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
        restore_foreign_attributes(element, [segment.source_element], "1.2")
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
        marks = {m.get("mid"): m for m in seg_marks(target, self.ns)}
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
        # Ids are the unit's: a code may stand for one in another segment's source.
        sources = [
            source
            for part in children_named(segment.unit_element, self.ns, "segment", "ignorable")
            for source in children_named(part, self.ns, "source")
        ]
        restore_foreign_attributes(target, sources, "2")
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


def _indent_like_siblings(element: etree._Element) -> None:
    """Give an element appended to a pretty-printed parent the layout of its siblings."""
    prev = element.getprevious()
    if prev is None:
        return
    before = prev.getprevious()
    element.tail = prev.tail
    prev.tail = before.tail if before is not None else element.getparent().text
