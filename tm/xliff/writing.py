"""Writing units as a new XLIFF 1.2 or 2.x file, streamed one unit element at a time.

A character XML 1.0 cannot carry is written as a code in segment text (:mod:`tm.xliff.chars`);
in a note, context or attribute, which cannot hold an element, it raises :class:`InputError`
naming the unit, as a lone surrogate anywhere does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from lxml import etree

from tm.errors import InputError
from tm.lang import normalize_lang
from tm.unit import TranslationUnit, Variant
from tm.xliff.chars import check_plain
from tm.xliff.codes import set_content
from tm.xliff.common import CONTEXT_TYPE, NS12, NS20, PROP_RESNAME, PROP_STATE
from tm.xmlsafe import XML_NS


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
                        build = _unit_2 if two else _unit_12
                        try:
                            element = build(unit, ident, source, target, ns)
                        except InputError as exc:
                            where = unit.origin or f"unit {written}"
                            raise InputError(exc.reason, where) from exc
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
    tu.set("id", _plain(ident))
    tu.set(f"{{{XML_NS}}}space", "preserve")
    for kind, value in unit.props:
        if kind == PROP_RESNAME:
            tu.set("resname", _plain(value))
    set_content(etree.SubElement(tu, f"{{{ns}}}source"), source.text, source.markup, "1.2")
    if target is not None:
        t = etree.SubElement(tu, f"{{{ns}}}target")
        set_content(t, target.text, target.markup, "1.2")
        for kind, value in unit.props:
            if kind == PROP_STATE:
                t.set("state", _plain(value))
    for note in unit.notes:
        etree.SubElement(tu, f"{{{ns}}}note").text = _plain(note)
    if unit.context is not None:
        group = etree.SubElement(
            tu, f"{{{ns}}}context-group", name="po-entry", purpose="information"
        )
        ctx = etree.SubElement(group, f"{{{ns}}}context")
        ctx.set("context-type", CONTEXT_TYPE)
        ctx.text = _plain(unit.context)
    return tu


def _unit_2(
    unit: TranslationUnit, ident: str, source: Variant, target: Variant | None, ns: str
) -> etree._Element:
    element = etree.Element(f"{{{ns}}}unit", nsmap={None: ns})
    element.set("id", ident)
    for kind, value in unit.props:
        if kind == PROP_RESNAME:
            element.set("name", _plain(value))
    if unit.notes or unit.context is not None:
        notes = etree.SubElement(element, f"{{{ns}}}notes")
        for note in unit.notes:
            etree.SubElement(notes, f"{{{ns}}}note").text = _plain(note)
        if unit.context is not None:
            context = _plain(unit.context)
            etree.SubElement(notes, f"{{{ns}}}note", category=CONTEXT_TYPE).text = context
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


def _plain(value: str) -> str:
    """*value*, for text that cannot hold an element; refused if XML cannot carry it."""
    check_plain(value)
    return value
