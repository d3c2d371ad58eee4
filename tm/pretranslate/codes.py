"""Inline code transfer: an exact match whose codes differ from the file's only in numbering.

A memory unit and a file's segment often have the same text and the same inline codes, but
numbered differently: the memory has ``<bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">...`` and the
XLIFF segment the same bold codes as ``i="3"``, or ``<g id="1">`` where the file says
``<g id="4">``. Numbering is the file's business, not the translation's, so such a match is
still 100%: :func:`transfer_codes` gives the memory's translation with every code replaced by
the file's own code (what Okapi's code adjustment and OmegaT's tag transfer do).

The rules:

* **Same codes.** The two sources must hold the same sequence of codes, at the same places
  in the same text, pairing the same way (a bpt and its ept; an XLIFF 2 ``sc`` and the ``ec``
  whose ``startRef`` names it; a 1.2 ``bx`` and its ``ex``). Codes are compared on their kind,
  their TMX attributes and their native content, leaving out only ids: TMX ``i`` and ``x``,
  and XLIFF ``id``, ``rid`` and ``startRef`` inside a native code that holds an XLIFF element
  (see :mod:`tm.xliff.codes`). Anything else that differs (``type``, ``pos``, the native
  code, an XLIFF 2 ``dataRef`` that names data we cannot see) means different codes.
* **Whitespace does not count**, in native codes (``<br/>`` is ``<br />``) or in which side
  of a code a space sits (``<b>Save </b>file`` is ``<b>Save</b> file``): the text is the same
  and the codes are the same, and the translation places its own spaces anyway.
* **The XLIFF wrapper is transparent.** A 1.2 code holding native data
  (``<bpt id="3">&lt;b&gt;</bpt>``) is the same code as that data written as TMX
  (``<bpt i="1">&lt;b&gt;</bpt>``); its ``ctype``/``type``/``pos`` are the TMX code's.
* **Codes are matched by position** between the two sources: the k-th code of the memory's
  source is the k-th code of the file's.
* **Each code of the translation is found in the memory's source**: among the source codes
  equal to it, the one with the same id (``x``, else ``i``), else the first one not taken.
  The second code of a pair follows the first: a translation's ept is its bpt's partner.
  This carries codes the translation reordered (common between English and Chinese) to
  where the translation has them.
* **Otherwise it is not exact.** A code the translation has and the source does not, a
  source code used twice, a code whose content the translator changed: the match falls
  back to fuzzy (:class:`CodesDiffer`), as a match whose codes really differ does.

The translation may leave codes out; the ones it keeps are the file's, so the filled target
uses only ids the file's source has, each at most once, and its pairs stay pairs.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from tm.inline import markup_to_xml, seg_content
from tm.xmlsafe import safe_parser

# Ids: TMX i pairs a bpt with its ept inside one segment; x matches codes across segments.
_TMX_IDS = frozenset({"i", "x"})
# Ids of the XLIFF element a code holds: its own id, and references to another code's id.
_XLIFF_IDS = frozenset({"id", "rid", "startRef"})
# Attributes of that XLIFF element which tm.xliff.codes repeats on the TMX code (compared there).
_MIRRORED = frozenset({"ctype", "type", "pos"})
# XLIFF 1.2 and 2.x inline elements, as tm.xliff.codes keeps them inside TMX codes.
_XLIFF_INLINE = frozenset(
    {"g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk", "pc", "sc", "ec", "cp", "sm", "em"}
)
_NATIVE_DATA = frozenset({"bpt", "ept", "ph", "it"})  # 1.2 codes whose content is native data
_OPENERS = frozenset({"sc", "sm", "bx"})  # XLIFF codes a later code of the segment closes
_START_TAG = re.compile(r"^<([A-Za-z_][\w.-]*)(\s[^<>]*)?(?<!/)>$")  # as in tm.xliff.codes

DIFFER = "inline codes differ"
UNMAPPED = "inline codes differ (the translation's cannot all be mapped to the file's)"


class CodesDiffer(ValueError):
    """The codes differ by more than numbering: the match is not exact. The message says why."""


@dataclass
class _Code:
    """One code of a segment and what identifies it."""

    element: etree._Element  # the TMX element: bpt, ept, ph, it, ut
    signature: tuple  # everything but the ids: equal signatures are the same code
    ident: str | None  # the id it goes by (x, else i): which of several equal codes it is
    opens: str | None = None  # the XLIFF id an sc/sm/bx opens
    closes: str | None = None  # the XLIFF id an ec/em/ex closes
    partner: int | None = None  # the index of the other code of its pair, if any


@dataclass
class _Segment:
    """A markup fragment read for comparing codes: its tree, codes, text and shape."""

    root: etree._Element
    codes: list[_Code] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # the plain text, in pieces
    shape: list = field(default_factory=list)  # text runs (whitespace gone) and code signatures


def transfer_codes(
    memory_source: str | None, memory_target: str | None, file_source: str | None
) -> str | None:
    """The memory's target markup with its codes replaced by the file's codes.

    *memory_source* and *file_source* are markups (None: no codes) of the same plain text.
    Returns the new target markup (None when the target has no codes); raises
    :class:`CodesDiffer` when the sources' codes differ by more than numbering, or when the
    target's codes cannot all be carried over.
    """
    memory, file = _read(memory_source), _read(file_source)
    _same_codes(memory, file)
    if memory_target is None:
        return None
    target = _read(memory_target)
    for code, k in zip(target.codes, _map_target(target.codes, memory.codes), strict=True):
        replacement = copy.deepcopy(file.codes[k].element)
        replacement.tail = code.element.tail
        code.element.getparent().replace(code.element, replacement)
    return seg_content(target.root)[1]


# Reading a segment's codes ------------------------------------------------------------------


def _read(markup: str | None) -> _Segment:
    segment = _Segment(markup_to_xml(markup or ""))
    _walk(segment.root, segment)
    _link_pairs(segment.codes)
    return segment


def _walk(element: etree._Element, segment: _Segment) -> None:
    _add_text(segment, element.text)
    for child in element:
        if child.tag == "hi":  # a span of the segment's own text, not a code
            segment.shape.append(("hi", _attrs(child, _TMX_IDS)))
            _walk(child, segment)
            segment.shape.append(("/hi",))
        else:  # bpt, ept, ph, it, ut (sub only occurs inside them)
            code = _code(child)
            segment.codes.append(code)
            segment.shape.append(code.signature)
        _add_text(segment, child.tail)


def _add_text(segment: _Segment, text: str | None) -> None:
    segment.text.append(text or "")
    segment.shape.append(_squash(text))


def _code(element: etree._Element) -> _Code:
    code = _Code(element, (element.tag, _attrs(element, _TMX_IDS)), element.get("x"))
    if code.ident is None:
        code.ident = element.get("i")
    if len(element):  # a subflow inside the code: compared as written
        inner = "".join(etree.tostring(c, encoding="unicode") for c in element)
        code.signature += (("markup", _squash((element.text or "") + inner)),)
        return code
    native = element.text or ""
    wrapped = _xliff_element(native)
    if wrapped is None:
        code.signature += (("native", _squash(native)),)
        return code
    name = wrapped.tag
    attrs = _attrs(wrapped, _XLIFF_IDS | _MIRRORED)
    data = _squash("".join(wrapped.itertext()))
    if name == element.tag and name in _NATIVE_DATA:
        # <bpt id="3">&lt;b&gt;</bpt> from XLIFF 1.2 is the code <b>, as TMX writes it directly.
        code.signature += (("native", data, attrs) if attrs else ("native", data),)
    else:
        code.signature += (("xliff", name, attrs, data),)
    if name in _OPENERS:
        code.opens = wrapped.get("rid") or wrapped.get("id")
    code.closes = wrapped.get("startRef") or (wrapped.get("rid") if name == "ex" else None)
    return code


def _xliff_element(native: str) -> etree._Element | None:
    """The XLIFF inline element a native code holds (``<g id="1">``, ``<x id="2"/>``), if one."""
    native = native.strip()
    if not native.startswith("<"):
        return None
    start = _START_TAG.match(native)  # the start tag of a paired code: close it to parse it
    xml = f"{native}</{start.group(1)}>" if start else native
    try:
        element = etree.fromstring(xml.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError:
        return None
    if not isinstance(element.tag, str) or element.tag not in _XLIFF_INLINE:
        return None
    return element


def _attrs(element: etree._Element, ignored: frozenset[str]) -> tuple:
    return tuple(sorted((k, v) for k, v in element.attrib.items() if k not in ignored))


def _squash(text: str | None) -> str:
    """*text* without whitespace: codes and text runs that differ only in it are the same."""
    return "".join((text or "").split())


def _link_pairs(codes: list[_Code]) -> None:
    """Set each code's partner: a bpt and the ept with its ``i``; an sc and the ec naming it."""
    open_bpt: dict[str | None, int] = {}
    open_xliff: dict[str, int] = {}
    for k, code in enumerate(codes):
        tag = code.element.tag
        if tag == "bpt":
            open_bpt[code.element.get("i")] = k
            continue
        if tag == "ept":
            other = open_bpt.pop(code.element.get("i"), None)
        elif code.opens is not None:
            open_xliff[code.opens] = k
            continue
        else:
            other = open_xliff.pop(code.closes, None) if code.closes is not None else None
        if other is not None:
            code.partner, codes[other].partner = other, k


