"""TMX 1.1 to 1.4b: a streaming reader and a streaming writer.

The reader parses the header eagerly, then yields one :class:`TranslationUnit` per ``<tu>``
and frees each ``<tu>`` once converted, so memory stays flat however large the file is.
The writer emits TMX 1.4 in UTF-8 that validates against the 1.4b DTD.

Mapping between the file and the model:

* ``tu`` attributes ``tuid``, ``creationdate``/``creationid``, ``changedate``/``changeid``,
  ``usagecount`` and ``lastusagedate`` map to unit fields (dates become ISO 8601); every
  other attribute of ``tu`` and ``tuv`` is kept verbatim in ``attrs``.
* The unit's ``context`` travels as ``<prop type="x-context">``.
* Each of the unit's ``origins`` (every file and line a memory read it from, the unit's own
  first) travels as ``<prop type="x-concord-origin">path/to/file.po:12</prop>``: ``FILE:LINE``,
  or ``FILE`` alone when the line is not known (a trailing ``:N``, N from 1 to 2**63-1 with
  whitespace around it ignored, is read as the line; any other text is the file name alone).
  (OmegaT records a unit's file alike, as ``<prop type="file">``.) A character XML 1.0 cannot
  carry in a file name (``docs/esc\\x1b[31m.po``) is written as a Python-style escape,
  ``\\x1b`` (``\\ufffe`` above U+00FF), which the reader keeps as written: the origin then
  names a file spelled so, visibly, and alike in every origin of that file, so its units stay
  neighbours. An export never fails for a file name. Read back, these props are the unit's
  ``origins``, which a store records instead of the TMX file and line, so that a memory
  exported and imported elsewhere keeps its neighbours for in-context matches; the store
  adds them to the origins it has in those files and replaces none of them
  (:mod:`tm.store`). A unit without them has the TMX file and its line as origin, as any TMX
  unit.
* Attributes the DTD does not allow (from other formats) travel as
  ``<prop type="x-attr:NAME">`` so the output stays valid and nothing is lost.
* A segment character XML 1.0 cannot carry (``\\x1b``, a form feed, U+FFFE) travels as
  ``<ph type="x-concord-char">U+001B</ph>`` and is read back as the character; see
  :mod:`tm.tmxchars`. Notes, props and attributes cannot hold an element, so such a
  character there is still refused (origins excepted, above).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

from lxml import etree

import tm
from tm.errors import ConcordError, InputError
from tm.inline import append_markup
from tm.lang import lang_matches, normalize_lang
from tm.tmxchars import CHAR_TYPE, NOT_XML_CHAR, append_text, check_surrogates, read_seg
from tm.unit import Origin, TranslationUnit, Variant
from tm.xmlsafe import XML_LANG, XML_NS, iterparse_safe

CONTEXT_PROP = "x-context"
ORIGIN_PROP = "x-concord-origin"
ATTR_PROP = "x-attr:"
ALL_LANGS = "*all*"

_TU_ATTRS = {
    "tuid", "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool",
    "creationtoolversion", "creationdate", "creationid", "changedate", "segtype", "changeid",
    "o-tmf", "srclang",
}  # fmt: skip
_TUV_ATTRS = {
    "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool",
    "creationtoolversion", "creationdate", "creationid", "changedate", "o-tmf", "changeid",
}  # fmt: skip
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$")


@dataclass
class TmxHeader:
    """The ``<header>`` of a TMX file; attribute values as written in the file."""

    creationtool: str | None = None
    creationtoolversion: str | None = None
    segtype: str | None = None
    o_tmf: str | None = None
    adminlang: str | None = None
    srclang: str | None = None  # normalised language tag, or "*all*"
    datatype: str | None = None
    o_encoding: str | None = None
    creationdate: str | None = None
    creationid: str | None = None
    changedate: str | None = None
    changeid: str | None = None
    props: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Reading ----------------------------------------------------------------------------------


def read_tmx(
    fileobj: IO[bytes], name: str = "<tmx>"
) -> tuple[TmxHeader, Iterator[TranslationUnit]]:
    """Read the header of a TMX file now; return it with an iterator over its units."""
    events = iterparse_safe(fileobj, name)
    header = None
    for event, element in events:
        tag = _local(element)
        if element.getparent() is None:
            if event == "start" and tag != "tmx":
                raise InputError(
                    f"not a TMX file: the root element is <{tag}>", name, element.sourceline
                )
            if event == "end":
                raise InputError(_missing(header), name, element.sourceline)
        elif event == "end" and tag == "header":
            header = _header(element, name)
        elif event == "start" and tag == "body":
            if header is None:
                raise InputError("missing <header> before <body>", name, element.sourceline)
            return header, _units(events, name)
    raise AssertionError("unreachable: iterparse ends with the root element")  # pragma: no cover


def _missing(header: TmxHeader | None) -> str:
    return "missing <body>" if header is not None else "missing <header> and <body>"


def _units(events: Iterator[tuple[str, etree._Element]], name: str) -> Iterator[TranslationUnit]:
    for event, element in events:
        if event != "end" or _local(element) != "tu":
            continue
        unit = _unit(element, name)
        element.clear(keep_tail=True)
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
        yield unit


def _header(element: etree._Element, name: str) -> TmxHeader:
    get = element.get
    srclang = get("srclang")
    if srclang is not None and srclang != ALL_LANGS:
        srclang = _lang(srclang, name, element.sourceline)
    notes, props, _ = _children(element)
    return TmxHeader(
        creationtool=get("creationtool"),
        creationtoolversion=get("creationtoolversion"),
        segtype=get("segtype"),
        o_tmf=get("o-tmf"),
        adminlang=get("adminlang"),
        srclang=srclang,
        datatype=get("datatype"),
        o_encoding=get("o-encoding"),
        creationdate=get("creationdate"),
        creationid=get("creationid"),
        changedate=get("changedate"),
        changeid=get("changeid"),
        props=props,
        notes=notes,
    )


def _unit(tu: etree._Element, name: str) -> TranslationUnit:
    line = tu.sourceline
    attrs = _attrs(tu)
    srclang = attrs.get("srclang")
    if srclang is not None and srclang != ALL_LANGS:
        _lang(srclang, name, line)  # checked, but kept verbatim
    notes, props, rest = _children(tu, attrs)
    variants = [_variant(tuv, name) for tag, tuv in rest if tag == "tuv"]
    if not variants:
        raise InputError("<tu> without any <tuv>", name, line)
    context = None
    for i, (kind, value) in enumerate(props):
        if kind == CONTEXT_PROP:
            context = value
            del props[i]
            break
    origins = _pop_origins(props)
    usage = attrs.pop("usagecount", None)
    if usage is not None and not (usage.strip().isascii() and usage.strip().isdigit()):
        attrs["usagecount"] = usage  # not a count: keep it verbatim
        usage = None
    return TranslationUnit(
        variants=variants,
        tuid=attrs.pop("tuid", None),
        context=context,
        origin_file=name,
        origin_line=line,
        origins=origins,
        notes=notes,
        props=props,
        attrs=attrs,
        created_at=_pop_date(attrs, "creationdate"),
        created_by=attrs.pop("creationid", None),
        changed_at=_pop_date(attrs, "changedate"),
        changed_by=attrs.pop("changeid", None),
        usage_count=int(usage) if usage is not None else 0,
        last_used_at=_pop_date(attrs, "lastusagedate"),
    )


def _pop_origins(props: list[tuple[str, str]]) -> list[Origin]:
    """The origins a Concord export recorded, taken out of *props* (the others kept in order)."""
    origins = [Origin.parse(value) for kind, value in props if kind == ORIGIN_PROP]
    if origins:
        props[:] = [(kind, value) for kind, value in props if kind != ORIGIN_PROP]
    return [origin for origin in origins if origin.file]


def _variant(tuv: etree._Element, name: str) -> Variant:
    line = tuv.sourceline
    attrs = _attrs(tuv)
    lang = tuv.get(XML_LANG) or attrs.get("lang")  # TMX 1.1 and 1.2 used "lang"
    attrs.pop("lang", None)
    if not lang:
        raise InputError("<tuv> without a language (xml:lang or lang)", name, line)
    notes, props, rest = _children(tuv, attrs)
    segs = [seg for tag, seg in rest if tag == "seg"]
    if len(segs) != 1:
        raise InputError(f"<tuv> must hold one <seg>, found {len(segs)}", name, line)
    try:
        text, markup = read_seg(segs[0])
    except InputError as exc:
        raise InputError(exc.reason, name, exc.line or segs[0].sourceline) from exc
    return Variant(_lang(lang, name, line), text, markup, notes, props, attrs)


def _attrs(element: etree._Element) -> dict[str, str]:
    """Attributes by their TMX name (``xml:space``), ``xml:lang`` left out."""
    return {_attr_name(k): v for k, v in element.attrib.items() if k != XML_LANG}


def _children(
    element: etree._Element, attrs: dict[str, str] | None = None
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, etree._Element]]]:
    """Notes, props and the other children of *element*.

    With *attrs*, ``x-attr:NAME`` props go back into it as the attributes they stand for.
    """
    notes, props, rest = [], [], []
    for child in element:
        tag = _local(child)
        if tag == "note":
            notes.append(child.text or "")
        elif tag == "prop":
            kind = child.get("type") or ""
            if attrs is not None and kind.startswith(ATTR_PROP):
                attrs[kind[len(ATTR_PROP) :]] = child.text or ""
            else:
                props.append((kind, child.text or ""))
        else:
            rest.append((tag, child))
    return notes, props, rest


def _lang(tag: str, name: str, line: int | None) -> str:
    try:
        return _normalized(tag)
    except ConcordError as exc:
        raise InputError(f"unknown language {tag!r}", name, line) from exc


@functools.lru_cache(maxsize=1024)
def _normalized(tag: str) -> str:
    return normalize_lang(tag)  # a file holds few distinct tags, millions of times


def _local(element: etree._Element) -> str:
    """The element's name without namespace (some tools put TMX in a LISA namespace)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a processing instruction
    return tag.rpartition("}")[2] if tag[0] == "{" else tag


