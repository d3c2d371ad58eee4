"""What every part of the XLIFF support shares: namespaces, property names, the segment
record, and the element helpers that compare tags by namespace and local name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
PROP_STATE = "x-xliff-state"
PROP_ORIGINAL = "x-xliff-original"
PROP_RESNAME = "x-xliff-resname"
CONTEXT_TYPE = "x-po-msgctxt"  # how Translate Toolkit keeps a PO msgctxt in XLIFF 1.2

# States of a target that count as not translated yet.
UNTRANSLATED_STATES = frozenset({"new", "needs-translation", "initial"})


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


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if tag[0] == "{" else tag


def namespace_of(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str) or tag[0] != "{":
        return ""
    return tag[1:].partition("}")[0]


def children_named(element: etree._Element, ns: str, *names: str) -> list[etree._Element]:
    return [
        c
        for c in element
        if isinstance(c.tag, str) and namespace_of(c) == ns and local_name(c) in names
    ]


def child_named(element: etree._Element, ns: str, name: str) -> etree._Element | None:
    found = children_named(element, ns, name)
    return found[0] if found else None


def seg_marks(element: etree._Element, ns: str) -> list[etree._Element]:
    """The ``<mrk mtype="seg">`` of a 1.2 seg-source or target: one per segment."""
    return [m for m in element.iter(f"{{{ns}}}mrk" if ns else "mrk") if m.get("mtype") == "seg"]
