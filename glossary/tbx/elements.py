"""Element helpers for reading TBX: local names and data categories looked up once per
distinct tag, element text with inline markup flattened, and freeing what was read.
"""

from __future__ import annotations

from lxml import etree

from glossary.tbx.names import DCA_ELEMENTS, TBX3_NS


class _TagCache(dict):
    """tag -> (namespace, local name), split once per distinct tag: a file has few, and
    splitting (or lxml's QName) on every element is slow in a hot loop."""

    def __missing__(self, tag: str) -> tuple[str | None, str]:
        ns, local = tag[1:].split("}", 1) if tag[:1] == "{" else (None, tag)
        self[tag] = (ns, local)
        return ns, local


class _LocalCache(dict):
    """tag -> local name (``""`` for comments and processing instructions)."""

    def __missing__(self, tag) -> str:
        local = self[tag] = _SPLIT[tag][1] if isinstance(tag, str) else ""
        return local


_SPLIT = _TagCache()
LOCAL_NAMES = _LocalCache()


def data_category(el: etree._Element, tag: str | None = None) -> str:
    """The data category *el* carries (``definition`` for DCA ``<descrip type="definition">``
    and DCT ``<basic:definition>`` alike), or ``""`` for a structural element.

    *tag* is ``el.tag`` when the caller has it already (lxml builds it on every access).
    """
    ns, local = _SPLIT[tag or el.tag]
    if ns is None or ns == TBX3_NS:
        return (el.get("type") or "") if local in DCA_ELEMENTS else ""
    return local


def local_name(el: etree._Element) -> str:
    return LOCAL_NAMES[el.tag]


def element_text(el: etree._Element) -> str:
    """The text of an element, inline markup (``hi``, ``ph``) flattened."""
    if len(el) == 0:
        return el.text or ""
    return "".join(el.itertext())


def release(el: etree._Element) -> None:
    """Release a parsed entry and the siblings before it (keeps memory flat)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]