def _attr_name(key: str) -> str:
    return "xml:" + key[len(XML_NS) + 2 :] if key.startswith(f"{{{XML_NS}}}") else key


def _pop_date(attrs: dict[str, str], key: str) -> str | None:
    """An attribute's TMX date as ISO 8601; a value that is not a date stays in *attrs*."""
    value = attrs.get(key)
    if value is None:
        return None
    match = _TMX_DATE.match(value.strip()) or _ISO_DATE.match(value.strip())
    if not match:
        return None
    del attrs[key]
    return "{}-{}-{}T{}:{}:{}Z".format(*match.groups())


# Writing ----------------------------------------------------------------------------------


def write_tmx(
    fileobj: IO[bytes],
    units: Iterable[TranslationUnit],
    *,
    srclang: str,
    langs: Sequence[str] | None = None,
    header: TmxHeader | None = None,
) -> int:
    """Write *units* as TMX 1.4 to *fileobj*; return how many units were written.

    With *langs*, only variants in those languages are written (``zh`` takes ``zh-CN``),
    and units left with fewer than two variants are skipped. *header* supplies props, notes
    and optional attributes; *srclang* always wins over ``header.srclang``. A character
    XML 1.0 cannot carry is written as a placeholder in segment text (:mod:`tm.tmxchars`)
    and as an escape in an origin (see :func:`_tu_element`); in a note, another prop, an
    attribute or inline markup, or a lone surrogate in a segment, it raises
    :class:`InputError` naming the unit.
    """
    srclang = srclang if srclang == ALL_LANGS else normalize_lang(srclang)
    written = 0
    with etree.xmlfile(fileobj, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(_header_element(header or TmxHeader(), srclang), "\n")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    variants = unit.variants
                    if langs is not None:
                        variants = [
                            v for v in variants if any(lang_matches(w, v.lang) for w in langs)
                        ]
                        if len(variants) < 2:
                            continue
                    if not variants:
                        continue
                    written += 1
                    xf.write(_tu_element(unit, variants, unit.origin or f"unit {written}"), "\n")
            xf.write("\n")
    return written


def _header_element(header: TmxHeader, srclang: str) -> etree._Element:
    element = etree.Element("header")
    attrs = {
        "creationtool": "Concord",
        "creationtoolversion": tm.__version__,
        "segtype": header.segtype or "sentence",
        "o-tmf": header.o_tmf or "Concord",
        "adminlang": header.adminlang or "en",
        "srclang": srclang,
        "datatype": header.datatype or "plaintext",
        "o-encoding": header.o_encoding,
        "creationdate": header.creationdate or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "creationid": header.creationid,
        "changedate": header.changedate,
        "changeid": header.changeid,
    }
    for key, value in attrs.items():
        if value is not None:
            element.set(key, value)
    _add_notes_props(element, header.notes, header.props, "header")
    _indent(element)
    return element


def _tu_element(unit: TranslationUnit, variants: list[Variant], where: str) -> etree._Element:
    """The ``<tu>`` of *unit*, with its *variants* only.

    Every origin is written, none left out: a character XML 1.0 cannot carry in one (a file
    name holding an escape character) is written as a Python-style escape (``\\x1b``,
    ``\\ufffe``), which reads back as those characters, not as the one escaped.
    """
    tu = etree.Element("tu")
    mapped = {
        "tuid": unit.tuid,
        "creationdate": _tmx_date(unit.created_at),
        "creationid": unit.created_by,
        "changedate": _tmx_date(unit.changed_at),
        "changeid": unit.changed_by,
        "usagecount": str(unit.usage_count) if unit.usage_count else None,
        "lastusagedate": _tmx_date(unit.last_used_at),
    }
    origins = [(ORIGIN_PROP, _escape_not_xml(str(origin))) for origin in unit.origins]
    context = [(CONTEXT_PROP, unit.context)] if unit.context is not None else []
    props = context + origins + unit.props
    _set_attrs(tu, mapped, unit.attrs, _TU_ATTRS, props, where)
    _add_notes_props(tu, unit.notes, props, where)  # the DTD wants notes and props first
    for variant in variants:
        tu.append(_tuv_element(variant, where))
    _indent(tu)
    return tu


def _tuv_element(variant: Variant, where: str) -> etree._Element:
    tuv = etree.Element("tuv")
    tuv.set(XML_LANG, variant.lang)
    props = list(variant.props)
    _set_attrs(tuv, {}, variant.attrs, _TUV_ATTRS, props, where)
    _add_notes_props(tuv, variant.notes, props, where)
    seg = etree.SubElement(tuv, "seg")
    try:
        if variant.markup is None:
            append_text(seg, variant.text)
        else:
            _check_markup_chars(variant.markup)
            append_markup(seg, variant.markup)
    except InputError as exc:
        raise InputError(exc.reason, where) from exc
    return tuv


def _set_attrs(
    element: etree._Element,
    mapped: dict[str, str | None],
    attrs: dict[str, str],
    allowed: set[str],
    props: list[tuple[str, str]],
    where: str,
) -> None:
    """Set mapped then verbatim attributes; those the DTD does not allow become props."""
    for key, value in mapped.items():
        if value is not None:
            _check_chars(value, where)
            element.set(key, value)
    for key, value in attrs.items():
        _check_chars(value, where)
        if key in allowed:
            if mapped.get(key) is None:
                element.set(key, value)
        else:
            props.append((ATTR_PROP + key, value))


def _add_notes_props(
    element: etree._Element, notes: list[str], props: list[tuple[str, str]], where: str
) -> None:
    for note in notes:
        _check_chars(note, where)
        etree.SubElement(element, "note").text = note
    for kind, value in props:
        _check_chars(kind + value, where)
        etree.SubElement(element, "prop", type=kind).text = value


def _indent(element: etree._Element, level: int = 0) -> None:
    """Put each child of a structural element on its own line; never touches a seg's content."""
    if not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        if _local(child) == "tuv":
            _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def _check_chars(text: str, where: str) -> None:
    bad = NOT_XML_CHAR.search(text)
    if bad:
        raise InputError(
            f"cannot write U+{ord(bad.group()):04X} to TMX: XML 1.0 does not allow it, and "
            f"only a segment's plain text can carry it as a placeholder (in {text[:40]!r})",
            where,
        )


def _escape_not_xml(text: str) -> str:
    """*text* with each character XML 1.0 cannot carry written as a Python-style escape
    (``\\x1b``, ``\\ufffe``): for an origin's file name, which no placeholder can stand in."""
    return NOT_XML_CHAR.sub(_char_escape, text)


def _char_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _check_markup_chars(markup: str) -> None:
    # Markup is XML that tm.inline parses, so it holds such a character as a placeholder
    # already (the reader keeps it so); a raw one means whoever built the markup erred.
    bad = NOT_XML_CHAR.search(markup)
    if bad:
        check_surrogates(markup)
        raise InputError(
            f"cannot write U+{ord(bad.group()):04X} to TMX: inline markup must hold it as "
            f'<ph type="{CHAR_TYPE}">, not as itself (in {markup[:40]!r})'
        )


def _tmx_date(value: str | None) -> str | None:
    """An ISO 8601 timestamp as a TMX date (``20240124T093000Z``); other values unchanged."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")