# Comparing and mapping ------------------------------------------------------------------------


def _same_codes(memory: _Segment, file: _Segment) -> None:
    """Raise :class:`CodesDiffer` unless the two sources have the same codes but for ids."""
    if "".join(memory.text) != "".join(file.text):
        raise CodesDiffer("the texts differ")
    if memory.shape != file.shape:
        raise CodesDiffer(DIFFER)
    if [c.partner for c in memory.codes] != [c.partner for c in file.codes]:
        raise CodesDiffer(DIFFER)  # the same codes, paired differently


def _map_target(target: list[_Code], source: list[_Code]) -> list[int]:
    """For each code of the translation, the index of the source code it stands for."""
    mapping: list[int] = []
    taken: set[int] = set()
    for code in target:
        if code.partner is not None and code.partner < len(mapping):
            # The second code of a pair goes with the first: to that source code's partner.
            k = source[mapping[code.partner]].partner
            if k is None or source[k].signature != code.signature:
                raise CodesDiffer(UNMAPPED)
        else:
            free = [
                k for k, s in enumerate(source) if s.signature == code.signature and k not in taken
            ]
            if not free:  # a code the source does not have, or has fewer times
                raise CodesDiffer(UNMAPPED)
            # Among equal codes: the same id first, then one paired (or not) as this one is.
            k = min(
                free,
                key=lambda k: (
                    source[k].ident != code.ident,
                    (source[k].partner is None) != (code.partner is None),
                    k,
                ),
            )
        if k in taken:
            raise CodesDiffer(UNMAPPED)
        taken.add(k)
        mapping.append(k)
    return mapping
