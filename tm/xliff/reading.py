"""Reading XLIFF 1.2 and 2.x: segments out of ``trans-unit``/``unit`` elements.

:func:`iter_segments` streams a file and frees each unit once read; :class:`Reader` holds
what reading needs to know about the document (version, namespace, languages) and is
shared with :class:`~tm.xliff.document.XliffDocument`, which reads a whole tree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import IO

from lxml import etree

from tm.errors import ConcordError, InputError
from tm.lang import normalize_lang
from tm.unit import TranslationUnit, Variant
from tm.xliff.codes import content
from tm.xliff.common import (
    CONTEXT_TYPE,
    NS12,
    NS20,
    PROP_ORIGINAL,
    PROP_RESNAME,
    PROP_STATE,
    XliffSegment,
    child_named,
    children_named,
    local_name,
    namespace_of,
    seg_marks,
)
from tm.xmlsafe import XML_LANG, iterparse_safe


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
    reader: Reader | None = None
    for event, element in events:
        if reader is None:
            reader = Reader(element, name)
            continue
        tag = local_name(element)
        if event == "start" and tag == "file" and namespace_of(element) == reader.ns:
            reader.start_file(element)
        elif event == "end" and tag == reader.unit_tag and namespace_of(element) == reader.ns:
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


class Reader:
    """What reading needs to know about the document: version, namespace, languages."""

    def __init__(self, root: etree._Element, name: str) -> None:
        self.name = name
        if local_name(root) != "xliff":
            raise InputError(
                f"not an XLIFF file: the root element is <{local_name(root)}>",
                name,
                root.sourceline,
            )
        self.ns = namespace_of(root)
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
    ns = namespace_of(root)
    version = root.get("version") or ""
    if ns == NS20 or version.startswith("2."):
        return "2"
    if ns in (NS12, "") and (not version or version.startswith("1.")):
        return "1.2"
    raise InputError(
        f"unsupported XLIFF version {version!r} (namespace {ns!r})", name, root.sourceline
    )


@functools.lru_cache(maxsize=256)
def _normalized(tag: str) -> str:
    return normalize_lang(tag)


def _segments_12(tu: etree._Element, reader: Reader) -> list[XliffSegment]:
    ns = reader.ns
    source = child_named(tu, ns, "source")
    if source is None:
        raise InputError("<trans-unit> without <source>", None, tu.sourceline)
    target = child_named(tu, ns, "target")
    tgt_lang = reader.tgt_lang
    if target is not None and target.get(XML_LANG):
        tgt_lang = reader._lang(target.get(XML_LANG), target, "xml:lang")
    notes = [n.text or "" for n in children_named(tu, ns, "note")]
    context = None
    for group in children_named(tu, ns, "context-group"):
        for ctx in children_named(group, ns, "context"):
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
    seg_source = child_named(tu, ns, "seg-source")
    marks = seg_marks(seg_source, ns) if seg_source is not None else []
    if not marks:
        text, markup = content(source, "1.2", ns)
        seg = XliffSegment(
            segment_id=None, source=text, source_markup=markup, state=state,
            line=tu.sourceline, source_element=source, target_element=target, **common,
        )  # fmt: skip
        if target is not None:
            seg.target, seg.target_markup = content(target, "1.2", ns)
        return [seg]
    target_marks = {m.get("mid"): m for m in seg_marks(target, ns)} if target is not None else {}
    segments = []
    for mark in marks:
        text, markup = content(mark, "1.2", ns)
        mid = mark.get("mid") or ""
        seg = XliffSegment(
            segment_id=mid, source=text, source_markup=markup, state=state,
            line=mark.sourceline, source_element=mark, target_element=target_marks.get(mid),
            **common,
        )  # fmt: skip
        if mid in target_marks:
            seg.target, seg.target_markup = content(target_marks[mid], "1.2", ns)
        segments.append(seg)
    return segments


def _segments_2(unit: etree._Element, reader: Reader) -> list[XliffSegment]:
    ns = reader.ns
    notes, context = [], None
    holder = child_named(unit, ns, "notes")
    for note in children_named(holder, ns, "note") if holder is not None else []:
        if note.get("category") == CONTEXT_TYPE:
            context = note.text or ""
        else:
            notes.append(note.text or "")
    segments = []
    for element in children_named(unit, ns, "segment"):
        source = child_named(element, ns, "source")
        if source is None:
            raise InputError("<segment> without <source>", None, element.sourceline)
        target = child_named(element, ns, "target")
        text, markup = content(source, "2", ns)
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
            seg.target, seg.target_markup = content(target, "2", ns)
        segments.append(seg)
    return segments
